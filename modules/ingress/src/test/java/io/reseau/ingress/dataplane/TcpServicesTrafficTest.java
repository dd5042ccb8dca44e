package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.TcpService;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RelayRecorder;
import io.reseau.ingress.testing.RawHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TCP services over real sockets: bytes relayed both ways to the service's endpoints, failed endpoints passed over,
 * the PROXY protocol read from clients and sent to backends, listeners following the services.
 */
class TcpServicesTrafficTest {

    private static final String REQUEST = "GET /tcp HTTP/1.1\r\nHost: db\r\nConnection: close\r\n\r\n";

    private HttpBackend one;
    private HttpBackend two;

    private final RelayRecorder relayed = new RelayRecorder();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(relayed);

    @BeforeEach
    void start() throws Exception {
        one = plane.backend(HttpBackend.start("one"));
        two = plane.backend(HttpBackend.start("two"));
    }

    private static TcpService service(int port, boolean proxyIn, boolean proxyOut, int... endpointPorts) {
        return service(port, proxyIn, proxyOut, NextUpstream.DEFAULT, endpointPorts);
    }

    private static TcpService service(int port, boolean proxyIn, boolean proxyOut, NextUpstream next,
            int... endpointPorts) {
        List<InetSocketAddress> endpoints = Arrays.stream(endpointPorts)
                .mapToObj(p -> new InetSocketAddress("127.0.0.1", p)).toList();
        return new TcpService(port, new Backend("db", "postgres", "5432", BackendProtocol.HTTP, endpoints), proxyIn,
                proxyOut, Duration.ofSeconds(2), Duration.ofSeconds(10), next);
    }

    @Test
    void bytesGoBothWaysAndAFailedEndpointIsPassedOver() throws Exception {
        int port = RawHttp.freePort();
        int dead = RawHttp.freePort();
        assertThat(plane.dataPlane().applyTcp(List.of(service(port, false, false, dead, one.port())))).isEmpty();

        for (int i = 0; i < 4; i++) {
            String answer = RawHttp.untilClosed(port, REQUEST);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("backend=one", "path=/tcp");
        }
    }

    @Test
    void withoutNextUpstreamAConnectionTheFirstEndpointRefusesIsClosed() throws Exception {
        int port = RawHttp.freePort();
        int dead = RawHttp.freePort();
        assertThat(plane.dataPlane().applyTcp(List.of(service(port, false, false, NextUpstream.OFF, dead,
                one.port())))).isEmpty();

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try {
                answers.add(RawHttp.untilClosed(port, REQUEST));
            } catch (SocketException reset) {
                // Closed with the request unread: reset.
                answers.add("");
            }
        }

        // Round robin over both endpoints: the dead one's turns end unanswered.
        assertThat(answers).anySatisfy(answer -> assertThat(answer).isEmpty())
                .anySatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 200"));
    }

    @Test
    void eachConnectionIsToldWhenItEndsWithItsEndpointAndBytesOrAs502WhenNoEndpointTookIt() throws Exception {
        int port = RawHttp.freePort();
        int unreachable = RawHttp.freePort();
        int dead = RawHttp.freePort();
        assertThat(plane.dataPlane().applyTcp(List.of(service(port, false, false, one.port()),
                service(unreachable, false, false, dead)))).isEmpty();

        String answer = RawHttp.untilClosed(port, REQUEST);
        // Nothing sent: the relay closes without an unread request, so the close is not a reset.
        assertThat(RawHttp.untilClosed(unreachable, "")).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> relayed.connections().size() == 2);
        RelayedConnection served = relayed.connections().stream().filter(c -> c.status() == 200).findFirst().orElseThrow();
        assertThat(served.protocol()).isEqualTo("TCP");
        assertThat(served.entry()).isEqualTo(Integer.toString(port));
        assertThat(served.service()).isEqualTo("db/postgres:5432");
        assertThat(served.upstream().getPort()).isEqualTo(one.port());
        assertThat(served.bytesReceived()).isEqualTo(REQUEST.length());
        assertThat(served.bytesSent()).isEqualTo(answer.length());
        RelayedConnection refused = relayed.connections().stream().filter(c -> c.status() != 200).findFirst().orElseThrow();
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.entry()).isEqualTo(Integer.toString(unreachable));
        assertThat(refused.upstream()).isNull();
    }

    @Test
    void aServiceChangeTakesNewConnectionsAndARemovedOneClosesItsPortButNotItsConnections() throws Exception {
        int port = RawHttp.freePort();
        String keptAlive = "GET /tcp HTTP/1.1\r\nHost: db\r\n\r\n";
        plane.dataPlane().applyTcp(List.of(service(port, false, false, one.port())));
        try (RawHttp open = RawHttp.connect(port)) {
            assertThat(open.exchange(keptAlive).reported("backend")).isEqualTo("one");

            plane.dataPlane().applyTcp(List.of(service(port, false, false, two.port())));
            assertThat(RawHttp.untilClosed(port, REQUEST)).contains("backend=two");
            plane.dataPlane().applyTcp(List.of());
            assertThatThrownBy(() -> RawHttp.untilClosed(port, REQUEST)).isInstanceOf(ConnectException.class);

            // Accepted while the service was on one: it stays there, and stays open.
            assertThat(open.exchange(keptAlive).reported("backend")).isEqualTo("one");
        }
    }

    @Test
    void aPortInUseIsReportedAndTheOthersListen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = RawHttp.freePort();
            List<DataPlane.UnboundPort> unbound = plane.dataPlane().applyTcp(List.of(
                    service(taken.getLocalPort(), false, false, one.port()), service(free, false, false, one.port())));

            assertThat(unbound).singleElement().satisfies(port -> {
                assertThat(port.port()).isEqualTo(taken.getLocalPort());
                assertThat(port.message()).containsIgnoringCase("in use");
            });
            assertThat(RawHttp.untilClosed(free, REQUEST)).contains("backend=one");
        }
    }

    @Test
    void theProxyProtocolIsReadFromClientsAndItsClientPassedToBackends() throws Exception {
        int port = RawHttp.freePort();
        try (ServerSocket backend = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            plane.dataPlane().applyTcp(List.of(service(port, true, true, backend.getLocalPort())));
            CompletableFuture<String> firstLines = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = backend.accept()) {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(accepted.getInputStream(),
                            StandardCharsets.US_ASCII));
                    String header = lines.readLine();
                    String data = lines.readLine();
                    accepted.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
                    return header + "|" + data;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            String answer = RawHttp.untilClosed(port, "PROXY TCP4 203.0.113.7 127.0.0.1 40000 " + port + "\r\nping\n");

            assertThat(answer).isEqualTo("pong\n");
            assertThat(firstLines.get(5, TimeUnit.SECONDS))
                    .isEqualTo("PROXY TCP4 203.0.113.7 127.0.0.1 40000 " + port + "|ping");
        }
    }

    @Test
    void aClientWithoutTheProxyHeaderIsClosedWhenOneIsExpected() throws Exception {
        int port = RawHttp.freePort();
        plane.dataPlane().applyTcp(List.of(service(port, true, false, one.port())));

        assertThat(RawHttp.untilClosed(port, REQUEST)).isEmpty();
        assertThat(one.requests()).isZero();
    }
}

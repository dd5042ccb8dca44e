package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.UdpService;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RelayRecorder;
import io.reseau.ingress.testing.UdpBackend;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UDP services over real sockets: datagrams relayed to the service's endpoints and their answers sent back from the
 * service's port, sessions per client address ended by answers or idleness, refusing endpoints passed over,
 * listeners following the services.
 */
class UdpServicesTrafficTest {

    private UdpBackend one;
    private UdpBackend two;

    private final RelayRecorder relayed = new RelayRecorder();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(relayed);

    @BeforeEach
    void start() throws Exception {
        one = plane.backend(UdpBackend.start("one"));
        two = plane.backend(UdpBackend.start("two"));
    }

    private static UdpService service(int port, int responses, Duration idleTimeout, int... endpointPorts) {
        List<InetSocketAddress> endpoints = Arrays.stream(endpointPorts)
                .mapToObj(p -> new InetSocketAddress("127.0.0.1", p)).toList();
        return new UdpService(port, new Backend("kube-system", "kube-dns", "53", BackendProtocol.HTTP, endpoints),
                responses, idleTimeout);
    }

    /** A client socket of its own (so a session of its own), waiting at most a second for an answer. */
    private static final class Client implements AutoCloseable {
        private final DatagramSocket socket;

        Client() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(1_000);
        }

        void send(int port, byte[] payload) throws IOException {
            socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
        }

        /** The next answer, checked to come from {@code port}. */
        byte[] receive(int port) throws IOException {
            DatagramPacket answer = new DatagramPacket(new byte[70_000], 70_000);
            socket.receive(answer);
            assertThat(answer.getPort()).as("the answer's source port").isEqualTo(port);
            return Arrays.copyOf(answer.getData(), answer.getLength());
        }

        String exchange(int port, String question) throws IOException {
            send(port, question.getBytes(StandardCharsets.US_ASCII));
            return new String(receive(port), StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void aDatagramIsAnsweredFromTheServicesPortAndEachAnsweredSessionIsReported() throws Exception {
        int port = UdpBackend.freePort();
        plane.dataPlane().applyUdp(List.of(service(port, 1, Duration.ofSeconds(10), one.port(), two.port())));

        List<String> answers = new ArrayList<>();
        try (Client client = new Client()) {
            for (int i = 0; i < 4; i++) {
                answers.add(client.exchange(port, "query-" + i));
            }
        }

        // One answer expected per datagram (proxy-stream-responses 1): each session ends with its answer, and the
        // next datagram starts a new one with the next endpoint.
        assertThat(answers).containsExactly("one:query-0", "two:query-1", "one:query-2", "two:query-3");
        await().untilAsserted(() -> assertThat(relayed.connections()).hasSize(4));
        RelayedConnection first = relayed.connections().getFirst();
        assertThat(first.protocol()).isEqualTo("UDP");
        assertThat(first.entry()).isEqualTo(Integer.toString(port));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.upstream()).isEqualTo(new InetSocketAddress("127.0.0.1", one.port()));
        assertThat(first.bytesReceived()).isEqualTo("query-0".length());
        assertThat(first.bytesSent()).isEqualTo("one:query-0".length());
        assertThat(first.service()).isEqualTo("kube-system/kube-dns:53");
    }

    @Test
    void aSessionKeepsItsEndpointUntilIdleAndClientsHaveSessionsOfTheirOwn() throws Exception {
        int port = UdpBackend.freePort();
        plane.dataPlane().applyUdp(List.of(service(port, 5, Duration.ofMillis(400), one.port(), two.port())));

        try (Client first = new Client(); Client second = new Client()) {
            assertThat(first.exchange(port, "a")).isEqualTo("one:a");
            assertThat(second.exchange(port, "b")).isEqualTo("two:b");
            assertThat(first.exchange(port, "c")).isEqualTo("one:c");
            assertThat(second.exchange(port, "d")).isEqualTo("two:d");
            assertThat(relayed.connections()).as("sessions still open").isEmpty();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(relayed.connections()).hasSize(2));
            assertThat(relayed.connections()).allSatisfy(session -> {
                assertThat(session.status()).isEqualTo(200);
                assertThat(session.bytesReceived()).isEqualTo(2);
                assertThat(session.bytesSent()).isEqualTo(2 * "one:a".length());
            });
        }
    }

    @Test
    void everyAnswerOfAnEndpointReachesTheClientUntilTheExpectedNumber() throws Exception {
        try (UdpBackend chatty = UdpBackend.answering("chatty", 3)) {
            int port = UdpBackend.freePort();
            plane.dataPlane().applyUdp(List.of(service(port, 3, Duration.ofSeconds(10), chatty.port())));

            try (Client client = new Client()) {
                client.send(port, "x".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 3; i++) {
                    assertThat(new String(client.receive(port), StandardCharsets.US_ASCII)).isEqualTo("chatty:x");
                }
            }
            await().untilAsserted(() -> assertThat(relayed.connections()).singleElement()
                    .satisfies(session -> assertThat(session.bytesSent()).isEqualTo(3 * "chatty:x".length())));
        }
    }

    @Test
    void aDatagramLargerThanNettysDefaultBufferIsRelayedWhole() throws Exception {
        int port = UdpBackend.freePort();
        plane.dataPlane().applyUdp(List.of(service(port, 1, Duration.ofSeconds(10), one.port())));
        byte[] large = new byte[60_000];
        Arrays.fill(large, (byte) 'z');

        try (Client client = new Client()) {
            client.send(port, large);
            byte[] answer = client.receive(port);

            assertThat(answer).hasSize("one:".length() + large.length);
            assertThat(Arrays.copyOfRange(answer, "one:".length(), answer.length)).isEqualTo(large);
        }
    }

    @Test
    void anEndpointThatRefusesIsReportedAndAfterMaxFailsPassedOver() throws Exception {
        int refusing = UdpBackend.freePort();
        int port = UdpBackend.freePort();
        plane.dataPlane().applyUdp(List.of(service(port, 1, Duration.ofSeconds(10), refusing, one.port())));

        List<String> answers = new ArrayList<>();
        try (Client client = new Client()) {
            for (int i = 0; i < 9; i++) {
                client.send(port, ("q" + i).getBytes(StandardCharsets.US_ASCII));
                try {
                    answers.add(new String(client.receive(port), StandardCharsets.US_ASCII));
                } catch (SocketTimeoutException e) {
                    answers.add("none");
                }
            }
        }

        // Round-robin alternates until the kernel's port unreachable has ended max-fails (3) sessions there.
        assertThat(answers).containsExactly("none", "one:q1", "none", "one:q3", "none", "one:q5", "one:q6",
                "one:q7", "one:q8");
        assertThat(relayed.connections()).filteredOn(session -> session.status() == 502).hasSize(3)
                .allSatisfy(session -> assertThat(session.upstream())
                        .isEqualTo(new InetSocketAddress("127.0.0.1", refusing)));
    }

    @Test
    void withoutEndpointsADatagramIsDroppedAndReported() throws Exception {
        int port = UdpBackend.freePort();
        plane.dataPlane().applyUdp(List.of(service(port, 1, Duration.ofSeconds(10))));

        try (Client client = new Client()) {
            client.send(port, "nobody".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> client.receive(port)).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(relayed.connections()).singleElement().satisfies(session -> {
            assertThat(session.status()).isEqualTo(502);
            assertThat(session.upstream()).isNull();
            assertThat(session.bytesReceived()).isEqualTo("nobody".length());
        });
    }

    @Test
    void aNewClientBeyondMaxConnectionsSessionsIsDroppedAndReported() throws Exception {
        int port = UdpBackend.freePort();
        RelayRecorder recorded = new RelayRecorder();
        try (DataPlane limited = new DataPlane(DataPlaneSettings.loopback(0, 0).toBuilder().maxConnections(1).build(),
                recorded); Client first = new Client(); Client second = new Client()) {
            limited.start();
            limited.applyUdp(List.of(service(port, 5, Duration.ofSeconds(10), one.port())));

            assertThat(first.exchange(port, "in")).isEqualTo("one:in");
            second.send(port, "out".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> second.receive(port)).isInstanceOf(SocketTimeoutException.class);
            assertThat(first.exchange(port, "still")).isEqualTo("one:still");

            assertThat(recorded.connections()).singleElement().satisfies(session -> {
                assertThat(session.status()).isEqualTo(502);
                assertThat(session.bytesReceived()).isEqualTo("out".length());
            });
        }
    }

    @Test
    void listenersFollowTheServicesAndAPortInUseIsReported() throws Exception {
        int port = UdpBackend.freePort();
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            List<DataPlane.UnboundPort> unbound = plane.dataPlane().applyUdp(List.of(
                    service(port, 1, Duration.ofSeconds(10), one.port()),
                    service(taken.getLocalPort(), 1, Duration.ofSeconds(10), one.port())));

            assertThat(unbound).singleElement().satisfies(failed -> {
                assertThat(failed.port()).isEqualTo(taken.getLocalPort());
                assertThat(failed.message()).containsIgnoringCase("in use");
            });
        }
        try (Client client = new Client()) {
            assertThat(client.exchange(port, "q")).isEqualTo("one:q");

            plane.dataPlane().applyUdp(List.of(service(port, 1, Duration.ofSeconds(10), two.port())));
            assertThat(client.exchange(port, "q")).isEqualTo("two:q");

            plane.dataPlane().applyUdp(List.of());
            client.send(port, "q".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> client.receive(port)).isInstanceOf(IOException.class);
        }
    }
}

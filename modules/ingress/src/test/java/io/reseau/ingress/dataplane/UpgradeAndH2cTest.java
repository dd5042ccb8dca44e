package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.GrpcBackend;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.WebSocketBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend protocols besides plain HTTP/1.1: WebSocket upgrades tunnelled through, gRPC-style calls to an h2c
 * backend with their trailers, and HTTPS backends.
 */
class UpgradeAndH2cTest {

    private WebSocketBackend webSocket;
    private GrpcBackend grpc;
    private GrpcBackend grpcs;
    private HttpBackend secure;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        webSocket = plane.backend(new WebSocketBackend());
        grpc = plane.backend(GrpcBackend.cleartext());
        grpcs = plane.backend(GrpcBackend.tls());
        secure = plane.backend(HttpBackend.startTls("secure"));
        plane.apply(new Routes().service("ws", webSocket.port(), "127.0.0.1").service("grpc", grpc.port(), "127.0.0.1")
                .service("grpcs", grpcs.port(), "127.0.0.1")
                .service("secure", secure)
                .ingress(annotated(ingress("default", "secure", "secure.local", path("Prefix", "/", "secure", 80)),
                        Map.of("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS")))
                .ingress(ingress("default", "ws", null, path("Prefix", "/ws", "ws", 80)))
                .ingress(annotated(ingress("default", "ws-idle", "idle.local", path("Prefix", "/ws", "ws", 80)),
                        Map.of("nginx.ingress.kubernetes.io/proxy-read-timeout", "1")))
                .ingress(annotated(ingress("default", "grpc", "grpc.local", path("Prefix", "/", "grpc", 80)),
                        Map.of("nginx.ingress.kubernetes.io/backend-protocol", "GRPC")))
                .ingress(annotated(ingress("default", "grpcs", "grpcs.local", path("Prefix", "/", "grpcs", 80)),
                        Map.of("nginx.ingress.kubernetes.io/backend-protocol", "GRPCS")))
                .table());
    }

    @Test
    void webSocketMessagesFlowBothWays() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + plane.httpPort() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            received.add(data.toString());
                            ws.request(1);
                            return CompletableFuture.completedFuture(null);
                        }
                    }).get(10, TimeUnit.SECONDS);
            for (String message : new String[] {"hello", "x".repeat(10_000), "bye"}) {
                socket.sendText(message, true).get(10, TimeUnit.SECONDS);
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo:" + message);
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bytesABackendSendsTogetherWithIts101ReachTheClient() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            plane.apply(new Routes().service("eager", backend.getLocalPort(), "127.0.0.1")
                    .ingress(ingress("default", "eager", "eager.local", path("Prefix", "/", "eager", 80))).table());
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket connection = backend.accept()) {
                    RawHttp proxy = new RawHttp(connection);
                    StringBuilder request = new StringBuilder();
                    while (request.indexOf("\r\n\r\n") < 0) {
                        request.append(proxy.readBytes(1));
                    }
                    // The switch and the first bytes of the new protocol in one write, as a server may send them.
                    proxy.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: chat\r\nConnection: Upgrade\r\n\r\n"
                            + "hello");
                    assertThat(proxy.readBytes(4)).isEqualTo("ping");
                    proxy.send("pong");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (RawHttp http = RawHttp.connect(plane.httpPort())) {
                RawHttp.Response upgrade = http.exchange("GET /chat HTTP/1.1\r\nHost: eager.local\r\n"
                        + "Upgrade: chat\r\nConnection: Upgrade\r\n\r\n");
                assertThat(upgrade.status()).isEqualTo(101);
                assertThat(http.readBytes(5)).isEqualTo("hello");
                http.send("ping");
                assertThat(http.readBytes(4)).isEqualTo("pong");
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anIdleWebSocketIsClosedAfterTheReadTimeout() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response upgrade = http.exchange("GET /ws HTTP/1.1\r\nHost: idle.local\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
            assertThat(upgrade.status()).isEqualTo(101);

            // Nothing flows either way for proxy-read-timeout (1 s here): the tunnel is closed (within the 10 s the
            // socket waits for a byte).
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void grpcCallsGoOverHttp2WithTheirTrailers() throws Exception {
        assertGrpcCallsArrive("grpc.local", "h2c");
    }

    @Test
    void grpcsCallsGoOverHttp2OnTlsWithTheirTrailers() throws Exception {
        assertGrpcCallsArrive("grpcs.local", "h2");
    }

    private void assertGrpcCallsArrive(String host, String protocol) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response response = http.exchange("POST /helloworld.Greeter/SayHello HTTP/1.1\r\n"
                        + "Host: " + host + "\r\nContent-Type: application/grpc\r\nTE: trailers\r\n"
                        + "Proxy: http://attacker.example\r\nX-Forwarded-For: 6.6.6.6\r\nContent-Length: 5\r\n\r\n"
                        + "hello");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.reported("protocol")).isEqualTo(protocol);
                assertThat(response.reported("path")).isEqualTo("/helloworld.Greeter/SayHello");
                assertThat(response.reported("te")).isEqualTo("trailers");
                assertThat(response.reported("x-scheme")).isEqualTo("http");
                assertThat(response.reported("proxy")).isEqualTo("null");
                assertThat(response.reported("x-original-forwarded-for")).isEqualTo("6.6.6.6");
                assertThat(response.reported("body")).isEqualTo("5");
                assertThat(response.header("grpc-status")).isEqualTo("0");
            }
        }
    }

    @Test
    void httpsBackendsAreReachedOverTls() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response response = http.exchange("GET /page HTTP/1.1\r\nHost: secure.local\r\n\r\n");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.reported("backend")).isEqualTo("secure");
                assertThat(response.reported("tls")).startsWith("TLSv1.");
                assertThat(response.reported("path")).isEqualTo("/page");
            }
            RawHttp.Response post = http.exchange("POST /form HTTP/1.1\r\nHost: secure.local\r\n"
                    + "Content-Length: 5\r\n\r\nhello");
            assertThat(post.status()).isEqualTo(200);
            assertThat(post.reported("body")).isEqualTo("5");
        }
        assertThat(secure.requests()).isEqualTo(4);
    }
}

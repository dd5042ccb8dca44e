package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.H2cBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.WebSocketBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket upgrades tunnelled through, and gRPC-style calls to an h2c backend with their trailers. */
class UpgradeAndH2cTest {

    private WebSocketBackend webSocket;
    private H2cBackend grpc;
    private DataPlane plane;

    @BeforeEach
    void start() throws Exception {
        webSocket = new WebSocketBackend();
        grpc = new H2cBackend();
        plane = new DataPlane(DataPlaneSettings.loopback(0, 0), request -> { });
        plane.start();
        plane.apply(new Routes().service("ws", webSocket.port(), "127.0.0.1").service("grpc", grpc.port(), "127.0.0.1")
                .ingress(ingress("default", "ws", null, path("Prefix", "/ws", "ws", 80)))
                .ingress(annotated(ingress("default", "grpc", "grpc.local", path("Prefix", "/", "grpc", 80)),
                        Map.of("nginx.ingress.kubernetes.io/backend-protocol", "GRPC")))
                .table());
    }

    @AfterEach
    void stop() {
        plane.close();
        webSocket.close();
        grpc.close();
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
    void grpcCallsGoOverHttp2WithTheirTrailers() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response response = http.exchange("POST /helloworld.Greeter/SayHello HTTP/1.1\r\n"
                        + "Host: grpc.local\r\nContent-Type: application/grpc\r\nTE: trailers\r\n"
                        + "Content-Length: 5\r\n\r\nhello");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.reported("protocol")).isEqualTo("h2c");
                assertThat(response.reported("path")).isEqualTo("/helloworld.Greeter/SayHello");
                assertThat(response.reported("te")).isEqualTo("trailers");
                assertThat(response.reported("body")).isEqualTo("5");
                assertThat(response.header("grpc-status")).isEqualTo("0");
            }
        }
    }
}

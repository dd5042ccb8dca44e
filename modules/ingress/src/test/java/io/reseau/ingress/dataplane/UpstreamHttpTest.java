package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code proxy-http-version} and {@code connection-proxy-header}: what a backend's connection carries (its request
 * line, Connection field, body framing) and whether the proxy uses it again, seen from a backend of raw sockets.
 */
class UpstreamHttpTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    private final ServerSocket backend = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());

    UpstreamHttpTest() throws IOException {
    }

    @AfterEach
    void closeBackend() throws IOException {
        backend.close();
    }

    @Test
    void byDefaultHttp11WithoutAConnectionFieldAndTheConnectionKept() throws Exception {
        serve(Map.of());
        CompletableFuture<Connection> connection = answerOnce();

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/a");

        assertThat(response.status()).isEqualTo(200);
        Connection seen = connection.get(10, TimeUnit.SECONDS);
        assertThat(seen.head()).startsWith("GET /a HTTP/1.1\r\n").doesNotContainIgnoringCase("\r\nconnection:");
        assertThat(seen.closedAfter()).isFalse();
    }

    @Test
    void http10AsksOverHttp10AndClosesTheConnection() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "1.0"));
        CompletableFuture<Connection> connection = answerOnce();

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/a");

        assertThat(response.status()).isEqualTo(200);
        Connection seen = connection.get(10, TimeUnit.SECONDS);
        assertThat(seen.head()).startsWith("GET /a HTTP/1.0\r\n");
        assertThat(seen.closedAfter()).isTrue();
    }

    @Test
    void http10GetsAChunkedBodyWholeWithItsLength() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "1.0"));
        CompletableFuture<Connection> connection = answerOnce();

        RawHttp.Response response;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            response = http.exchange("POST /up HTTP/1.1\r\nHost: foo.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        }

        assertThat(response.status()).isEqualTo(200);
        Connection seen = connection.get(10, TimeUnit.SECONDS);
        assertThat(seen.head()).startsWith("POST /up HTTP/1.0\r\n").contains("\r\ncontent-length: 11\r\n")
                .doesNotContainIgnoringCase("transfer-encoding");
        assertThat(seen.body()).isEqualTo("hello world");
    }

    @Test
    void connectionProxyHeaderIsTheFieldTheBackendGetsAndCloseEndsTheConnection() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/connection-proxy-header", "close"));
        CompletableFuture<Connection> connection = answerOnce();

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/a");

        assertThat(response.status()).isEqualTo(200);
        Connection seen = connection.get(10, TimeUnit.SECONDS);
        assertThat(seen.head()).startsWith("GET /a HTTP/1.1\r\n").containsIgnoringCase("\r\nconnection: close\r\n");
        assertThat(seen.closedAfter()).isTrue();
    }

    @Test
    void connectionProxyHeaderKeepAliveKeepsTheConnection() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/connection-proxy-header", "keep-alive"));
        CompletableFuture<Connection> connection = answerOnce();

        RawHttp.get(plane.httpPort(), "foo.com", "/a");

        Connection seen = connection.get(10, TimeUnit.SECONDS);
        assertThat(seen.head()).containsIgnoringCase("\r\nconnection: keep-alive\r\n");
        assertThat(seen.closedAfter()).isFalse();
    }

    private void serve(Map<String, String> annotations) {
        plane.apply(new Routes().service("a", backend.getLocalPort(), "127.0.0.1")
                .ingress(annotated(ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80)), annotations))
                .table());
    }

    /** What the backend's one connection carried: the request head, its body (by Content-Length), and its end. */
    private record Connection(String head, String body, boolean closedAfter) {
    }

    /**
     * Answers the first request of the backend's next connection (keep-alive, HTTP/1.1), then waits a second for
     * the proxy to close it.
     */
    private CompletableFuture<Connection> answerOnce() {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket connection = backend.accept()) {
                InputStream in = connection.getInputStream();
                String head = RawHttp.readHead(in);
                String length = head.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                        .map(line -> line.substring(15).strip()).findFirst().orElse("0");
                String body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.ISO_8859_1);
                connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        .getBytes(StandardCharsets.ISO_8859_1));
                connection.setSoTimeout(1_000);
                boolean closed;
                try {
                    closed = in.read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    closed = false;
                }
                seen.complete(new Connection(head, body, closed));
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        return seen;
    }
}

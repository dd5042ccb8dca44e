package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.Patterned;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code proxy-request-buffering: "on"}: the backend, a bare socket here, is asked only once the client's body has
 * arrived whole, a chunked one with its length; without it the body streams to the backend as it arrives.
 */
class RequestBufferingTest {

    private static final String BUFFERING = "nginx.ingress.kubernetes.io/proxy-request-buffering";
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private ServerSocket backend;

    /** A client that stops sending its body for this long is answered 408. */
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .timeouts(Duration.ofSeconds(10), BODY_TIMEOUT, Duration.ofSeconds(60)).build());

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(new ServerSocket());
        backend.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    private void serve(Map<String, String> annotations) {
        plane.apply(new Routes().service("app", backend.getLocalPort(), "127.0.0.1")
                .ingress(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)), annotations))
                .table());
    }

    /** Asserts that no connection reaches the backend for a while. */
    private void backendNotAskedYet() throws Exception {
        backend.setSoTimeout(500);
        assertThatThrownBy(backend::accept).isInstanceOf(SocketTimeoutException.class);
        backend.setSoTimeout(10_000);
    }

    @Test
    void aBufferedChunkedBodyReachesTheBackendWholeWithItsLength() throws Exception {
        serve(Map.of(BUFFERING, "on"));

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("POST /upload HTTP/1.1\r\nHost: foo.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            backendNotAskedYet();
            http.send("6\r\n world\r\n0\r\n\r\n");
            try (Socket upstream = backend.accept()) {
                InputStream in = upstream.getInputStream();
                String head = RawHttp.readHead(in);
                assertThat(head).startsWith("POST /upload HTTP/1.1\r\n").containsIgnoringCase("content-length: 11\r\n")
                        .doesNotContainIgnoringCase("transfer-encoding");
                assertThat(new String(in.readNBytes(11), StandardCharsets.US_ASCII)).isEqualTo("hello world");
                upstream.getOutputStream().write(ANSWER.getBytes(StandardCharsets.US_ASCII));

                assertThat(http.read().body()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aClientWaitingFor100ContinueGetsItFromReseauAndOnlyOnce() throws Exception {
        serve(Map.of(BUFFERING, "on"));

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("PUT /file HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(100);
            backendNotAskedYet();
            http.send("hello");
            try (Socket upstream = backend.accept()) {
                InputStream in = upstream.getInputStream();
                assertThat(RawHttp.readHead(in)).containsIgnoringCase("content-length: 5\r\n");
                assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
                // The backend answers the Expect too; the client has had its 100 already.
                upstream.getOutputStream().write(("HTTP/1.1 100 Continue\r\n\r\n" + ANSWER)
                        .getBytes(StandardCharsets.US_ASCII));

                RawHttp.Response response = http.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aClientThatStopsSendingItsBufferedBodyIsAnswered408AndTheBackendNeverAsked() throws Exception {
        serve(Map.of(BUFFERING, "on"));

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("POST /upload HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 10\r\n\r\nhello");

            assertThat(http.read().status()).isEqualTo(408);
        }
        backendNotAskedYet();
    }

    @Test
    void withoutABodyLimitOneMebibyteIsHeldAndTheRestStreams() throws Exception {
        serve(Map.of(BUFFERING, "on", "nginx.ingress.kubernetes.io/proxy-body-size", "0"));
        String mebibyte = "x".repeat(1 << 20);

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("POST /upload HTTP/1.1\r\nHost: foo.com\r\nContent-Length: " + (2 * mebibyte.length())
                    + "\r\n\r\n" + mebibyte.substring(1));
            backendNotAskedYet();
            http.send(mebibyte.substring(0, 1));
            // The body is not whole, yet its first mebibyte goes out.
            try (Socket upstream = backend.accept()) {
                InputStream in = upstream.getInputStream();
                assertThat(RawHttp.readHead(in)).containsIgnoringCase("content-length: " + 2 * mebibyte.length());
                assertThat(in.readNBytes(mebibyte.length())).hasSize(mebibyte.length());
                http.send(mebibyte);
                assertThat(in.readNBytes(mebibyte.length())).hasSize(mebibyte.length());
                upstream.getOutputStream().write(ANSWER.getBytes(StandardCharsets.US_ASCII));

                assertThat(http.read().body()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aBodyBeyondClientBodyBufferSizeWaitsInAnUnlinkedTemporaryFileAndReachesTheBackendWhole() throws Exception {
        serve(Map.of(BUFFERING, "on", "nginx.ingress.kubernetes.io/client-body-buffer-size", "16k",
                "nginx.ingress.kubernetes.io/proxy-body-size", "8m"));
        byte[] body = Patterned.bytes(3 << 20);
        int half = body.length / 2;

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("PUT /file HTTP/1.1\r\nHost: foo.com\r\nContent-Length: " + body.length + "\r\n\r\n");
            http.send(Arrays.copyOfRange(body, 0, half));
            await().atMost(Duration.ofSeconds(10)).until(() -> SpillFiles.count() == 1);
            backendNotAskedYet();
            http.send(Arrays.copyOfRange(body, half, body.length));
            try (Socket upstream = backend.accept()) {
                InputStream in = upstream.getInputStream();
                assertThat(RawHttp.readHead(in)).containsIgnoringCase("content-length: " + body.length + "\r\n");
                assertThat(in.readNBytes(body.length)).isEqualTo(body);
                upstream.getOutputStream().write(ANSWER.getBytes(StandardCharsets.US_ASCII));

                assertThat(http.read().body()).isEqualTo("ok");
            }
        }
        assertThat(SpillFiles.count()).as("the temporary file is closed once sent").isZero();
    }

    @Test
    void aBodyWithinClientBodyBufferSizeStaysInMemory() throws Exception {
        serve(Map.of(BUFFERING, "on", "nginx.ingress.kubernetes.io/client-body-buffer-size", "16k"));

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("POST /upload HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 16385\r\n\r\n" + "x".repeat(16_384));
            backendNotAskedYet();
            assertThat(SpillFiles.count()).isZero();
            http.send("x");
            try (Socket upstream = backend.accept()) {
                InputStream in = upstream.getInputStream();
                RawHttp.readHead(in);
                assertThat(in.readNBytes(16_385)).hasSize(16_385);
                upstream.getOutputStream().write(ANSWER.getBytes(StandardCharsets.US_ASCII));

                assertThat(http.read().body()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aSpilledHttp2BodyReachesTheBackendWhole() throws Exception {
        HttpBackend echo = plane.backend(HttpBackend.start("echo"));
        plane.apply(new Routes().service("echo", echo)
                .ingress(annotated(ingress("default", "echo", "foo.com", path("Prefix", "/", "echo", 80)),
                        Map.of(BUFFERING, "on", "nginx.ingress.kubernetes.io/client-body-buffer-size", "1k",
                                "nginx.ingress.kubernetes.io/proxy-body-size", "0")))
                .table());

        byte[] body = Patterned.bytes((1 << 20) + 300_000);

        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            // Over the 1 MiB a route without a body limit holds: the rest streams behind the spilled part, in order.
            H2Client.Response response = client.response(client.send("POST", "foo.com", "/upload", Map.of(), body));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("body=" + body.length, "body.hash=" + Arrays.hashCode(body));
        }
        assertThat(SpillFiles.count()).isZero();
    }

    @Test
    void bufferedRequestsFollowEachOtherOnOneConnection() throws Exception {
        HttpBackend echo = plane.backend(HttpBackend.start("echo"));
        plane.apply(new Routes().service("echo", echo)
                .ingress(annotated(ingress("default", "echo", "foo.com", path("Prefix", "/", "echo", 80)),
                        Map.of(BUFFERING, "on")))
                .table());

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            for (String body : new String[] {"first", "second body", "third"}) {
                RawHttp.Response response = http.exchange("POST /upload HTTP/1.1\r\nHost: foo.com\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                        + "\r\n0\r\n\r\n");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.reported("body")).isEqualTo(Integer.toString(body.length()));
                assertThat(response.reported("header.content-length")).isEqualTo(Integer.toString(body.length()));
            }
        }
    }

    @Test
    void withoutItTheBodyStreamsToTheBackendAsItArrives() throws Exception {
        serve(Map.of());

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("POST /upload HTTP/1.1\r\nHost: foo.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            try (Socket upstream = backend.accept()) {
                InputStream in = upstream.getInputStream();
                assertThat(RawHttp.readHead(in)).containsIgnoringCase("transfer-encoding: chunked\r\n");
                assertThat(new String(in.readNBytes(10), StandardCharsets.US_ASCII)).isEqualTo("5\r\nhello\r\n");
                http.send("0\r\n\r\n");
                assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("0\r\n\r\n");
                upstream.getOutputStream().write(ANSWER.getBytes(StandardCharsets.US_ASCII));

                assertThat(http.read().body()).isEqualTo("ok");
            }
        }
    }
}

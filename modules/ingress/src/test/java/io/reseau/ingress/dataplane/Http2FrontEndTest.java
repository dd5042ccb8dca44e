package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http2.Http2Error;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.GrpcBackend;
import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.Routes;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 from clients, frame by frame over a real TLS socket: streams of one connection answered each on its own,
 * flow control towards a slow client, RST_STREAM ending the backend request, the request checks per stream.
 */
class Http2FrontEndTest {

    private static final int BODY_LIMIT = 1024;

    private HttpBackend backend;
    private GrpcBackend grpc;
    private ServerSocket silent;

    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(completed::add);

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        grpc = plane.backend(GrpcBackend.cleartext());
        silent = plane.backend(new ServerSocket());
        silent.bind(new InetSocketAddress("127.0.0.1", 0));
        silent.setSoTimeout(10_000);
        plane.apply(new Routes().service("app", backend).service("silent", silent.getLocalPort(), "127.0.0.1")
                .service("grpc", grpc.port(), "127.0.0.1")
                .ingress(ingress("default", "app", "app.local", path("Prefix", "/", "app", 80)))
                .ingress(ingress("default", "silent", "silent.local", path("Prefix", "/", "silent", 80)))
                .ingress(annotated(ingress("default", "buffered", "buffered.local", path("Prefix", "/", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/proxy-request-buffering", "on")))
                .ingress(annotated(ingress("default", "small", "small.local", path("Prefix", "/", "app", 80)),
                        Map.of("reseau.io/proxy-body-size", Integer.toString(BODY_LIMIT))))
                .ingress(annotated(ingress("default", "grpc", "grpc.local", path("Prefix", "/", "grpc", 80)),
                        Map.of("nginx.ingress.kubernetes.io/backend-protocol", "GRPC")))
                .table());
    }

    @Test
    void manyConcurrentStreamsOnOneConnectionEachGetTheirOwnResponse() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            List<Integer> streams = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                streams.add(client.get("app.local", "/stream/" + i + "?n=" + i));
            }
            for (int i = 0; i < streams.size(); i++) {
                H2Client.Response response = client.response(streams.get(i));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).contains("path=/stream/" + i + "?n=" + i, "header.host=app.local");
            }
        }
        // The access log: each stream numbered on its connection ($connection_requests), all of one connection
        // ($connection) over TLS ($ssl_protocol).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed).hasSize(100));
        assertThat(completed).extracting(CompletedRequest::connectionRequests)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(completed).extracting(r -> r.connection().serial() + " " + r.connection().tlsProtocol())
                .containsOnly(completed.getFirst().connection().serial() + " TLSv1.3");
    }

    @Test
    void aRequestsLengthCountsItsFieldsAsHttp11LinesAndItsBody() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            int stream = client.send("POST", "app.local", "/upload", Map.of("x-trace", "abc"),
                    "hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.response(stream).status()).isEqualTo(200);
        }

        String asHttp11 = "POST /upload HTTP/2.0\r\nhost: app.local\r\nx-trace: abc\r\n\r\n";
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed)
                .extracting(CompletedRequest::requestLength).containsExactly(asHttp11.length() + 5L));
    }

    @Test
    void theBytesSentCountTheResponseHeadsFieldsAsHttp11LinesAndItsBody() throws Exception {
        H2Client.Response response;
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            response = client.response(client.get("app.local", "/page"));
        }

        int head = "HTTP/2.0 200\r\n\r\n".length();
        for (Map.Entry<CharSequence, CharSequence> field : response.headers()) {
            if (field.getKey().charAt(0) != ':') {
                head += field.getKey().length() + ": \r\n".length() + field.getValue().length();
            }
        }
        long expected = head + response.body().getBytes(StandardCharsets.UTF_8).length;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed)
                .extracting(CompletedRequest::bytesSent).containsExactly(expected));
    }

    @Test
    void aBufferedBodyLargerThanTheClientsWindowIsReadWholeThenSent() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            int stream = client.send("POST", "buffered.local", "/upload", Map.of(), new byte[200_000]);

            assertThat(client.response(stream).body()).contains("body=200000");
        }
    }

    @Test
    void aClientWithASmallWindowReceivesTheWhole64KiBBodyWithinIt() throws Exception {
        int window = 1000;
        try (H2Client client = new H2Client(plane.httpsPort(), window, false)) {
            int stream = client.get("app.local", "/bytes/65536");
            H2Client.Headers head = (H2Client.Headers) client.next(stream);
            assertThat(head.headers().status().toString()).isEqualTo("200");
            int received = 0;
            int unconsumed = 0;
            boolean end = false;
            while (!end) {
                H2Client.Data data = (H2Client.Data) client.next(stream);
                for (byte b : data.bytes()) {
                    assertThat(b).isEqualTo((byte) 'x');
                }
                received += data.bytes().length;
                unconsumed += data.bytes().length;
                // Never more in flight than the window the client announced.
                assertThat(unconsumed).isLessThanOrEqualTo(window);
                end = data.endOfStream();
                if (!end) {
                    client.consume(stream, unconsumed);
                    unconsumed = 0;
                }
            }
            assertThat(received).isEqualTo(65_536);
        }
    }

    @Test
    void aResetStreamClosesItsBackendConnectionAndTheClientConnectionGoesOn() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            int stream = client.get("silent.local", "/never-answered");
            try (Socket upstream = silent.accept()) {
                upstream.setSoTimeout(10_000);
                InputStream in = upstream.getInputStream();
                String head = RawHttp.readHead(in);
                assertThat(head).startsWith("GET /never-answered HTTP/1.1");

                client.reset(stream);

                // The backend connection is closed: a half-done HTTP/1.1 exchange cannot be reused.
                assertThat(in.read()).isEqualTo(-1);
            }
            H2Client.Response other = client.response(client.get("app.local", "/after"));
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.body()).contains("path=/after");
        }
    }

    @Test
    void aFieldOrMethodThatWouldInjectHttp11LinesIsAMalformedRequestAndNeverReachesTheBackend() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            // Netty's decoder refuses upper case only; written as HTTP/1.1, these would add the client's own lines.
            for (Map<String, String> fields : List.of(Map.of("x-a: b\r\ntransfer-encoding", "chunked"),
                    Map.of("x-a b", "1"), Map.of("x-forwarded-for:", "10.0.0.1"), Map.of("x-a", "b\r\nx-b: c"))) {
                int stream = client.send("GET", "app.local", "/x", fields, null);

                assertThat(client.next(stream)).as(fields.toString())
                        .isEqualTo(new H2Client.Reset(Http2Error.PROTOCOL_ERROR.code()));
            }
            for (String method : List.of("GET /y HTTP/1.1\r\nx-b: c\r\nx", "GE\u0001T")) {
                assertThat(client.next(client.send(method, "app.local", "/x", Map.of(), null))).as(method)
                        .isEqualTo(new H2Client.Reset(Http2Error.PROTOCOL_ERROR.code()));
            }
            for (String target : List.of("/a b", "/a?q=1 HTTP/1.1", "/a?q=\t")) {
                assertThat(client.response(client.get("app.local", target)).status()).as(target).isEqualTo(400);
            }
            H2Client.Response after = client.response(client.get("app.local", "/after"));
            assertThat(after.status()).isEqualTo(200);
        }
        assertThat(backend.requests()).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIsRefusedOnItsStreamOnly() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            byte[] big = new byte[BODY_LIMIT + 1];
            int announced = client.send("POST", "small.local", "/upload",
                    Map.of("content-length", Integer.toString(big.length)), big);
            int counted = client.send("POST", "small.local", "/upload", Map.of(), big);
            int fits = client.send("POST", "small.local", "/upload", Map.of(), new byte[BODY_LIMIT]);

            assertThat(client.response(announced).status()).isEqualTo(413);
            assertThat(client.response(counted).status()).isEqualTo(413);
            H2Client.Response accepted = client.response(fits);
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.body()).contains("body=" + BODY_LIMIT);
        }
    }

    @Test
    void aFieldLongerThanOneHeaderBufferIsRefusedOnItsStreamOnly() throws Exception {
        // Lines of 8 KiB at most and 16 KiB in all here (loopback settings), as over HTTP/1.1 (HostileInputTest).
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            int tooLong = client.send("GET", "app.local", "/long", Map.of("x-long", "a".repeat(9_000)), null);
            int twoLongOnes = client.send("GET", "app.local", "/two", Map.of("x-a", "a".repeat(7_000),
                    "x-b", "b".repeat(7_000)), null);

            H2Client.Response refused = client.response(tooLong);
            assertThat(refused.status()).isEqualTo(431);
            assertThat(refused.body()).contains("a header field line too large");
            H2Client.Response served = client.response(twoLongOnes);
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.body()).contains("path=/two", "header.x-b=" + "b".repeat(7_000));
        }
        assertThat(backend.requests()).as("only the stream within the limits reached the backend").isEqualTo(1);
    }

    @Test
    void grpcTrailersArriveAsTrailingHeaders() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            int stream = client.send("POST", "grpc.local", "/helloworld.Greeter/SayHello",
                    Map.of("content-type", "application/grpc", "te", "trailers"), "hello".getBytes(StandardCharsets.UTF_8));

            H2Client.Response response = client.response(stream);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("protocol=h2c", "te=trailers", "body=5");
            assertThat(response.trailers()).isNotNull();
            assertThat(response.trailers().get("grpc-status").toString()).isEqualTo("0");
        }
    }

    @Test
    void aMalformedPathIsRefusedOnItsStream() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            assertThat(client.response(client.get("app.local", "/a/%2e%2e/%2e%2e/etc")).status()).isEqualTo(400);
            assertThat(client.response(client.get("nowhere.local", "/")).status()).isEqualTo(404);
            assertThat(client.response(client.get("app.local", "/fine")).status()).isEqualTo(200);
        }
    }
}

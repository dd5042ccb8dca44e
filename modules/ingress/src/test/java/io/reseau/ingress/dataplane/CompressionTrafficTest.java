package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.BrotliBytes;
import io.reseau.ingress.testing.GzipBytes;
import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * use-gzip and enable-brotli over real sockets: which responses reach HTTP/1.1 and HTTP/2 clients compressed, in
 * which coding, that they read back whole, and that a streamed response's first part arrives compressed before the
 * backend sends the rest.
 */
class CompressionTrafficTest {

    private HttpBackend backend;
    private ServerSocket streaming;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .compressions(Compression.of(Compression.Coding.BROTLI, 4, 256, Compression.DEFAULT_TYPES),
                    Compression.of(Compression.Coding.GZIP, 1, 256, Compression.DEFAULT_TYPES)
                            .withDisabledFor("msie6 ^curl/")).build());

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        streaming = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        plane.apply(new Routes().service("app", backend)
                .service("events", streaming.getLocalPort(), "127.0.0.1")
                .ingress(ingress("default", "app", "app.local", path("Prefix", "/", "app", 80)))
                .ingress(ingress("default", "events", "events.local", path("Prefix", "/", "events", 80)))
                .table());
    }

    @AfterEach
    void stop() throws IOException {
        streaming.close();
    }

    private static RawHttp.Response get(RawHttp http, String path, String... fields) throws IOException {
        return http.exchange("GET " + path + " HTTP/1.1\r\nHost: app.local\r\n" + String.join("", fields) + "\r\n");
    }

    private RawHttp.Response get(String path, String... fields) throws IOException {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return get(http, path, fields);
        }
    }

    @Test
    void aTextResponseIsSentCompressedAndChunkedToAClientThatTakesGzip() throws Exception {
        RawHttp.Response response = get("/bytes/10000", "Accept-Encoding: gzip, deflate\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-encoding")).isEqualTo("gzip");
        assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(response.header("content-length")).isNull();
        assertThat(response.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(response.bytes().length).isLessThan(200);
        assertThat(text(GzipBytes.gunzip(response.bytes()))).isEqualTo("x".repeat(10_000));
    }

    @Test
    void aClientThatTakesBrotliGetsItInPreferenceToGzipOverHttp1AndHttp2() throws Exception {
        RawHttp.Response response = get("/bytes/10000", "Accept-Encoding: gzip, deflate, br\r\n");
        RawHttp.Response head;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            head = http.send("HEAD /bytes/10000 HTTP/1.1\r\nHost: app.local\r\nAccept-Encoding: br\r\n\r\n")
                    .readHeadResponse();
        }

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-encoding")).isEqualTo("br");
        assertThat(response.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(response.header("content-length")).isNull();
        assertThat(response.bytes().length).isLessThan(100);
        assertThat(text(BrotliBytes.decode(response.bytes()))).isEqualTo("x".repeat(10_000));
        assertThat(head.header("content-encoding")).isNull();
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            H2Client.Response h2 = client.response(client.send("GET", "app.local", "/bytes/20000",
                    Map.of("accept-encoding", "br"), null));

            assertThat(h2.headers().get("content-encoding").toString()).isEqualTo("br");
            assertThat(text(BrotliBytes.decode(h2.body().getBytes(StandardCharsets.ISO_8859_1))))
                    .isEqualTo("x".repeat(20_000));
        }
    }

    @Test
    void aClientThatDoesNotTakeGzipGetsTheBytesAsTheyAreAndVaryTellsCaches() throws Exception {
        RawHttp.Response none = get("/bytes/10000");
        RawHttp.Response refused = get("/bytes/10000", "Accept-Encoding: gzip;q=0, br;q=0, deflate\r\n");
        RawHttp.Response http10;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http10 = http.exchange("GET /bytes/10000 HTTP/1.0\r\nHost: app.local\r\nAccept-Encoding: gzip\r\n\r\n");
        }

        for (RawHttp.Response response : new RawHttp.Response[] {none, refused, http10}) {
            assertThat(response.header("content-encoding")).isNull();
            assertThat(response.header("content-length")).isEqualTo("10000");
            assertThat(response.header("vary")).isEqualTo("Accept-Encoding");
            assertThat(response.body()).isEqualTo("x".repeat(10_000));
        }
    }

    @Test
    void clientsGzipDisableNamesGetNoGzipButOtherCodingsAndVary() throws Exception {
        RawHttp.Response ie6 = get("/bytes/10000", "Accept-Encoding: gzip\r\n",
                "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0)\r\n");
        RawHttp.Response curl = get("/bytes/10000", "Accept-Encoding: gzip\r\n", "User-Agent: CURL/8.5.0\r\n");
        RawHttp.Response curlBrotli = get("/bytes/10000", "Accept-Encoding: gzip, br\r\n",
                "User-Agent: curl/8.5.0\r\n");
        RawHttp.Response ie6Sv1 = get("/bytes/10000", "Accept-Encoding: gzip\r\n",
                "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)\r\n");

        for (RawHttp.Response plain : new RawHttp.Response[] {ie6, curl}) {
            assertThat(plain.header("content-encoding")).isNull();
            assertThat(plain.header("vary")).isEqualTo("Accept-Encoding");
            assertThat(plain.body()).isEqualTo("x".repeat(10_000));
        }
        assertThat(curlBrotli.header("content-encoding")).isEqualTo("br");
        assertThat(ie6Sv1.header("content-encoding")).isEqualTo("gzip");
    }

    @Test
    void shortUnlistedAlreadyEncodedAndErrorResponsesAreLeftAlone() throws Exception {
        String gzip = "Accept-Encoding: gzip\r\n";
        RawHttp.Response shortOne = get("/bytes/100", gzip);
        RawHttp.Response image = get("/bytes/1000?set=Content-Type:image/png", gzip);
        RawHttp.Response encoded = get("/bytes/1000?set=Content-Encoding:br", gzip);
        RawHttp.Response error = get("/status/500?set=X-Pad:" + "y".repeat(300), gzip);

        for (RawHttp.Response response : new RawHttp.Response[] {shortOne, image, encoded, error}) {
            assertThat(response.header("vary")).isNull();
            assertThat(response.header("transfer-encoding")).isNull();
            assertThat(response.header("content-length")).isNotNull();
        }
        assertThat(shortOne.body()).isEqualTo("x".repeat(100));
        assertThat(image.body()).isEqualTo("x".repeat(1000));
        assertThat(encoded.header("content-encoding")).isEqualTo("br");
        assertThat(encoded.body()).isEqualTo("x".repeat(1000));
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.header("content-encoding")).isNull();
    }

    @Test
    void aChunkedBackendResponseAHeadRequestAndKeptAliveConnections() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response chunked = get(http, "/chunked/5000", "Accept-Encoding: gzip\r\n");
            RawHttp.Response head = http.send("HEAD /bytes/10000 HTTP/1.1\r\nHost: app.local\r\n"
                    + "Accept-Encoding: gzip\r\n\r\n").readHeadResponse();
            RawHttp.Response again = get(http, "/bytes/3000?set=ETag:%22v1%22", "Accept-Encoding: gzip\r\n");

            assertThat(chunked.header("content-encoding")).isEqualTo("gzip");
            assertThat(text(GzipBytes.gunzip(chunked.bytes()))).isEqualTo("c".repeat(5000));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-encoding")).isNull();
            assertThat(head.header("vary")).isNull();
            assertThat(again.header("content-encoding")).isEqualTo("gzip");
            assertThat(again.header("etag")).isEqualTo("W/\"v1\"");
            assertThat(text(GzipBytes.gunzip(again.bytes()))).isEqualTo("x".repeat(3000));
        }
    }

    @Test
    void anHttp2ClientGetsCompressedDataFrames() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            H2Client.Response compressed = client.response(client.send("GET", "app.local", "/bytes/20000",
                    Map.of("accept-encoding", "gzip"), null));
            H2Client.Response plain = client.response(client.get("app.local", "/bytes/20000"));

            assertThat(compressed.status()).isEqualTo(200);
            assertThat(compressed.headers().get("content-encoding").toString()).isEqualTo("gzip");
            assertThat(compressed.headers().contains("content-length")).isFalse();
            assertThat(compressed.headers().get("vary").toString()).isEqualTo("Accept-Encoding");
            assertThat(text(GzipBytes.gunzip(compressed.body().getBytes(StandardCharsets.ISO_8859_1))))
                    .isEqualTo("x".repeat(20_000));
            assertThat(plain.headers().contains("content-encoding")).isFalse();
            assertThat(plain.body()).isEqualTo("x".repeat(20_000));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br"})
    void aStreamedResponsesFirstPartArrivesBeforeTheBackendSendsTheRest(String coding) throws Exception {
        boolean gzip = coding.equals("gzip");
        CountDownLatch firstSeen = new CountDownLatch(1);
        CompletableFuture<Void> backendDone = CompletableFuture.runAsync(() -> answerInTwoParts(firstSeen));
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("GET /events HTTP/1.1\r\nHost: events.local\r\nAccept-Encoding: " + coding + "\r\n\r\n");
            RawHttp.Response head = http.readHeadResponse();
            assertThat(head.header("content-encoding")).isEqualTo(coding);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            while (!text(gzip ? GzipBytes.inflatedSoFar(received.toByteArray())
                    : BrotliBytes.decodedSoFar(received.toByteArray())).contains("data: first")) {
                received.writeBytes(http.readChunk());
            }
            firstSeen.countDown();
            for (byte[] chunk = http.readChunk(); chunk.length > 0; chunk = http.readChunk()) {
                received.writeBytes(chunk);
            }

            assertThat(text(gzip ? GzipBytes.gunzip(received.toByteArray())
                    : BrotliBytes.decode(received.toByteArray()))).isEqualTo(FIRST + SECOND);
        }
        backendDone.get(10, TimeUnit.SECONDS);
    }

    private static final String FIRST = "data: first\n\n".repeat(30);
    private static final String SECOND = "data: second\n\n".repeat(30);

    /** The events backend: a chunked text/event-stream whose second part waits until the client saw the first. */
    private void answerInTwoParts(CountDownLatch firstSeen) {
        try (Socket connection = streaming.accept()) {
            connection.setSoTimeout(10_000);
            RawHttp.readHead(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk(FIRST)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!firstSeen.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the first part never reached the client");
            }
            out.write((chunk(SECOND) + "0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.length()) + "\r\n" + text + "\r\n";
    }
}

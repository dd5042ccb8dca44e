package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.Patterned;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code proxy-buffering: "on"} over real sockets: a response larger than what a client that does not read lets
 * through is still read whole from the backend (a bare socket here, whose blocking write of it returns), into a
 * temporary file, and its backend connection serves the next request; the client gets every byte in order once it
 * reads. {@code proxy-max-temp-file-size} bounds the file, and the file goes with the response however it ends. A
 * client that takes nothing for {@code proxy-read-timeout} is cut off; one that takes its response slowly, with or
 * without the file, is not.
 */
class ResponseBufferingTest {

    private static final String BUFFERING = "nginx.ingress.kubernetes.io/proxy-buffering";
    private static final String MAX_FILE = "nginx.ingress.kubernetes.io/proxy-max-temp-file-size";
    /** Beyond what reseau's client connection (512 KiB) and both sockets' buffers (a few MiB on loopback) hold. */
    private static final int LARGE = 16 * 1024 * 1024;
    /** What the backend answers {@code /large} with. */
    private static final byte[] LARGE_BODY = Patterned.bytes(LARGE);
    /** How long the slow clients take their response slowly before they read the rest at once. */
    private static final Duration SLOW_START = Duration.ofSeconds(3);
    private static final String READ_TIMEOUT = "nginx.ingress.kubernetes.io/proxy-read-timeout";

    private final BlockingQueue<CompletedRequest> completed = new LinkedBlockingQueue<>();

    /** One event loop, so that every client connection takes its backend connections from the same pool. */
    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder().workers(1).build(),
            completed::add);

    private CountingBackend backend;

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(new CountingBackend());
    }

    private void serve(Map<String, String> annotations) {
        plane.apply(new Routes().service("app", backend.port(), "127.0.0.1")
                .ingress(annotated(ingress("default", "app", "app.local", path("Prefix", "/", "app", 80)), annotations))
                .table());
    }

    /** A client that asks for the large response and reads nothing yet, with a small receive buffer. */
    private RawHttp askWithoutReading() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", plane.httpPort()));
        RawHttp client = new RawHttp(socket);
        client.send("GET /large HTTP/1.1\r\nHost: app.local\r\n\r\n");
        return client;
    }

    @Test
    void theBackendIsReadWholeBeforeTheClientReadsAndItsConnectionServesTheNextRequest() throws Exception {
        serve(Map.of(BUFFERING, "on"));

        try (RawHttp slow = askWithoutReading()) {
            assertThat(backend.largeWritten.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(SpillFiles.count()).isEqualTo(1);
            // Past the backend's write, what the sockets hold is still to be read into the file.
            AtomicLong lastSize = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        long now = SpillFiles.bytes();
                        return lastSize.getAndSet(now) == now;
                    });

            RawHttp.Response next = RawHttp.get(plane.httpPort(), "app.local", "/small");
            assertThat(next.body()).isEqualTo("ok");
            assertThat(backend.connections.get()).as("the backend connection was given back, and reused").isEqualTo(1);

            RawHttp.Response large = slow.read();
            assertThat(large.status()).isEqualTo(200);
            assertWhole(large.bytes());
        }
        CompletedRequest done = takeLarge();
        assertThat(done.bodyBytesSent()).isEqualTo(LARGE);
        assertThat(SpillFiles.count()).isZero();
    }

    @Test
    void anHttp2StreamOutOfWindowHasItsResponseReadWholeAndGetsItInOrder() throws Exception {
        serve(Map.of(BUFFERING, "on"));

        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, false)) {
            int stream = client.get("app.local", "/large");
            assertThat(backend.largeWritten.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(SpillFiles.count()).isEqualTo(1);

            H2Client.Headers head = (H2Client.Headers) client.next(stream);
            assertThat(head.headers().status().toString()).isEqualTo("200");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (boolean end = false; !end; ) {
                H2Client.Data data = (H2Client.Data) client.next(stream);
                body.write(data.bytes());
                client.consume(stream, data.bytes().length);
                end = data.endOfStream();
            }
            assertWhole(body.toByteArray());
        }
        assertThat(takeLarge().bodyBytesSent()).isEqualTo(LARGE);
        assertThat(SpillFiles.count()).isZero();
    }

    @Test
    void withoutProxyBufferingTheBackendWaitsForTheClient() throws Exception {
        serve(Map.of());

        try (RawHttp slow = askWithoutReading()) {
            assertThat(backend.largeWritten.await(2, TimeUnit.SECONDS)).isFalse();
            assertThat(SpillFiles.count()).isZero();

            assertWhole(slow.read().bytes());
            assertThat(backend.largeWritten.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theTemporaryFileHoldsNoMoreThanItsMaximumAndTheBackendWaitsBeyond() throws Exception {
        serve(Map.of(BUFFERING, "on", MAX_FILE, "1m"));

        try (RawHttp slow = askWithoutReading()) {
            assertThat(backend.largeWritten.await(2, TimeUnit.SECONDS)).isFalse();
            assertThat(SpillFiles.count()).isEqualTo(1);

            assertWhole(slow.read().bytes());
            assertThat(backend.largeWritten.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(takeLarge().bodyBytesSent()).isEqualTo(LARGE);
        assertThat(SpillFiles.count()).isZero();
    }

    @Test
    void theFileGoesWhenTheClientDoes() throws Exception {
        serve(Map.of(BUFFERING, "on"));

        try (RawHttp slow = askWithoutReading()) {
            assertThat(backend.largeWritten.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(SpillFiles.count()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> SpillFiles.count() == 0);
    }

    @Test
    void aClientThatTakesNothingForTheReadTimeoutIsCutOff() throws Exception {
        serve(Map.of(BUFFERING, "on", "nginx.ingress.kubernetes.io/proxy-read-timeout", "1"));

        try (RawHttp slow = askWithoutReading()) {
            assertThat(backend.largeWritten.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> SpillFiles.count() == 0);

            byte[] received = slow.socket().getInputStream().readAllBytes();
            assertThat(received.length).isLessThan(LARGE);
        }
        assertThat(takeLarge().status()).isEqualTo(200);
    }

    @Test
    void withoutProxyBufferingAClientThatTakesNothingForTheReadTimeoutIsCutOffAndTheBackendNotBlamed()
            throws Exception {
        serve(Map.of(READ_TIMEOUT, "1"));

        try (RawHttp slow = askWithoutReading()) {
            CompletedRequest done = takeLarge();
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.upstream().failed()).as("the backend did nothing wrong").isFalse();

            byte[] received = slow.socket().getInputStream().readAllBytes();
            assertThat(received.length).isLessThan(LARGE);
        }
    }

    @Test
    void aClientThatTakesItsResponseSlowlyIsNotCutOff() throws Exception {
        serve(Map.of(READ_TIMEOUT, "1"));
        assertSlowStartServedWhole();
    }

    @Test
    void aClientThatTakesItsSpilledResponseSlowlyIsNotCutOff() throws Exception {
        serve(Map.of(BUFFERING, "on", READ_TIMEOUT, "1"));
        assertSlowStartServedWhole();
    }

    /**
     * A client reading some 40 KiB a second for its first {@link #SLOW_START} gets the whole response: the 256 KiB
     * reseau's connection gives back before it takes more (its water marks) would take it six seconds, beyond the
     * read timeout of one, but it takes some all along.
     */
    private void assertSlowStartServedWhole() throws Exception {
        try (RawHttp slow = askWithoutReading()) {
            assertThat(slow.readHeadResponse().status()).isEqualTo(200);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (long fastFrom = System.nanoTime() + SLOW_START.toNanos(); System.nanoTime() < fastFrom; ) {
                body.writeBytes(slow.readBytes(4096).getBytes(StandardCharsets.ISO_8859_1));
                Thread.sleep(100);
            }
            body.writeBytes(slow.readBytes(LARGE - body.size()).getBytes(StandardCharsets.ISO_8859_1));
            assertWhole(body.toByteArray());
        }
    }

    @Test
    void anHttp2StreamWhoseWindowOpensSlowlyIsNotCutOff() throws Exception {
        // Two seconds, well over the longest wait between window updates, and within the slow start.
        serve(Map.of(BUFFERING, "on", READ_TIMEOUT, "2"));

        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, false)) {
            int stream = client.get("app.local", "/large");
            H2Client.Headers head = (H2Client.Headers) client.next(stream);
            assertThat(head.headers().status().toString()).isEqualTo("200");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            long fastFrom = System.nanoTime() + SLOW_START.toNanos();
            for (boolean end = false; !end; ) {
                H2Client.Data data = (H2Client.Data) client.next(stream);
                body.write(data.bytes());
                if (System.nanoTime() < fastFrom) {
                    // 80 KiB a second: half the window (64 KiB) goes back every 0.4 to 0.6 s.
                    Thread.sleep(data.bytes().length / 80);
                }
                client.consume(stream, data.bytes().length);
                end = data.endOfStream();
            }
            assertWhole(body.toByteArray());
        }
    }

    /**
     * An HTTP/2 client may open its windows wide (16 MiB here) and read nothing: reseau does not take the response
     * into memory as far as the window goes, the backend waits; after the read timeout the stream is cut off.
     */
    @Test
    void anHttp2StreamWithAWideWindowThatIsNotReadHoldsItsBackendAndIsCutOff() throws Exception {
        serve(Map.of(READ_TIMEOUT, "1"));

        try (H2Client client = new H2Client(plane.httpsPort(), LARGE, true, 4096)) {
            int stream = client.get("app.local", "/large");
            H2Client.Headers head = (H2Client.Headers) client.next(stream);
            assertThat(head.headers().status().toString()).isEqualTo("200");
            client.pauseReading();
            assertThat(backend.largeWritten.await(3, TimeUnit.SECONDS)).isFalse();
            assertThat(takeLarge().upstream().failed()).isFalse();
        }
    }

    /** The completed request for {@code /large} (others, such as {@code /small}, may come before it). */
    private CompletedRequest takeLarge() throws InterruptedException {
        for (CompletedRequest done = completed.poll(10, TimeUnit.SECONDS); done != null;
                done = completed.poll(10, TimeUnit.SECONDS)) {
            if (done.path().equals("/large")) {
                return done;
            }
        }
        throw new AssertionError("the request for /large was not reported");
    }

    /** Asserts that {@code body} is the backend's {@code /large}, every byte in its place. */
    private static void assertWhole(byte[] body) {
        assertThat(body).hasSize(LARGE);
        int first = Arrays.mismatch(body, LARGE_BODY);
        if (first >= 0) {
            throw new AssertionError("byte " + first + " is " + body[first] + ", not " + LARGE_BODY[first]);
        }
    }

    /**
     * A backend on a bare socket that serves each connection's requests in turn: {@code /large} with
     * {@link #LARGE_BODY} ({@link #largeWritten} once its blocking write returned), anything else with
     * {@code ok}.
     */
    private static final class CountingBackend implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final CountDownLatch largeWritten = new CountDownLatch(1);
        final AtomicInteger connections = new AtomicInteger();

        CountingBackend() throws IOException {
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket connection = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(connection));
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                for (String head = RawHttp.readHead(in); head.endsWith("\r\n\r\n"); head = RawHttp.readHead(in)) {
                    if (head.startsWith("GET /large ")) {
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + LARGE + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(LARGE_BODY);
                        out.flush();
                        largeWritten.countDown();
                    } else {
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } catch (IOException gone) {
                // reseau closed the connection.
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What reseau holds for a client that does not read, over real sockets (docs: proxy-buffering): a response under
 * the client connection's 512 KiB is read from the backend whole, the request completed and its backend connection
 * free, before the client reads a byte; a larger one waits on the client, and arrives whole once it reads.
 */
class SlowClientBufferingTest {

    private static final int ABSORBED = 300 * 1024;
    /** Beyond what reseau and both sockets' buffers (a few MiB on loopback) can hold. */
    private static final int HELD_BACK = 16 * 1024 * 1024;

    private final BlockingQueue<CompletedRequest> completed = new LinkedBlockingQueue<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(completed::add);

    @BeforeEach
    void start() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "app.local", path("Prefix", "/", "app", 80))).table());
    }

    /** A client that asks for {@code bytes} and reads nothing yet, with a small receive buffer. */
    private RawHttp askWithoutReading(int bytes) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", plane.httpPort()));
        RawHttp client = new RawHttp(socket);
        client.send("GET /bytes/" + bytes + " HTTP/1.1\r\nHost: app.local\r\n\r\n");
        return client;
    }

    @Test
    void aResponseUnder512KiBIsTakenFromTheBackendBeforeTheClientReads() throws Exception {
        try (RawHttp client = askWithoutReading(ABSORBED)) {
            CompletedRequest done = completed.poll(10, TimeUnit.SECONDS);

            assertThat(done).isNotNull();
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.bodyBytesSent()).isEqualTo(ABSORBED);
            assertThat(client.read().bytes()).hasSize(ABSORBED);
        }
    }

    @Test
    void aLargerResponseWaitsOnTheClientAndArrivesWhole() throws Exception {
        try (RawHttp client = askWithoutReading(HELD_BACK)) {
            assertThat(completed.poll(2, TimeUnit.SECONDS)).isNull();

            assertThat(client.read().bytes()).hasSize(HELD_BACK);
            CompletedRequest done = completed.poll(10, TimeUnit.SECONDS);
            assertThat(done).isNotNull();
            assertThat(done.bodyBytesSent()).isEqualTo(HELD_BACK);
        }
    }
}

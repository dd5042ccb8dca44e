package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shutdown's drain over real sockets: no new connection is taken, idle ones close, requests in flight finish
 * (HTTP/1.1 with {@code Connection: close}, HTTP/2 with a GOAWAY after its streams), and what outlasts the timeout
 * is left to the close.
 */
class DrainTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();
    private HttpBackend backend;

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80))).table());
    }

    @Test
    void requestsInFlightFinishIdleConnectionsCloseAndNoNewOneIsTaken() throws Exception {
        int port = plane.httpPort();
        try (RawHttp idle = RawHttp.connect(port); RawHttp busy = RawHttp.connect(port);
                H2Client h2 = new H2Client(plane.httpsPort(), 65_535, true);
                var drains = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(idle.exchange("GET /x HTTP/1.1\r\nHost: foo.com\r\n\r\n").status()).isEqualTo(200);
            busy.send("GET /sleep/500 HTTP/1.1\r\nHost: foo.com\r\n\r\n");
            int stream = h2.send("GET", "foo.com", "/sleep/500", Map.of(), null);
            await().until(() -> backend.requests() == 3);

            Future<Integer> drained = drains.submit(() -> plane.dataPlane().drain(Duration.ofSeconds(10)));

            assertThat(idle.closedByServer()).as("an idle keep-alive connection").isTrue();
            RawHttp.Response slow = busy.read();
            assertThat(slow.status()).isEqualTo(200);
            assertThat(slow.header("connection")).isEqualTo("close");
            assertThat(busy.closedByServer()).isTrue();
            assertThat(h2.response(stream).status()).isEqualTo(200);
            assertThat(h2.goAwayLastStream()).isEqualTo(stream);
            assertThat(drained.get(10, TimeUnit.SECONDS)).as("connections left at the end").isZero();
            assertThatThrownBy(() -> RawHttp.connect(port)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aRequestOutlastingTheTimeoutIsLeftForTheClose() throws Exception {
        try (RawHttp busy = RawHttp.connect(plane.httpPort())) {
            busy.send("GET /sleep/3000 HTTP/1.1\r\nHost: foo.com\r\n\r\n");
            await().until(() -> backend.requests() == 1);

            int left = plane.dataPlane().drain(Duration.ofMillis(300));

            assertThat(left).isEqualTo(1);
        }
    }
}

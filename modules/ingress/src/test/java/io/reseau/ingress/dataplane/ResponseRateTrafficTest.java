package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * limit-rate over real sockets: a response beyond its limit-rate-after cannot arrive faster than the rate allows
 * (a lower bound on the time taken, which no machine can beat), arrives whole, and leaves the connection usable;
 * a slow, throttled response is not mistaken for a backend that stopped answering.
 */
class ResponseRateTrafficTest {

    /**
     * 150 KiB at 50 KiB a second after the first 10 KiB: 2.8 s, less one read of the backend (64 KiB at most, 1.3 s)
     * sent at once.
     */
    private static final int BODY = 150 * 1024;
    private static final Duration AT_LEAST = Duration.ofMillis(1500);

    private HttpBackend backend;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(annotated(ingress("default", "slow", "slow.local", path("Prefix", "/", "app", 80)), Map.of(
                        "nginx.ingress.kubernetes.io/limit-rate", "50",
                        "nginx.ingress.kubernetes.io/limit-rate-after", "10",
                        // Shorter than the pauses: they are reseau's, not the backend's.
                        "nginx.ingress.kubernetes.io/proxy-read-timeout", "1")))
                .ingress(ingress("default", "fast", "fast.local", path("Prefix", "/", "app", 80)))
                .table());
    }

    @Test
    void anHttp1ResponseIsHeldToItsRateAndArrivesWhole() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            long started = System.nanoTime();
            RawHttp.Response slow = http.exchange("GET /bytes/" + BODY + " HTTP/1.1\r\nHost: slow.local\r\n\r\n");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            RawHttp.Response next = http.exchange("GET /x HTTP/1.1\r\nHost: slow.local\r\n\r\n");

            assertThat(slow.status()).isEqualTo(200);
            assertThat(slow.bytes()).hasSize(BODY);
            assertThat(took).isGreaterThanOrEqualTo(AT_LEAST);
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void anHttp2StreamIsHeldToItsRateToo() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 1 << 20, true)) {
            long started = System.nanoTime();
            H2Client.Response slow = client.response(client.get("slow.local", "/bytes/" + BODY));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(slow.status()).isEqualTo(200);
            assertThat(slow.body()).hasSize(BODY);
            assertThat(took).isGreaterThanOrEqualTo(AT_LEAST);
        }
    }

    @Test
    void otherIngressesAreNotLimited() throws Exception {
        RawHttp.Response fast = RawHttp.get(plane.httpPort(), "fast.local", "/bytes/" + BODY);

        assertThat(fast.bytes()).hasSize(BODY);
    }
}

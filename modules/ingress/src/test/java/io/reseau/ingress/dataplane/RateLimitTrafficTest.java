package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ingress-nginx's limit-rps and limit-connections, seen from a client over real sockets. */
class RateLimitTrafficTest {

    private HttpBackend backend;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .limitStatuses(new DataPlaneSettings.LimitStatuses(429, 503)).build());

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
    }

    private void serve(Map<String, String> annotations) {
        plane.apply(new Routes().service("app", backend)
                .ingress(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)), annotations))
                .ingress(ingress("default", "other", "bar.com", path("Prefix", "/", "app", 80)))
                .table());
    }

    private static String get(String host, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    @Test
    void requestsOverTheRateAreAnsweredTheLimitReqStatusCode() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/limit-rps", "1",
                "nginx.ingress.kubernetes.io/limit-burst-multiplier", "3"));

        List<Integer> statuses = new ArrayList<>();
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            for (int i = 0; i < 8; i++) {
                statuses.add(http.exchange(get("foo.com", "/")).status());
            }
            // Other Ingresses are not limited.
            assertThat(http.exchange(get("bar.com", "/")).status()).isEqualTo(200);
        }

        // A burst of three, and at most one more should a second have passed meanwhile.
        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isBetween(3L, 4L);
        assertThat(statuses).containsOnly(200, 429);
        assertThat(backend.requests()).isBetween(4, 5);
    }

    @Test
    void requestsInProgressBeyondTheLimitAreAnswered503() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/limit-connections", "1"));

        try (RawHttp slow = RawHttp.connect(plane.httpPort()); RawHttp second = RawHttp.connect(plane.httpPort())) {
            slow.send(get("foo.com", "/sleep/1500"));
            // Wait until the slow request holds its place: the backend has it.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (backend.requests() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(second.exchange(get("foo.com", "/")).status()).isEqualTo(503);
            assertThat(slow.read().status()).isEqualTo(200);
            // The place is given back when the exchange ends, just after its response is written: on another
            // event loop that may be a moment after the client has read it.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> second.exchange(get("foo.com", "/")).status(), status -> status == 200);
        }
    }
}

package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.created;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A canary Ingress beside the one it shadows (ingress-nginx's canary annotations, as Argo Rollouts writes them),
 * seen from a client over a real socket: which backend answers, and under which Ingress the request is counted.
 */
class CanaryTrafficTest {

    private HttpBackend stable;
    private HttpBackend canary;
    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(completed::add);

    @BeforeEach
    void start() throws Exception {
        stable = plane.backend(HttpBackend.start("stable"));
        canary = plane.backend(HttpBackend.start("canary"));
    }

    /** The stable Ingress, and a canary Ingress with these annotations created a day before it. */
    private void serve(Map<String, String> canaryAnnotations) {
        serve(Map.of(), canaryAnnotations);
    }

    /** The stable Ingress with its annotations, and a canary Ingress with these created a day before it. */
    private void serve(Map<String, String> mainAnnotations, Map<String, String> canaryAnnotations) {
        Ingress main = created(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)),
                mainAnnotations), "2026-02-02T00:00:00Z");
        Map<String, String> annotations = new HashMap<>(canaryAnnotations);
        annotations.put("nginx.ingress.kubernetes.io/canary", "true");
        Ingress shadow = created(annotated(ingress("default", "app-canary", "foo.com",
                path("Prefix", "/", "app-canary", 80)), annotations), "2026-02-01T00:00:00Z");
        plane.apply(new Routes().service("app", stable).service("app-canary", canary).ingress(main).ingress(shadow)
                .table());
    }

    private String backendFor(String... headers) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response response = http.exchange("GET /x HTTP/1.1\r\nHost: foo.com\r\n"
                    + String.join("", headers) + "\r\n");
            assertThat(response.status()).isEqualTo(200);
            return response.reported("backend");
        }
    }

    /**
     * {@link #backendFor}, once the request has been reported too: a request is reported once written, which may be
     * just after the client has read the response, and each goes on a connection of its own, maybe on another event
     * loop; waiting keeps the reports in the order the requests were sent.
     */
    private String reportedFor(String... headers) throws Exception {
        int before = completed.size();
        String backend = backendFor(headers);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed).hasSize(before + 1));
        return backend;
    }

    @Test
    void byHeaderThenCookieThenNothing() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/canary-by-header", "X-Canary",
                "nginx.ingress.kubernetes.io/canary-by-cookie", "use-canary"));

        assertThat(reportedFor("X-Canary: always\r\n")).isEqualTo("canary");
        assertThat(reportedFor("x-canary: never\r\n", "Cookie: use-canary=always\r\n")).isEqualTo("stable");
        assertThat(reportedFor("Cookie: a=b; use-canary=always\r\n")).isEqualTo("canary");
        assertThat(reportedFor()).isEqualTo("stable");
        assertThat(completed).extracting(CompletedRequest::ingress)
                .containsExactly("default/app-canary", "default/app", "default/app-canary", "default/app");
        assertThat(completed).extracting(CompletedRequest::service)
                .containsExactly("default/app-canary:80", "default/app:80", "default/app-canary:80", "default/app:80");
        // The access log's ingress-nginx variables name the stable route, and the canary as the alternative.
        assertThat(completed).extracting(r -> r.matched().ingress()).containsOnly("default/app");
        assertThat(completed).extracting(r -> r.canaryBackend() == null ? "-" : r.canaryBackend().describe())
                .containsExactly("default/app-canary:80", "-", "default/app-canary:80", "-");
    }

    @Test
    void byHeaderValue() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/canary-by-header", "X-Version",
                "nginx.ingress.kubernetes.io/canary-by-header-value", "v2"));

        assertThat(backendFor("X-Version: v2\r\n")).isEqualTo("canary");
        assertThat(backendFor("X-Version: v1\r\n")).isEqualTo("stable");
        assertThat(backendFor("X-Version: always\r\n")).isEqualTo("stable");
    }

    @Test
    void withCookieAffinityAClientStaysOnTheBackendThatServedIt() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/affinity", "cookie"),
                Map.of("nginx.ingress.kubernetes.io/canary-weight", "50"));

        for (String first : List.of("stable", "canary")) {
            String cookie = cookieOf(first);
            for (int i = 0; i < 10; i++) {
                assertThat(backendFor("Cookie: " + cookie + "\r\n")).as("request %d after %s", i, first)
                        .isEqualTo(first);
            }
        }
    }

    @Test
    void legacyCanaryBehaviourDrawsEveryRequestWhateverTheCookie() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/affinity", "cookie"),
                Map.of("nginx.ingress.kubernetes.io/canary-weight", "50",
                        "nginx.ingress.kubernetes.io/affinity-canary-behavior", "legacy"));
        String cookie = cookieOf("stable");

        Map<String, Integer> answered = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            answered.merge(backendFor("Cookie: " + cookie + "\r\n"), 1, Integer::sum);
        }

        // Half the draws go to the canary: missing either backend in 40 has a chance of 2e-12.
        assertThat(answered).containsOnlyKeys("stable", "canary");
    }

    /** The affinity cookie a client gets from the first request this backend answers (weight 50: a few tries). */
    private String cookieOf(String backend) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (RawHttp http = RawHttp.connect(plane.httpPort())) {
                RawHttp.Response response = http.exchange("GET /x HTTP/1.1\r\nHost: foo.com\r\n\r\n");
                if (response.reported("backend").equals(backend)) {
                    return response.header("set-cookie").split(";")[0];
                }
            }
        }
        throw new AssertionError(backend + " answered none of 100 requests");
    }

    @Test
    void byWeight() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/canary-weight", "30"));

        Map<String, Integer> answered = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            answered.merge(backendFor(), 1, Integer::sum);
        }

        // Each request is drawn on its own: 30 % go to the canary (both counts are far from 0 and 100, the
        // chance of either being reached by a correct draw is below 1e-15).
        assertThat(answered.get("canary")).isBetween(1, 99);
        assertThat(answered.get("stable")).isBetween(1, 99);
    }

    @Test
    void theCanaryCountsAgainstTheMainIngresssRateLimit() throws Exception {
        Ingress main = annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)),
                Map.of("nginx.ingress.kubernetes.io/limit-rps", "1",
                        "nginx.ingress.kubernetes.io/limit-burst-multiplier", "2"));
        Ingress shadow = annotated(ingress("default", "app-canary", "foo.com", path("Prefix", "/", "app-canary", 80)),
                Map.of("nginx.ingress.kubernetes.io/canary", "true",
                        "nginx.ingress.kubernetes.io/canary-by-header", "X-Canary"));
        plane.apply(new Routes().service("app", stable).service("app-canary", canary).ingress(main).ingress(shadow)
                .table());

        int served = 0;
        for (String header : new String[] {"X-Canary: never\r\n", "X-Canary: always\r\n", "X-Canary: never\r\n",
                "X-Canary: always\r\n"}) {
            try (RawHttp http = RawHttp.connect(plane.httpPort())) {
                served += http.exchange("GET / HTTP/1.1\r\nHost: foo.com\r\n" + header + "\r\n").status() == 200
                        ? 1 : 0;
            }
        }

        // A burst of two in all (a third at most should a second pass), not two per backend.
        assertThat(served).isBetween(2, 3);
    }

    @Test
    void fullWeightAndNoWeight() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/canary-weight", "100"));
        for (int i = 0; i < 5; i++) {
            assertThat(backendFor()).isEqualTo("canary");
        }

        serve(Map.of("nginx.ingress.kubernetes.io/canary-weight", "0"));
        for (int i = 0; i < 5; i++) {
            assertThat(backendFor()).isEqualTo("stable");
        }
    }
}

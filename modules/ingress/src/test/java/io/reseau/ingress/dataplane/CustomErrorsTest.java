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
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code custom-http-errors} over real sockets: a listed status from the backend is replaced by what the
 * {@code default-backend} Service answers when asked with ingress-nginx's {@code X-Code} fields; others pass.
 */
class CustomErrorsTest {

    private HttpBackend app;
    private HttpBackend errors;

    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(completed::add);

    @BeforeEach
    void start() throws Exception {
        app = plane.backend(HttpBackend.start("app"));
        errors = plane.backend(HttpBackend.start("errors"));
        plane.apply(new Routes().service("app", app).service("error-pages", errors)
                .ingress(annotated(ingress("default", "site", "site.foo.com", path("Prefix", "/", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/custom-http-errors", "404, 503",
                                "nginx.ingress.kubernetes.io/default-backend", "error-pages")))
                .table());
    }

    @Test
    void aListedStatusIsAnsweredByTheErrorBackendToldWhatHappened() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response page = http.exchange("GET /status/404?q=1 HTTP/1.1\r\nHost: site.foo.com\r\n"
                    + "Accept: text/html\r\n\r\n");
            RawHttp.Response after = http.exchange("GET /x HTTP/1.1\r\nHost: site.foo.com\r\n\r\n");

            assertThat(page.reported("backend")).isEqualTo("errors");
            assertThat(page.reported("method")).isEqualTo("GET");
            assertThat(page.reported("path")).isEqualTo("/");
            assertThat(page.reported("header.x-code")).isEqualTo("404");
            assertThat(page.reported("header.x-format")).isEqualTo("text/html");
            assertThat(page.reported("header.x-original-uri")).isEqualTo("/status/404?q=1");
            assertThat(page.reported("header.x-namespace")).isEqualTo("default");
            assertThat(page.reported("header.x-ingress-name")).isEqualTo("site");
            assertThat(page.reported("header.x-service-name")).isEqualTo("app");
            assertThat(page.reported("header.x-service-port")).isEqualTo("80");
            // The connection goes on with the next request, to the backend again.
            assertThat(after.reported("backend")).isEqualTo("app");
        }
    }

    @Test
    void theErrorBackendsAttemptIsReportedAfterTheBackendsAsAGroupOfItsOwn() throws Exception {
        RawHttp.get(plane.httpPort(), "site.foo.com", "/status/503");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed).hasSize(1));
        assertThat(completed.getFirst().upstream().attempts())
                .extracting(attempt -> attempt.endpointText() + " " + attempt.status() + " " + attempt.errorPage())
                .containsExactly("127.0.0.1:" + app.port() + " 503 false", "127.0.0.1:" + errors.port() + " 200 true");
    }

    @Test
    void theControllersDefaultBackendAnswersWhatNoRuleMatchesAndMakesTheErrorPagesOfEveryIngress()
            throws Exception {
        plane.apply(new Routes().service("app", app).service("error-pages", errors)
                .ingress(ingress("default", "plain", "plain.foo.com", path("Prefix", "/status", "app", 80)))
                .table(Routes.withDefaultBackend("default/error-pages", Set.of(503))));

        RawHttp.Response unknownHost = RawHttp.get(plane.httpPort(), "nowhere.foo.com", "/x?y=1");
        RawHttp.Response unmatchedPath = RawHttp.get(plane.httpPort(), "plain.foo.com", "/other");
        RawHttp.Response page = RawHttp.get(plane.httpPort(), "plain.foo.com", "/status/503");
        RawHttp.Response notListed = RawHttp.get(plane.httpPort(), "plain.foo.com", "/status/404");

        assertThat(unknownHost.reported("backend")).isEqualTo("errors");
        assertThat(unknownHost.reported("path")).isEqualTo("/x?y=1");
        assertThat(unmatchedPath.reported("backend")).isEqualTo("errors");
        assertThat(page.reported("backend")).isEqualTo("errors");
        assertThat(page.reported("header.x-code")).isEqualTo("503");
        assertThat(page.reported("header.x-ingress-name")).isEqualTo("plain");
        assertThat(notListed.status()).isEqualTo(404);
        assertThat(notListed.reported("backend")).isEqualTo("app");
    }

    @Test
    void aRequestBodyIsNotSentToTheErrorBackendAndOtherStatusesPass() throws Exception {
        RawHttp.Response posted;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            posted = http.exchange("POST /status/503 HTTP/1.1\r\nHost: site.foo.com\r\nContent-Length: 5\r\n\r\n"
                    + "hello");
        }
        RawHttp.Response other = RawHttp.get(plane.httpPort(), "site.foo.com", "/status/500");

        assertThat(posted.reported("backend")).isEqualTo("errors");
        assertThat(posted.reported("method")).isEqualTo("GET");
        assertThat(posted.reported("body")).isEqualTo("0");
        assertThat(posted.reported("header.x-code")).isEqualTo("503");
        assertThat(other.status()).isEqualTo(500);
        assertThat(other.reported("backend")).isEqualTo("app");
    }

    /**
     * The site's paths: /refused to a Service whose endpoint refuses connections, /empty to one without endpoints;
     * the controller's default-backend-service makes the pages of 502 and 503 (an Ingress's own default-backend
     * would serve /empty itself, as in ingress-nginx).
     */
    private void serveFailing(Map<String, String> annotations) throws IOException {
        plane.apply(new Routes().service("app", app).service("error-pages", errors).service("empty", 80)
                .service("refused", RawHttp.freePort(), "127.0.0.1")
                .ingress(annotated(ingress("default", "site", "site.foo.com", path("Prefix", "/", "app", 80),
                        path("Prefix", "/empty", "empty", 80), path("Prefix", "/refused", "refused", 80)),
                        annotations))
                .table(Routes.withDefaultBackend("default/error-pages", Set.of(502, 503))));
    }

    @Test
    void reseausOwnAnswersWhenTheBackendCannotBeAskedAreErrorPagesToo() throws Exception {
        serveFailing(Map.of());

        RawHttp.Response empty = RawHttp.get(plane.httpPort(), "site.foo.com", "/empty/x");
        RawHttp.Response refused = RawHttp.get(plane.httpPort(), "site.foo.com", "/refused/x");
        RawHttp.Response backends = RawHttp.get(plane.httpPort(), "site.foo.com", "/status/503");

        assertThat(empty.reported("backend")).isEqualTo("errors");
        assertThat(empty.reported("header.x-code")).isEqualTo("503");
        assertThat(empty.reported("header.x-service-name")).isEqualTo("empty");
        assertThat(refused.reported("backend")).isEqualTo("errors");
        assertThat(refused.reported("header.x-code")).isEqualTo("502");
        assertThat(refused.reported("header.x-original-uri")).isEqualTo("/refused/x");
        assertThat(backends.reported("header.x-code")).isEqualTo("503");
    }

    @Test
    void disableProxyInterceptErrorsPassesTheBackendsAnswersAndKeepsThePagesOfReseausOwn() throws Exception {
        serveFailing(Map.of("nginx.ingress.kubernetes.io/disable-proxy-intercept-errors", "true"));

        RawHttp.Response backends = RawHttp.get(plane.httpPort(), "site.foo.com", "/status/503");
        RawHttp.Response refused = RawHttp.get(plane.httpPort(), "site.foo.com", "/refused/x");

        assertThat(backends.status()).isEqualTo(503);
        assertThat(backends.reported("backend")).isEqualTo("app");
        assertThat(refused.reported("backend")).isEqualTo("errors");
        assertThat(refused.reported("header.x-code")).isEqualTo("502");
    }
}

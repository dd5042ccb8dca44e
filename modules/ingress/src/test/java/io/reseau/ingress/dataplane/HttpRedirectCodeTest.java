package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code http-redirect-code}: the status of the proxy's own redirects, to HTTPS and to or from {@code www.}. */
class HttpRedirectCodeTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .redirects(new DataPlaneSettings.Redirects(8443, 301, DataPlaneSettings.Redirects.ACME_CHALLENGES)).build());

    @Test
    void redirectsToHttpsAndToTheOtherNameGoWithTheSetStatus() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)), Map.of(
                        "nginx.ingress.kubernetes.io/force-ssl-redirect", "true",
                        "nginx.ingress.kubernetes.io/from-to-www-redirect", "true"))).table());

        RawHttp.Response toHttps = get("foo.com", "/a?b");
        RawHttp.Response toName = get("www.foo.com", "/a?b");

        assertThat(toHttps.status()).isEqualTo(301);
        assertThat(toHttps.header("location")).isEqualTo("https://foo.com:8443/a?b");
        assertThat(toName.status()).isEqualTo(301);
        assertThat(toName.header("location")).isEqualTo("http://foo.com/a?b");
    }

    @Test
    void acmeChallengesStayOnPlainHttpAsNoTlsRedirectLocationsSays() throws Exception {
        // cert-manager's HTTP-01 solver: an Ingress of its own for the token's path on a host redirected to HTTPS.
        HttpBackend app = plane.backend(HttpBackend.start("app"));
        HttpBackend solver = plane.backend(HttpBackend.start("solver"));
        plane.apply(new Routes().service("app", app).service("solver", solver)
                .ingress(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)), Map.of(
                        "nginx.ingress.kubernetes.io/force-ssl-redirect", "true")))
                .ingress(annotated(ingress("default", "cm-acme-http-solver", "foo.com",
                        path("ImplementationSpecific", "/.well-known/acme-challenge/t0ken", "solver", 80)), Map.of(
                        "nginx.ingress.kubernetes.io/force-ssl-redirect", "true")))
                .table());

        RawHttp.Response challenge = get("foo.com", "/.well-known/acme-challenge/t0ken");
        RawHttp.Response page = get("foo.com", "/.well-known/other");

        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.reported("backend")).isEqualTo("solver");
        assertThat(page.status()).isEqualTo(301);
        assertThat(new DataPlaneSettings.Redirects(443, 308, List.of()).keepsPlain("/.well-known/acme-challenge/x"))
                .isFalse();
    }

    @Test
    void onlyRedirectStatusesAreTaken() {
        for (int status : new int[] {301, 302, 307, 308}) {
            assertThat(new DataPlaneSettings.Redirects(443, status, List.of()).status()).isEqualTo(status);
        }
        assertThatThrownBy(() -> new DataPlaneSettings.Redirects(443, 303, List.of()))
                .hasMessage("303 is not a redirect status: 301, 302, 307 or 308");
    }

    private RawHttp.Response get(String host, String target) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        }
    }
}

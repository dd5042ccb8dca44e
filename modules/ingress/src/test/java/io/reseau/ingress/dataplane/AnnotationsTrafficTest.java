package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingress-nginx annotations, each under one of its two names, seen from a client over a real socket. */
class AnnotationsTrafficTest {

    private HttpBackend one;
    private HttpBackend two;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        one = plane.backend(HttpBackend.start("one"));
        two = plane.backend(HttpBackend.start("two"));
    }

    private void serve(Ingress... ingresses) {
        Routes routes = new Routes().service("app", one, two);
        for (Ingress ingress : ingresses) {
            routes.ingress(ingress);
        }
        plane.apply(routes.table());
    }

    private static Ingress site(String host, String type, String path, Map<String, String> annotations) {
        return annotated(ingress("default", host, host, path(type, path, "app", 80)), annotations);
    }

    private RawHttp.Response get(String host, String path, String... headers) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers)
                    + "\r\n");
        }
    }

    @Test
    void rewriteTargetWithCaptureGroups() throws Exception {
        serve(site("foo.com", "ImplementationSpecific", "/something(/|$)(.*)",
                Map.of("nginx.ingress.kubernetes.io/rewrite-target", "/$2")));

        assertThat(get("foo.com", "/something/new?x=1").reported("path")).isEqualTo("/new?x=1");
        assertThat(get("foo.com", "/something").reported("path")).isEqualTo("/");
        assertThat(get("foo.com", "/SOMETHING/Case").reported("path")).isEqualTo("/Case");
        assertThat(get("foo.com", "/other").status()).isEqualTo(404);
    }

    @Test
    void proxyBufferSizeLetsLargerResponseHeadsThrough() throws Exception {
        serve(site("default.com", "Prefix", "/", Map.of()),
                site("large.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/proxy-buffer-size", "64k")));

        assertThat(get("default.com", "/large-head/30000").status()).isEqualTo(200);
        assertThat(get("default.com", "/large-head/40000").status()).as("beyond the default 32 KiB").isEqualTo(502);
        RawHttp.Response large = get("large.com", "/large-head/40000");
        assertThat(large.status()).isEqualTo(200);
        assertThat(large.header("x-large")).hasSize(40000);
    }

    @Test
    void appRootAndPermanentRedirect() throws Exception {
        serve(site("root.com", "Prefix", "/", Map.of("reseau.io/app-root", "/app1")),
                site("moved.com", "Prefix", "/", Map.of(
                        "nginx.ingress.kubernetes.io/permanent-redirect", "https://new.example/",
                        "nginx.ingress.kubernetes.io/permanent-redirect-code", "308")));

        RawHttp.Response root = get("root.com", "/");
        RawHttp.Response moved = get("moved.com", "/x");

        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("location")).isEqualTo("/app1");
        assertThat(get("root.com", "/app1").reported("path")).isEqualTo("/app1");
        assertThat(moved.status()).isEqualTo(308);
        assertThat(moved.header("location")).isEqualTo("https://new.example/");
    }

    @Test
    void sourceRangesAllowOnlyTheirAddressesAndDenyListedOnesFirst() throws Exception {
        serve(site("open.com", "Prefix", "/", Map.of(
                        "nginx.ingress.kubernetes.io/whitelist-source-range", "10.0.0.0/8, 127.0.0.0/8")),
                site("closed.com", "Prefix", "/", Map.of("reseau.io/whitelist-source-range", "10.0.0.0/8")),
                site("denied.com", "Prefix", "/", Map.of(
                        "nginx.ingress.kubernetes.io/whitelist-source-range", "127.0.0.0/8",
                        "nginx.ingress.kubernetes.io/denylist-source-range", "127.0.0.1/32")),
                site("others-denied.com", "Prefix", "/", Map.of(
                        "nginx.ingress.kubernetes.io/denylist-source-range", "192.0.2.0/24")));

        assertThat(get("open.com", "/").status()).isEqualTo(200);
        assertThat(get("closed.com", "/").status()).isEqualTo(403);
        assertThat(get("denied.com", "/").status()).isEqualTo(403);
        assertThat(get("others-denied.com", "/").status()).isEqualTo(200);
    }

    @Test
    void proxyRedirectAndProxyCookieRewriteTheBackendsLocationAndCookies() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of(
                "nginx.ingress.kubernetes.io/proxy-redirect-from", "http://app.internal/",
                "nginx.ingress.kubernetes.io/proxy-redirect-to", "https://foo.com/app/",
                "nginx.ingress.kubernetes.io/proxy-cookie-domain", "app.internal foo.com",
                "nginx.ingress.kubernetes.io/proxy-cookie-path", "/ /app/")));

        RawHttp.Response response = get("foo.com", "/x?set=Location%3Ahttp%3A%2F%2Fapp.internal%2Flogin"
                + "&set=Set-Cookie%3Asid%3D1%3B%20Path%3D%2F%3B%20Domain%3Dapp.internal");

        assertThat(response.header("location")).isEqualTo("https://foo.com/app/login");
        assertThat(response.header("set-cookie")).isEqualTo("sid=1; Path=/app/; Domain=foo.com");
    }

    @Test
    void forceSslRedirectWithoutTls() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/force-ssl-redirect", "true")));

        RawHttp.Response response = get("foo.com:8080", "/p?q");

        assertThat(response.status()).isEqualTo(308);
        assertThat(response.header("location")).isEqualTo("https://foo.com/p?q");
    }

    @Test
    void theHttpsRedirectLosesAFinalSlashUnlessPreserveTrailingSlash() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/force-ssl-redirect", "true")),
                site("bar.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/force-ssl-redirect", "true",
                        "nginx.ingress.kubernetes.io/preserve-trailing-slash", "true")));

        assertThat(get("foo.com", "/app/").header("location")).isEqualTo("https://foo.com/app");
        assertThat(get("foo.com", "/").header("location")).isEqualTo("https://foo.com");
        assertThat(get("foo.com", "/app/?q=1").header("location")).isEqualTo("https://foo.com/app/?q=1");
        assertThat(get("bar.com", "/app/").header("location")).isEqualTo("https://bar.com/app/");
        assertThat(get("bar.com", "/").header("location")).isEqualTo("https://bar.com/");
    }

    @Test
    void corsPreflightAndHeaders() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/enable-cors", "true",
                "nginx.ingress.kubernetes.io/cors-allow-origin", "https://a.example, https://b.example",
                "nginx.ingress.kubernetes.io/cors-expose-headers", "X-Request-Id, X-Total")));

        RawHttp.Response preflight;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            preflight = http.exchange("OPTIONS /api HTTP/1.1\r\nHost: foo.com\r\nOrigin: https://b.example\r\n"
                    + "Access-Control-Request-Method: PUT\r\n\r\n");
        }
        RawHttp.Response simple = get("foo.com", "/api", "Origin: https://a.example\r\n");
        RawHttp.Response stranger = get("foo.com", "/api", "Origin: https://evil.example\r\n");

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("access-control-allow-origin")).isEqualTo("https://b.example");
        assertThat(preflight.header("access-control-allow-methods")).contains("PUT");
        assertThat(simple.status()).isEqualTo(200);
        assertThat(simple.header("access-control-allow-origin")).isEqualTo("https://a.example");
        assertThat(simple.header("access-control-allow-credentials")).isEqualTo("true");
        assertThat(simple.header("access-control-expose-headers")).isEqualTo("X-Request-Id, X-Total");
        assertThat(stranger.header("access-control-allow-origin")).isNull();
        assertThat(one.requests() + two.requests()).isEqualTo(2);
    }

    @Test
    void cookieAffinityKeepsAClientOnOneEndpoint() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/affinity", "cookie",
                "nginx.ingress.kubernetes.io/session-cookie-name", "route")));

        RawHttp.Response first = get("foo.com", "/");
        String cookie = first.header("set-cookie").split(";")[0];
        Set<String> backends = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            RawHttp.Response again = get("foo.com", "/", "Cookie: " + cookie + "\r\n");
            backends.add(again.reported("backend"));
            assertThat(again.header("set-cookie")).isNull();
        }

        assertThat(cookie).startsWith("route=");
        assertThat(backends).containsExactly(first.reported("backend"));
    }

    @Test
    void upstreamHashByKeepsAKeyOnOneEndpoint() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/upstream-hash-by", "$arg_user")));

        Set<String> all = new HashSet<>();
        for (int user = 0; user < 20; user++) {
            Set<String> ofUser = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                ofUser.add(get("foo.com", "/x?user=" + user).reported("backend"));
            }
            assertThat(ofUser).as("user %d", user).hasSize(1);
            all.addAll(ofUser);
        }

        assertThat(all).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void upstreamHashBySubsetSpreadsAKeyOverItsSubset() throws Exception {
        // Two endpoints in one subset of two: every key's requests go to both, drawn at random.
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/upstream-hash-by", "$arg_user",
                "nginx.ingress.kubernetes.io/upstream-hash-by-subset", "true",
                "nginx.ingress.kubernetes.io/upstream-hash-by-subset-size", "2")));

        Set<String> ofUser = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            ofUser.add(get("foo.com", "/x?user=7").reported("backend"));
        }

        // Missing either endpoint in 40 draws has a chance of 2e-12.
        assertThat(ofUser).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void fromToWwwRedirect() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/from-to-www-redirect", "true")));

        RawHttp.Response redirected = get("www.foo.com", "/a/b?c=d");

        assertThat(redirected.status()).isEqualTo(308);
        assertThat(redirected.header("location")).isEqualTo("http://foo.com/a/b?c=d");
        assertThat(get("foo.com", "/a").reported("backend")).isIn("one", "two");
    }

    @Test
    void upstreamVhostAndForwardedPrefixAreWhatTheBackendGets() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/upstream-vhost", "internal.svc:8080",
                "nginx.ingress.kubernetes.io/x-forwarded-prefix", "/api")));

        RawHttp.Response response = get("foo.com", "/x", "X-Forwarded-Prefix: /forged\r\n");

        assertThat(response.reported("header.host")).isEqualTo("internal.svc:8080");
        assertThat(response.reported("header.x-forwarded-host")).isEqualTo("foo.com");
        assertThat(response.reported("header.x-forwarded-prefix")).isEqualTo("/api");
    }

    @Test
    void theAffinityCookieCarriesTheAttributesAskedFor() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/affinity", "cookie",
                "nginx.ingress.kubernetes.io/session-cookie-secure", "true",
                "nginx.ingress.kubernetes.io/session-cookie-samesite", "Strict",
                "nginx.ingress.kubernetes.io/session-cookie-expires", "3600",
                "nginx.ingress.kubernetes.io/session-cookie-domain", ".foo.com")));

        String cookie = get("foo.com", "/").header("set-cookie");

        assertThat(cookie).startsWith("INGRESSCOOKIE=").contains("; Max-Age=3600", "; Path=/", "; Secure",
                "; HTTPOnly", "; SameSite=Strict", "; Domain=.foo.com");
    }

    @Test
    void sameSiteNoneIsLeftOutForBrowsersThatRefuseItWhenConditional() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/affinity", "cookie",
                "nginx.ingress.kubernetes.io/session-cookie-samesite", "None",
                "nginx.ingress.kubernetes.io/session-cookie-conditional-samesite-none", "true")));
        String chrome66 = "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/66.0.3359.139 Safari/537.36\r\n";
        String ios12 = "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 12_4 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1\r\n";
        String chrome131 = "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36\r\n";

        assertThat(get("foo.com", "/", chrome66).header("set-cookie")).startsWith("INGRESSCOOKIE=")
                .doesNotContainIgnoringCase("SameSite");
        assertThat(get("foo.com", "/", ios12).header("set-cookie")).doesNotContainIgnoringCase("SameSite");
        assertThat(get("foo.com", "/", chrome131).header("set-cookie")).contains("; SameSite=None");
        assertThat(get("foo.com", "/").header("set-cookie")).contains("; SameSite=None");

        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/affinity", "cookie",
                "nginx.ingress.kubernetes.io/session-cookie-samesite", "None")));
        assertThat(get("foo.com", "/", chrome66).header("set-cookie")).contains("; SameSite=None");
    }

    @Test
    void proxyNextUpstreamOffAnswersAFailedConnectionInsteadOfRetrying() throws Exception {
        HttpBackend gone = HttpBackend.start("gone");
        gone.close();
        plane.apply(new Routes().service("app", gone, one)
                .ingress(site("once.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/proxy-next-upstream", "off")))
                .table());
        // Round-robin over the two: every other request meets the dead endpoint (ejected after three failures).
        List<Integer> once = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            once.add(get("once.com", "/").status());
        }
        plane.apply(new Routes().service("app", gone, one).ingress(site("retry.com", "Prefix", "/", Map.of()))
                .table());
        List<Integer> retried = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            retried.add(get("retry.com", "/").status());
        }

        assertThat(once).containsExactlyInAnyOrder(502, 502, 200, 200);
        assertThat(retried).containsOnly(200);
    }

    @Test
    void loadBalanceEwmaSendsRequestsToTheEndpointThatAnswersFaster() throws Exception {
        HttpBackend slow = plane.backend(HttpBackend.start("slow"));
        slow.answerEverythingAfter(100);
        plane.apply(new Routes().service("app", slow, one)
                .ingress(site("ewma.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/load-balance", "ewma")))
                .ingress(site("rr.com", "Prefix", "/", Map.of())).table());

        for (int i = 0; i < 20; i++) {
            assertThat(get("ewma.com", "/").status()).isEqualTo(200);
        }
        int slowByLatency = slow.requests();
        for (int i = 0; i < 20; i++) {
            assertThat(get("rr.com", "/").status()).isEqualTo(200);
        }

        // Once each has answered, the slow one loses every draw (its 100 ms decay over 10 s).
        assertThat(slowByLatency).isBetween(1, 2);
        assertThat(slow.requests() - slowByLatency).isEqualTo(10);
    }

    @Test
    void requestAndResponseHeadersAreSetInsteadOfSnippets() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of(
                "reseau.io/request-headers", "X-Env: prod\nX-Team: core\n",
                "reseau.io/response-headers", "X-Frame-Options: DENY\nContent-Type: text/x-checked")));

        RawHttp.Response response = get("foo.com", "/x", "X-Env: forged\r\n");
        RawHttp.Response missing = get("foo.com", "/status/404");

        assertThat(response.reported("header.x-env")).isEqualTo("prod");
        assertThat(response.reported("header.x-team")).isEqualTo("core");
        assertThat(response.header("x-frame-options")).isEqualTo("DENY");
        assertThat(response.header("content-type")).isEqualTo("text/x-checked");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("x-frame-options")).isEqualTo("DENY");
    }

    @Test
    void fieldsSetHoldTheRequestsValuesOfNginxVariables() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of(
                "reseau.io/request-headers", "X-Client: $remote_addr via $scheme\nX-Request-Start: t=${msec}\n"
                        + "X-Tenant: $http_x_tenant-$arg_user\n",
                "reseau.io/response-headers", "X-Served-For: $host$request_uri ($request_id)")));

        RawHttp.Response response = get("foo.com", "/x?user=7", "X-Tenant: acme\r\nX-Request-ID: r-42\r\n");

        assertThat(response.reported("header.x-client")).isEqualTo("127.0.0.1 via http");
        assertThat(response.reported("header.x-tenant")).isEqualTo("acme-7");
        assertThat(response.reported("header.x-request-start")).matches("t=\\d{10}\\.\\d{3}");
        assertThat(response.header("x-served-for")).isEqualTo("foo.com/x?user=7 (r-42)");
    }

    @Test
    void proxyBodySizeZeroMeansNoLimit() throws Exception {
        serve(site("foo.com", "Prefix", "/", Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "0")));

        RawHttp.Response response;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            response = http.exchange("POST / HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 2000000\r\n\r\n"
                    + "y".repeat(2_000_000));
        }

        assertThat(response.reported("body")).isEqualTo("2000000");
    }
}

package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * auth-url as oauth2-proxy is used with ingress-nginx, over real sockets: a stand-in authentication service lets
 * in requests with the cookie {@code session=alice} (answering 202 with {@code X-Auth-Request-User: alice}), forbids
 * {@code session=banned} and answers 401 otherwise.
 */
class ExternalAuthTrafficTest {

    private HttpBackend backend;
    private HttpServer authService;
    private final List<Map<String, String>> asked = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        authService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        authService.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        authService.createContext("/check", this::check);
        authService.start();
    }

    private void check(HttpExchange exchange) throws IOException {
        Map<String, String> fields = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> fields.put(name.toLowerCase(), String.join(",", values)));
        fields.put(":method", exchange.getRequestMethod());
        asked.add(fields);
        String cookie = fields.getOrDefault("cookie", "");
        int status = cookie.contains("session=alice") ? 202 : cookie.contains("session=banned") ? 403 : 401;
        if (status == 202) {
            exchange.getResponseHeaders().add("X-Auth-Request-User", "alice");
            // oauth2-proxy refreshing its session cookie.
            exchange.getResponseHeaders().add("Set-Cookie", "_oauth2_proxy=refreshed; Path=/; HttpOnly");
        } else if (status == 401) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"sso\"");
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @AfterEach
    void stop() {
        authService.stop(0);
    }

    private void serve(Map<String, String> annotations) {
        serve(annotations, new Routes());
    }

    /** The app behind authentication with these annotations, among these other objects. */
    private void serve(Map<String, String> annotations, Routes others) {
        Map<String, String> all = new HashMap<>(annotations);
        all.putIfAbsent("nginx.ingress.kubernetes.io/auth-url",
                "http://127.0.0.1:" + authService.getAddress().getPort() + "/check");
        all.put("nginx.ingress.kubernetes.io/auth-response-headers", "X-Auth-Request-User");
        plane.apply(others.service("app", backend)
                .ingress(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)), all))
                .table());
    }

    private RawHttp.Response get(String... headers) throws IOException {
        return getAt("/private?a=1", headers);
    }

    private RawHttp.Response getAt(String target, String... headers) throws IOException {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("GET " + target + " HTTP/1.1\r\nHost: foo.com\r\n" + String.join("", headers)
                    + "\r\n");
        }
    }

    @Test
    void theServicesCookieReachesTheClientOnASuccessOrOnEveryResponseWithAlwaysSetCookie() throws Exception {
        serve(Map.of());
        RawHttp.Response ok = get("Cookie: session=alice\r\n");
        RawHttp.Response failed = getAt("/status/500", "Cookie: session=alice\r\n");
        RawHttp.Response refused = get();

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("set-cookie")).isEqualTo("_oauth2_proxy=refreshed; Path=/; HttpOnly");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.header("set-cookie")).isNull();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("set-cookie")).isNull();

        serve(Map.of("nginx.ingress.kubernetes.io/auth-always-set-cookie", "true"));
        RawHttp.Response failedAlways = getAt("/status/500", "Cookie: session=alice\r\n");

        assertThat(failedAlways.status()).isEqualTo(500);
        assertThat(failedAlways.header("set-cookie")).isEqualTo("_oauth2_proxy=refreshed; Path=/; HttpOnly");
    }

    @Test
    void theServiceLetsInWithItsFieldsAndTheClientCannotForgeThem() throws Exception {
        serve(Map.of());

        RawHttp.Response response = get("Cookie: session=alice\r\n", "X-Auth-Request-User: mallory\r\n",
                "X-Original-URL: http://evil/\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reported("path")).isEqualTo("/private?a=1");
        assertThat(response.reported("header.x-auth-request-user")).isEqualTo("alice");
        Map<String, String> question = asked.getFirst();
        assertThat(question).containsEntry(":method", "GET").containsEntry("cookie", "session=alice")
                .containsEntry("x-original-url", "http://foo.com/private?a=1")
                .containsEntry("x-original-method", "GET").containsEntry("x-auth-request-redirect", "/private?a=1")
                .containsEntry("x-forwarded-host", "foo.com");
        // The request ID reseau made is the one the service and the backend see.
        assertThat(question.get("x-request-id")).matches("[0-9a-f]{32}")
                .isEqualTo(response.reported("header.x-request-id"));
    }

    @Test
    void authProxySetHeadersPutsItsFieldsOnTheQuestionWithTheirVariablesInsteadOfTheClients() throws Exception {
        ConfigMap fields = new ConfigMapBuilder().withNewMetadata().withNamespace("default").withName("auth-fields")
                .endMetadata().withData(Map.of("X-Tenant", "blue", "X-Client-Path", "$uri", "X-Client-Arg", "$arg_a",
                        "X-Debug", ""))
                .build();
        serve(Map.of("nginx.ingress.kubernetes.io/auth-proxy-set-headers", "auth-fields"),
                new Routes().configMap(fields));

        RawHttp.Response response = get("Cookie: session=alice\r\n", "X-Tenant: forged\r\n", "X-Debug: 1\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(asked.getFirst()).containsEntry("x-tenant", "blue").containsEntry("x-client-path", "/private")
                .containsEntry("x-client-arg", "1").containsEntry("cookie", "session=alice")
                .doesNotContainKey("x-debug");
        // The fields are the question's only: the backend gets what the client sent.
        assertThat(response.reported("header.x-tenant")).isEqualTo("forged");
        assertThat(response.reported("header.x-client-path")).isNull();
    }

    @Test
    void withACacheKeyTheServicesAnswerServesTheRequestsOfThatKeyWhileItLasts() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/auth-cache-key", "$cookie_session",
                "nginx.ingress.kubernetes.io/auth-cache-duration", "202 5m, 401 5m"));

        RawHttp.Response first = get("Cookie: session=alice\r\n");
        RawHttp.Response again = get("Cookie: session=alice\r\n");
        RawHttp.Response anonymous = get();
        RawHttp.Response anonymousAgain = get();
        RawHttp.Response banned = get("Cookie: session=banned\r\n");
        RawHttp.Response bannedAgain = get("Cookie: session=banned\r\n");

        assertThat(List.of(first.status(), again.status(), anonymous.status(), anonymousAgain.status(),
                banned.status(), bannedAgain.status())).containsExactly(200, 200, 401, 401, 403, 403);
        // The service's cookie is the asking client's session: a kept answer does not hand it to the next.
        assertThat(first.header("set-cookie")).isEqualTo("_oauth2_proxy=refreshed; Path=/; HttpOnly");
        assertThat(again.header("set-cookie")).isNull();
        assertThat(again.reported("header.x-auth-request-user")).isEqualTo("alice");
        // Asked once for alice and once without a session (kept: 202 and 401), twice for banned (403: not kept).
        assertThat(asked).hasSize(4);
    }

    @Test
    void refusalsAreAnsweredWithoutReachingTheBackend() throws Exception {
        serve(Map.of());

        RawHttp.Response anonymous = get();
        RawHttp.Response banned = get("Cookie: session=banned\r\n");
        // Even the service's own answer to a forged header cannot let a request in.
        RawHttp.Response forged = get("X-Auth-Request-User: alice\r\n");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("www-authenticate")).isEqualTo("Bearer realm=\"sso\"");
        assertThat(banned.status()).isEqualTo(403);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(backend.requests()).isZero();
    }

    @Test
    void withSigninAnAnonymousClientIsSentToSignIn() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/auth-signin", "https://$host/oauth2/start"));

        RawHttp.Response response = get();

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("location")).isEqualTo("https://foo.com/oauth2/start?rd=http://foo.com%2Fprivate%3Fa%3D1");
    }

    @Test
    void anUnreachableServiceFailsClosed() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/auth-url", "http://127.0.0.1:9/check"));

        assertThat(get("Cookie: session=alice\r\n").status()).isEqualTo(500);
        assertThat(backend.requests()).isZero();
    }
}

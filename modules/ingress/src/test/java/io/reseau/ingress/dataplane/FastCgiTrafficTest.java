package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.reseau.ingress.testing.LogCapture;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.PhpFpm;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TlsSockets;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backend-protocol: FCGI} against a real FastCGI server, Debian's PHP-FPM, on loopback: the script the
 * ConfigMap's {@code SCRIPT_FILENAME} names (the documentation's {@code <root>$fastcgi_script_name}) runs with the request's CGI parameters and body, and its answer (status,
 * fields, body in any size) reaches the client; what it writes to stderr is logged.
 */
class FastCgiTrafficTest {

    /** Answers with what PHP saw of the request, as JSON; its query asks for a status, a redirect, a large body. */
    private static final String SCRIPT = """
            <?php
            if (isset($_GET['status'])) { http_response_code((int) $_GET['status']); }
            if (isset($_GET['location'])) { header('Location: ' . $_GET['location']); }
            if (isset($_GET['stderr'])) { error_log('the script complains: ' . $_GET['stderr']); }
            header('X-Script: ' . basename(__FILE__));
            if (isset($_GET['big'])) { echo str_repeat('0123456789', (int) $_GET['big']); exit; }
            $seen = [];
            foreach (['REQUEST_METHOD', 'SCRIPT_NAME', 'REQUEST_URI', 'DOCUMENT_URI', 'QUERY_STRING', 'CONTENT_TYPE',
                    'CONTENT_LENGTH', 'SERVER_PROTOCOL', 'REQUEST_SCHEME', 'REMOTE_ADDR', 'SERVER_NAME', 'APP_ENV',
                    'APP_SCRIPT', 'HTTP_HOST', 'HTTP_X_FORWARDED_FOR', 'HTTP_X_LONG', 'HTTP_PROXY', 'HTTP_X_REAL_IP',
                    'GATEWAY_INTERFACE', 'HTTPS'] as $name) {
                $seen[$name] = $_SERVER[$name] ?? null;
            }
            $seen['body'] = file_get_contents('php://input');
            $seen['title_hex'] = bin2hex($_SERVER['APP_TITLE'] ?? '');
            echo json_encode($seen);
            """;

    @TempDir
    static Path scripts;
    private static PhpFpm fpm;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();
    @RegisterExtension
    final LogCapture log = new LogCapture(UpstreamFastCgiConnection.class.getName());

    @BeforeAll
    static void startPhpFpm() throws Exception {
        Files.writeString(scripts.resolve("index.php"), SCRIPT);
        Files.createDirectories(scripts.resolve("shop"));
        Files.writeString(scripts.resolve("shop/index.php"), SCRIPT);
        fpm = PhpFpm.start(scripts);
    }

    @AfterAll
    static void stopPhpFpm() throws Exception {
        fpm.close();
    }

    @BeforeEach
    void route() throws Exception {
        plane.apply(new Routes().service("php", fpm.port(), "127.0.0.1")
                .service("gone", RawHttp.freePort(), "127.0.0.1")
                .configMap(new ConfigMapBuilder().withNewMetadata().withNamespace("default").withName("php-params")
                        .endMetadata().withData(Map.of("SCRIPT_FILENAME", scripts + "$fastcgi_script_name",
                                "APP_ENV", "staging", "APP_SCRIPT", "$fastcgi_script_name on $host",
                                "APP_TITLE", "café")).build())
                // An application that writes a body whatever the method: PHP is told every request is a GET.
                .configMap(new ConfigMapBuilder().withNewMetadata().withNamespace("default").withName("always-get")
                        .endMetadata().withData(Map.of("SCRIPT_FILENAME", scripts + "/index.php",
                                "REQUEST_METHOD", "GET")).build())
                .ingress(fastCgi("app", "php", "php-params"))
                .ingress(fastCgi("always-get", "php", "always-get"))
                .ingress(fastCgi("gone", "gone", "php-params"))
                .ingress(annotated(ingress("default", "any-host", "", path("Prefix", "/", "php", 80)), Map.of(
                        "nginx.ingress.kubernetes.io/backend-protocol", "FCGI",
                        "nginx.ingress.kubernetes.io/fastcgi-params-configmap", "php-params")))
                .table());
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.Ingress fastCgi(String name, String service,
            String params) {
        return annotated(ingress("default", name, name + ".foo.com", path("Prefix", "/", service, 80)), Map.of(
                "nginx.ingress.kubernetes.io/backend-protocol", "FCGI",
                "nginx.ingress.kubernetes.io/fastcgi-index", "index.php",
                "nginx.ingress.kubernetes.io/fastcgi-params-configmap", params));
    }

    @Test
    void theScriptRunsWithTheRequestsCgiParametersAndTheRoutesOwn() throws Exception {
        String longValue = "v".repeat(300);
        RawHttp.Response response;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            response = http.exchange("GET /shop/?item=7 HTTP/1.1\r\nHost: app.foo.com\r\n"
                    + "X-Long: " + longValue + "\r\nProxy: http://evil.example\r\nX_Real_IP: 6.6.6.6\r\n"
                    + "X-Forwarded-For: 6.6.6.6\r\n\r\n");
        }

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-script")).isEqualTo("index.php");
        JsonObject seen = new JsonObject(response.body());
        assertThat(seen.getString("REQUEST_METHOD")).isEqualTo("GET");
        assertThat(seen.getString("SCRIPT_NAME")).as("fastcgi-index after a final slash").isEqualTo("/shop/index.php");
        assertThat(seen.getString("DOCUMENT_URI")).isEqualTo("/shop/");
        assertThat(seen.getString("REQUEST_URI")).isEqualTo("/shop/?item=7");
        assertThat(seen.getString("QUERY_STRING")).isEqualTo("item=7");
        assertThat(seen.getString("SERVER_PROTOCOL")).isEqualTo("HTTP/1.1");
        assertThat(seen.getString("REQUEST_SCHEME")).isEqualTo("http");
        assertThat(seen.getString("REMOTE_ADDR")).isEqualTo("127.0.0.1");
        assertThat(seen.getString("SERVER_NAME")).isEqualTo("app.foo.com");
        assertThat(seen.getString("GATEWAY_INTERFACE")).isEqualTo("CGI/1.1");
        assertThat(seen.getString("APP_ENV")).isEqualTo("staging");
        assertThat(seen.getString("APP_SCRIPT")).isEqualTo("/shop/index.php on app.foo.com");
        assertThat(seen.getString("HTTP_HOST")).isEqualTo("app.foo.com");
        assertThat(seen.getString("HTTP_X_LONG")).as("a value of 128 bytes or more").isEqualTo(longValue);
        // The client's X-Forwarded-For is not trusted: reseau's own is sent, as to HTTP backends.
        assertThat(seen.getString("HTTP_X_FORWARDED_FOR")).isEqualTo("127.0.0.1");
        assertThat(seen.getValue("HTTP_PROXY")).as("httpoxy").isNull();
        assertThat(seen.getString("title_hex")).as("the ConfigMap's text as UTF-8").isEqualTo("636166c3a9");
        assertThat(seen.getString("HTTP_X_REAL_IP")).as("not the underscored field").isEqualTo("127.0.0.1");
    }

    @Test
    void bodiesReachTheScriptWithTheirLengthChunkedOnesReceivedWholeFirst() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            JsonObject sized = new JsonObject(http.exchange("POST /index.php HTTP/1.1\r\nHost: app.foo.com\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello there").body());
            assertThat(sized.getString("body")).isEqualTo("hello there");
            assertThat(sized.getString("CONTENT_LENGTH")).isEqualTo("11");
            assertThat(sized.getString("CONTENT_TYPE")).isEqualTo("text/plain");

            JsonObject chunked = new JsonObject(http.exchange("POST /index.php HTTP/1.1\r\nHost: app.foo.com\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n there\r\n0\r\n\r\n").body());
            assertThat(chunked.getString("body")).isEqualTo("hello there");
            assertThat(chunked.getString("CONTENT_LENGTH")).isEqualTo("11");
        }
    }

    @Test
    void theScriptsStatusRedirectAndLargeBodyReachTheClient() throws Exception {
        assertThat(RawHttp.get(plane.httpPort(), "app.foo.com", "/?status=418").status()).isEqualTo(418);
        RawHttp.Response missing = RawHttp.get(plane.httpPort(), "app.foo.com", "/missing.php");
        assertThat(missing.status()).as("PHP-FPM's own answer for a script that is not there").isEqualTo(404);
        assertThat(missing.body()).contains("File not found");
        RawHttp.Response redirect = RawHttp.get(plane.httpPort(), "app.foo.com", "/?location=/elsewhere");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("location")).isEqualTo("/elsewhere");

        RawHttp.Response big = RawHttp.get(plane.httpPort(), "app.foo.com", "/?big=50000");
        assertThat(big.status()).isEqualTo(200);
        assertThat(big.body()).hasSize(500_000).isEqualTo("0123456789".repeat(50_000));

        String head = RawHttp.untilClosed(plane.httpPort(),
                "HEAD /?big=10 HTTP/1.1\r\nHost: always-get.foo.com\r\nConnection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200 ").contains("X-Script: index.php")
                .as("nothing of the body the script wrote").endsWith("\r\n\r\n");
    }

    @Test
    void http2ClientsOverTlsAreAnsweredByTheScript() throws Exception {
        String base = "https://localhost:" + plane.httpsPort();
        try (HttpClient client = TlsSockets.http2Client()) {
            HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create(base + "/index.php?x=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("over h2")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.version()).isEqualTo(HttpClient.Version.HTTP_2);
            JsonObject seen = new JsonObject(posted.body());
            assertThat(seen.getString("SERVER_PROTOCOL")).isEqualTo("HTTP/2.0");
            assertThat(seen.getString("REQUEST_SCHEME")).isEqualTo("https");
            assertThat(seen.getString("HTTPS")).isEqualTo("on");
            assertThat(seen.getString("body")).isEqualTo("over h2");

            HttpResponse<String> big = client.send(HttpRequest.newBuilder(
                    URI.create(base + "/index.php?big=30000")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(200);
            assertThat(big.body()).isEqualTo("0123456789".repeat(30_000));
        }
    }

    @Test
    void whatTheScriptWritesToStderrIsLogged() throws Exception {
        assertThat(RawHttp.get(plane.httpPort(), "app.foo.com", "/?stderr=disk+full").status()).isEqualTo(200);

        assertThat(log.lines()).anyMatch(line -> line.contains("the script complains: disk full"));
    }

    @Test
    void anEndpointThatDoesNotAnswerIsABadGateway() throws Exception {
        assertThat(RawHttp.get(plane.httpPort(), "gone.foo.com", "/").status()).isEqualTo(502);
    }
}

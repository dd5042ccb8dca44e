package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.opaqueSecret;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth-type: basic} from an htpasswd Secret, seen from a client over a real socket: 401 with the realm
 * without the right password, the request forwarded with it, bcrypt and Apache MD5 users alike.
 */
class BasicAuthTrafficTest {

    /** alice's password is {@code s3cret!} (bcrypt), bob's {@code hunter2} (Apache MD5, htpasswd's default). */
    private static final String HTPASSWD = """
            alice:$2y$05$54igfnmvgHpHn6.14VrMBe0rk/MdPiFLGv6Tehj1HQy.pFb.2RhWG
            bob:$apr1$0/7Gi9oJ$jcC07nZFZzDcQgyaevYFG0
            """;

    private HttpBackend backend;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)), Map.of(
                        "nginx.ingress.kubernetes.io/auth-type", "basic",
                        "nginx.ingress.kubernetes.io/auth-secret", "basic-auth",
                        "nginx.ingress.kubernetes.io/auth-realm", "Authentication Required - foo")))
                .ingress(guarded("elsewhere.com", "10.0.0.0/8", "all"))
                .ingress(guarded("either.com", "10.0.0.0/8", "any"))
                .ingress(guarded("near.com", "127.0.0.0/8", "any"))
                .secret(opaqueSecret("default", "basic-auth", Map.of("auth", HTPASSWD)))
                .table());
    }

    /** Basic authentication and an allowed source range, either or both required. */
    private static io.fabric8.kubernetes.api.model.networking.v1.Ingress guarded(String host, String range,
            String satisfy) {
        return annotated(ingress("default", host, host, path("Prefix", "/", "app", 80)), Map.of(
                "nginx.ingress.kubernetes.io/auth-type", "basic",
                "nginx.ingress.kubernetes.io/auth-secret", "basic-auth",
                "nginx.ingress.kubernetes.io/whitelist-source-range", range,
                "nginx.ingress.kubernetes.io/satisfy", satisfy));
    }

    @Test
    void satisfyAnyLetsAnAllowedAddressOrAnAuthenticatedClientThroughAndAllAsksForBoth() throws Exception {
        String alice = authorization("alice", "s3cret!");
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            // Loopback is outside 10.0.0.0/8: with satisfy all nothing passes, with any the password does.
            assertThat(http.exchange(on("elsewhere.com", alice)).status()).isEqualTo(403);
            assertThat(http.exchange(on("either.com")).status()).isEqualTo(401);
            assertThat(http.exchange(on("either.com", alice)).status()).isEqualTo(200);
            // Inside the range, with satisfy any, no password is asked.
            assertThat(http.exchange(on("near.com")).status()).isEqualTo(200);
        }
    }

    private static String on(String host, String... headers) {
        return "GET /private HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers) + "\r\n";
    }

    private static String authorization(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static String get(String... headers) {
        return "GET /private HTTP/1.1\r\nHost: foo.com\r\n" + String.join("", headers) + "\r\n";
    }

    @Test
    void withoutTheRightPasswordTheClientIsAskedForOne() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            for (String request : new String[] {get(), get(authorization("alice", "wrong")),
                    get(authorization("mallory", "s3cret!")), get("Authorization: Bearer abc\r\n")}) {
                RawHttp.Response response = http.exchange(request);

                assertThat(response.status()).as(request).isEqualTo(401);
                assertThat(response.header("www-authenticate"))
                        .isEqualTo("Basic realm=\"Authentication Required - foo\", charset=\"UTF-8\"");
                assertThat(response.body()).doesNotContain("backend=");
            }
        }
    }

    @Test
    void withTheRightPasswordTheRequestIsForwardedOnTheSameConnection() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            assertThat(http.exchange(get()).status()).isEqualTo(401);
            for (int i = 0; i < 3; i++) {
                // The first one is verified off the event loop, the others remembered.
                RawHttp.Response alice = http.exchange(get(authorization("alice", "s3cret!")));
                assertThat(alice.status()).isEqualTo(200);
                assertThat(alice.reported("path")).isEqualTo("/private");
                assertThat(alice.reported("header.authorization")).startsWith("Basic ");
            }
            assertThat(http.exchange(get(authorization("bob", "hunter2"))).status()).isEqualTo(200);
            assertThat(http.exchange(get(authorization("bob", "s3cret!"))).status()).isEqualTo(401);
        }
    }

    @Test
    void aBodySentWithWrongCredentialsDoesNotReachTheBackend() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response response = http.exchange("POST /upload HTTP/1.1\r\nHost: foo.com\r\n"
                    + authorization("alice", "wrong") + "Content-Length: 5\r\n\r\nhello");

            assertThat(response.status()).isEqualTo(401);
        }
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response response = http.exchange("POST /upload HTTP/1.1\r\nHost: foo.com\r\n"
                    + authorization("alice", "s3cret!") + "Content-Length: 5\r\n\r\nhello");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.reported("body")).isEqualTo("5");
        }
    }
}

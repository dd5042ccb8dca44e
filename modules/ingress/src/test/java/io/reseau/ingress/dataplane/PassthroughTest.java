package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static io.reseau.ingress.testing.TlsSockets.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RelayRecorder;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TlsSockets;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ssl-passthrough} over real sockets: the client's TLS session is with the backend itself, through reseau,
 * while other hosts' TLS is still terminated by reseau and plain HTTP to the host still takes its routes.
 */
class PassthroughTest {

    private static final Map<String, String> PASSTHROUGH = Map.of(
            "nginx.ingress.kubernetes.io/ssl-passthrough", "true",
            "nginx.ingress.kubernetes.io/backend-protocol", "HTTPS",
            "nginx.ingress.kubernetes.io/ssl-redirect", "false");

    private HttpBackend secure;
    private HttpBackend plain;

    private final RelayRecorder relayed = new RelayRecorder();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(relayed);

    @BeforeEach
    void start() throws Exception {
        secure = plane.backend(HttpBackend.startTls("pass.foo.com"));
        plain = plane.backend(HttpBackend.start("plain"));
        plane.apply(new Routes()
                .service("secure", secure)
                // The first endpoint refuses connections (nothing listens on 127.0.0.2): the next one is tried.
                .service("secure-behind-a-dead-one", secure.port(), "127.0.0.2", "127.0.0.1")
                .service("gone", secure.port(), "127.0.0.2")
                .service("plain", plain)
                .ingress(annotated(ingress("default", "pass", "pass.foo.com", path("Prefix", "/", "secure", 80)),
                        PASSTHROUGH))
                .ingress(annotated(ingress("default", "retry", "retry.foo.com",
                        path("Prefix", "/", "secure-behind-a-dead-one", 80)), PASSTHROUGH))
                .ingress(annotated(ingress("default", "gone", "gone.foo.com", path("Prefix", "/", "gone", 80)),
                        PASSTHROUGH))
                .ingress(ingress("default", "terminated", "foo.com", path("Prefix", "/", "plain", 80)))
                .table());
    }

    @Test
    void theClientsTlsSessionIsWithTheBackendItself() throws Exception {
        try (SSLSocket socket = connect("pass.foo.com"); RawHttp http = new RawHttp(socket)) {
            RawHttp.Response first = http.exchange("GET /x HTTP/1.1\r\nHost: pass.foo.com\r\n\r\n");
            RawHttp.Response second = http.exchange("GET /y HTTP/1.1\r\nHost: pass.foo.com\r\n\r\n");

            assertThat(subject(socket)).isEqualTo("CN=pass.foo.com");
            assertThat(first.reported("backend")).isEqualTo("pass.foo.com");
            assertThat(first.reported("tls")).isEqualTo("TLSv1.3");
            // Nothing of HTTP was touched: no forwarded fields, no HSTS added.
            assertThat(first.reported("header.x-forwarded-for")).isNull();
            assertThat(first.header("strict-transport-security")).isNull();
            assertThat(second.reported("path")).isEqualTo("/y");
        }
        // Told when it ended, as TLS to its host, with the bytes relayed each way.
        await().atMost(Duration.ofSeconds(5)).until(() -> !relayed.connections().isEmpty());
        RelayedConnection connection = relayed.connections().getFirst();
        assertThat(connection.protocol()).isEqualTo("TLS");
        assertThat(connection.entry()).isEqualTo("pass.foo.com");
        assertThat(connection.status()).isEqualTo(200);
        assertThat(connection.upstream().getPort()).isEqualTo(secure.port());
        assertThat(connection.bytesReceived()).isPositive();
        assertThat(connection.bytesSent()).isPositive();
        assertThat(connection.accessLog()).isTrue();
    }

    @Test
    void otherHostsAreStillTerminatedByReseau() throws Exception {
        try (SSLSocket socket = connect("foo.com"); RawHttp http = new RawHttp(socket)) {
            RawHttp.Response response = http.exchange("GET /x HTTP/1.1\r\nHost: foo.com\r\n\r\n");

            assertThat(subject(socket)).isEqualTo("CN=reseau-ingress-default");
            assertThat(response.reported("backend")).isEqualTo("plain");
            assertThat(response.reported("header.x-forwarded-proto")).isEqualTo("https");
        }
    }

    @Test
    void plainHttpToThePassthroughHostTakesItsRoutes() throws Exception {
        RawHttp.Response response = RawHttp.get(plane.httpPort(), "pass.foo.com", "/x");

        assertThat(response.reported("backend")).isEqualTo("pass.foo.com");
        assertThat(response.reported("header.x-forwarded-proto")).isEqualTo("http");
    }

    @Test
    void anEndpointThatRefusesIsPassedOverAndWithNoneLeftTheConnectionCloses() throws Exception {
        for (int i = 0; i < 4; i++) {
            try (SSLSocket socket = connect("retry.foo.com"); RawHttp http = new RawHttp(socket)) {
                assertThat(http.exchange("GET /x HTTP/1.1\r\nHost: retry.foo.com\r\n\r\n").reported("backend"))
                        .isEqualTo("pass.foo.com");
            }
        }
        assertThatThrownBy(() -> connect("gone.foo.com").close()).isInstanceOf(IOException.class);
        try (SSLSocket socket = connect("pass.foo.com")) {
            assertThat(subject(socket)).isEqualTo("CN=pass.foo.com");
        }
    }

    private SSLSocket connect(String serverName) throws Exception {
        return TlsSockets.connect(plane.httpsPort(), serverName);
    }
}

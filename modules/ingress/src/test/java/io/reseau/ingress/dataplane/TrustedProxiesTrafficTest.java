package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.reseau.ingress.model.SourceRange;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * use-forwarded-headers behind a TLS-terminating load balancer on loopback (trusted): the client it names is
 * forwarded and checked (by the route's source ranges and by block-cidrs), and its X-Forwarded-Proto: https spares
 * the request the HTTPS redirect.
 */
class TrustedProxiesTrafficTest {

    private HttpBackend backend;
    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .trustedProxies(List.of(SourceRange.parse("127.0.0.0/8")), "X-Forwarded-For", false, true)
            .blocked(new BlockedClients(List.of(SourceRange.parse("203.0.113.66/32")), List.of(), List.of())).build(),
            completed::add);

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(new IngressBuilder(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app",
                        80)), Map.of("nginx.ingress.kubernetes.io/whitelist-source-range", "203.0.113.0/24")))
                        .editSpec().addNewTl().withHosts("foo.com").withSecretName("missing").endTl().endSpec().build())
                .table());
    }

    private RawHttp.Response get(String... fields) throws Exception {
        return getFrom("foo.com", fields);
    }

    private RawHttp.Response getFrom(String host, String... fields) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("GET /x HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", fields) + "\r\n");
        }
    }

    @Test
    void theForwardedClientIsForwardedCheckedAndNotRedirected() throws Exception {
        RawHttp.Response allowed = get("X-Forwarded-For: 203.0.113.9\r\n", "X-Forwarded-Proto: https\r\n");
        RawHttp.Response refused = get("X-Forwarded-For: 198.51.100.1\r\n", "X-Forwarded-Proto: https\r\n");
        RawHttp.Response plain = get("X-Forwarded-For: 203.0.113.9\r\n");

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.reported("header.x-forwarded-for")).isEqualTo("203.0.113.9");
        assertThat(allowed.reported("header.x-forwarded-proto")).isEqualTo("https");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(plain.status()).isEqualTo(308);
        // The access log: the forwarded client as $remote_addr and in X-Forwarded-For, without a $remote_port (the
        // field names none), the connection's own scheme and port as $scheme and $server_port (nginx's), no PROXY
        // protocol.
        await().untilAsserted(() -> assertThat(completed.getFirst()).satisfies(r -> assertThat(
                r.client() + " [" + r.clientPort() + "] " + r.forwardedFor() + " " + r.connection().scheme() + ":"
                        + r.connection().serverPort() + " [" + r.connection().proxyProtocolAddress() + "]")
                .isEqualTo("203.0.113.9 [] 203.0.113.9 http:" + plane.httpPort() + " []")));
    }

    @Test
    void aClientInBlockCidrsIsRefusedWhateverItAsks() throws Exception {
        RawHttp.Response blocked = get("X-Forwarded-For: 203.0.113.66\r\n", "X-Forwarded-Proto: https\r\n");

        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.body()).contains("blocked");
        assertThat(getFrom("no.rule.example", "X-Forwarded-For: 203.0.113.66\r\n").status()).isEqualTo(403);
        assertThat(getFrom("no.rule.example", "X-Forwarded-For: 203.0.113.67\r\n").status()).isEqualTo(404);
    }
}

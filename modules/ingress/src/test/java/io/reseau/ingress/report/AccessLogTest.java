package io.reseau.ingress.report;

import static io.reseau.ingress.testing.LoggedConnections.PLAIN;
import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.testing.LogCapture;
import io.reseau.ingress.testing.Routes;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access log's lines: one JSON object per request, none for routes with {@code enable-access-log: "false"}, nor
 * for requests no Ingress rule took unless {@code enable-access-log-for-default-backend}.
 */
class AccessLogTest {

    private static final Route SHOP = onlyRoute("web", 8080, "shop", "shop.example");
    private static final Route DB = onlyRoute("db", 5432, "db", "db.example");

    @RegisterExtension
    final LogCapture log = new LogCapture("reseau.ingress.access");
    private final List<String> lines = log.lines();

    @Test
    void eachRequestIsOneJsonLineUnlessItsIngressTurnedTheLogOff() {
        // The default backend's requests logged too (enable-access-log-for-default-backend), to see their line.
        RoutingTable table = new Routes().service("web", 8080, "10.0.0.1")
                .ingress(ingress("default", "shop", "shop.example", path("Prefix", "/", "web", 80)))
                .ingress(annotated(ingress("default", "probes", "probes.example", path("Prefix", "/", "web", 80)),
                        Map.of("nginx.ingress.kubernetes.io/enable-access-log", "false")))
                .table();
        AccessLog log = new AccessLog(Optional.empty(), Optional.empty(), List.of(), true);

        log.completed(request(table.exactHosts().get("shop.example").routes().getFirst(), "shop.example"));
        log.completed(request(table.exactHosts().get("probes.example").routes().getFirst(), "probes.example"));
        log.completed(request(null, "unknown.example"));

        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).startsWith("{\"client\":\"10.1.1.1\"").contains("\"host\":\"shop.example\"",
                "\"status\":200", "\"ingress\":\"default/shop\"", "\"service\":\"default/web:80\"")
                .contains("\"query\":\"q=\\\"x\\\"\"", "\"request_id\":\"4f2a9c1e0b7d3a5f6e8c2b1a0d9f7e6c\"")
                .endsWith(",\"user_agent\":\"curl/8.14.1\",\"referer\":\"\"}");
        assertThat(lines.getFirst()).contains("\"request_length\":64,", "\"upstream_status\":200,"
                + "\"upstream_duration_ms\":0.8,\"upstream_response_length\":12,");
        assertThat(lines.getLast()).contains("\"host\":\"unknown.example\"", "\"ingress\":\"\"",
                "\"upstream_status\":null,\"upstream_duration_ms\":null,\"upstream_response_length\":null,");
    }

    @Test
    void requestsNoIngressRuleTookAreLeftOutByDefaultButNotThoseRefusedBeforeRouting() {
        AccessLog log = new AccessLog(Optional.empty(), Optional.empty(), List.of(), false);

        log.completed(request(SHOP, "shop.example"));
        log.completed(request(null, "scanner.example"));
        log.completed(new CompletedRequest("10.1.1.1", "40312", "10.1.1.1", PLAIN, 1,
                "HTTP/1.1", "GET", "shop.example", "/", "", 64, 400, 0,
                150, 1_000, null, null, UpstreamOutcome.NONE, "", "", "", false, Map.of()));

        assertThat(lines).extracting(line -> line.replaceFirst(".*\"host\":\"([^\"]*)\".*\"status\":(\\d+).*", "$1 $2"))
                .containsExactly("shop.example 200", "shop.example 400");
    }

    @Test
    void requestsForTheSkippedUrlsAreLeftOutTheirPathAndQueryComparedInAnyCase() {
        AccessLog log = new AccessLog(Optional.empty(), Optional.empty(), List.of("/healthz", " /ready?full=1"),
                false);

        log.completed(requestFor(SHOP, "/Healthz", ""));
        log.completed(requestFor(SHOP, "/ready", "full=1"));
        log.completed(requestFor(SHOP, "/healthz", "verbose"));
        log.completed(requestFor(SHOP, "/ready", ""));
        log.completed(requestFor(SHOP, "/healthz/deep", ""));

        assertThat(lines).extracting(line -> line.replaceFirst(".*\"path\":\"([^\"]*)\",\"query\":\"([^\"]*)\".*", "$1?$2"))
                .containsExactly("/healthz?verbose", "/ready?", "/healthz/deep?");
    }

    @Test
    void aLogFormatUpstreamMakesEachRequestsLineInstead() {
        AccessLog log = new AccessLog(Optional.of(AccessLogFormat.of("$remote_addr \"$request\" $status"
                + " [$proxy_upstream_name] $http_user_agent", LogEscape.DEFAULT)), Optional.empty(), List.of(), false);

        log.completed(request(SHOP, "shop.example"));

        assertThat(lines).containsExactly("10.1.1.1 \"GET /?q=\\x22x\\x22 HTTP/1.1\" 200 [default-web-80] curl/8.14.1");
    }

    @Test
    void eachRelayedConnectionIsOneJsonLineWhenItEndsUnlessItsIngressTurnedTheLogOff() {
        AccessLog log = new AccessLog(Optional.empty(), Optional.empty(), List.of(), false);

        log.relayed(new RelayedConnection("10.1.1.1", "TCP", "5432", DB.backend(),
                new InetSocketAddress("10.0.0.1", 5432), 200, 120, 4_000, 2_500_000, true));
        log.relayed(new RelayedConnection("10.1.1.2", "TLS", "db.example", DB.backend(), null, 502, 0, 0, 1_000,
                false));

        assertThat(lines).singleElement().isEqualTo("{\"client\":\"10.1.1.1\",\"protocol\":\"TCP\",\"entry\":\"5432\","
                + "\"status\":200,\"bytes_received\":120,\"bytes_sent\":4000,\"duration_ms\":2.5,"
                + "\"service\":\"default/db:80\",\"upstream\":\"10.0.0.1:5432\"}");
    }

    @Test
    void aLogFormatStreamMakesEachRelayedConnectionsLineInstead() {
        // ingress-nginx's default log-format-stream, but for the time.
        AccessLog log = new AccessLog(Optional.empty(), Optional.of(StreamLogFormat.of("[$remote_addr] $protocol"
                + " $status $bytes_sent $bytes_received $session_time $upstream_addr [$ssl_preread_server_name]", LogEscape.DEFAULT)), List.of(),
                false);

        log.relayed(new RelayedConnection("10.1.1.1", "UDP", "53", DB.backend(),
                new InetSocketAddress("10.0.0.1", 53), 200, 40, 120, 2_500_000, true));
        log.relayed(new RelayedConnection("10.1.1.2", "TLS", "db.example", DB.backend(), null, 502, 517, 0,
                1_000_000, true));

        assertThat(lines).containsExactly("[10.1.1.1] UDP 200 120 40 0.003 10.0.0.1:53 []",
                "[10.1.1.2] TCP 502 0 517 0.001 - [db.example]");
    }

    /** The route of {@code host}'s only Ingress, {@code /} to Service {@code service} with one endpoint. */
    private static Route onlyRoute(String service, int port, String name, String host) {
        return new Routes().service(service, port, "10.0.0.1")
                .ingress(ingress("default", name, host, path("Prefix", "/", service, 80))).table()
                .exactHosts().get(host).routes().getFirst();
    }

    private static CompletedRequest request(Route route, String host) {
        return request(route, host, "/", "q=\"x\"");
    }

    private static CompletedRequest requestFor(Route route, String path, String query) {
        return request(route, "shop.example", path, query);
    }

    private static CompletedRequest request(Route route, String host, String path, String query) {
        return new CompletedRequest("10.1.1.1", "40312", "10.1.1.1", PLAIN, 1,
                "HTTP/1.1", "GET", host, path, query, 64, route == null ? 404 : 200,
                12, 120, 1_000_000, route, route, route == null ? UpstreamOutcome.NONE
                        : new UpstreamOutcome(List.of(new UpstreamOutcome.Attempt(
                                new InetSocketAddress("10.0.0.1", 8080), 200, 100_000, 700_000, 800_000, 12,
                                false)), false),
                "4f2a9c1e0b7d3a5f6e8c2b1a0d9f7e6c",
                "curl/8.14.1", "", route == null, Map.of());
    }
}

package io.reseau.ingress.report;

import static io.reseau.ingress.testing.LoggedConnections.PLAIN;
import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.LoggedConnection;
import io.reseau.ingress.dataplane.LoggedFields;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.testing.Routes;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    /** ingress-nginx's default log-format-upstream, as its documentation gives it. */
    private static final String INGRESS_NGINX_DEFAULT = "$remote_addr - $remote_user [$time_local] \"$request\""
            + " $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_length $request_time"
            + " [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length"
            + " $upstream_response_time $upstream_status $req_id";
    private static final Instant NOW = Instant.parse("2026-12-05T20:23:36.042Z");

    private static final Route ROUTE = new Routes().service("web", 8080, "10.0.0.1")
            .ingress(ingress("default", "storefront", "shop.example", path("Prefix", "/", "web", 80))).table()
            .exactHosts().get("shop.example").routes().getFirst();

    /** A TLS connection the PROXY protocol named a client of. */
    private static final LoggedConnection PROXIED_TLS = new LoggedConnection(7, "https", "443", "192.0.2.7", "51234",
            "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "shop.example");

    private static CompletedRequest request(Route route, String userAgent) {
        return request(route, route, userAgent);
    }

    /** A GET of /cart answered {@code status} after asking these endpoints. */
    private static CompletedRequest asking(int status, UpstreamOutcome.Attempt... attempts) {
        return new CompletedRequest("192.0.2.7", "40312", "192.0.2.7", PLAIN, 1,
                "HTTP/1.1", "GET", "shop.example", "/cart", "", 60, status, 5,
                180, 9_000_000, ROUTE, ROUTE, new UpstreamOutcome(List.of(attempts), false), "", "", "", false,
                Map.of());
    }

    /** An endpoint on port 8080 asked. */
    private static UpstreamOutcome.Attempt attempt(String ip, int status, long nanos, long length, boolean errorPage) {
        return new UpstreamOutcome.Attempt(new InetSocketAddress(ip, 8080), status, nanos / 4, nanos / 2, nanos, length,
                errorPage);
    }

    /** A request that matched one route and was served by another (its canary), or by none (both null). */
    private static CompletedRequest request(Route matched, Route served, String userAgent) {
        return new CompletedRequest("192.0.2.7", "51234", "198.51.100.4, 192.0.2.7", PROXIED_TLS, 3,
                "HTTP/1.1", "GET", "shop.example", "/cart", "item=4&q=a b", 187,
                200, 1234, 1400, 3_456_000, matched, served, served == null ? UpstreamOutcome.NONE
                        : new UpstreamOutcome(List.of(new UpstreamOutcome.Attempt(
                                new InetSocketAddress("10.0.0.1", 8080), 200, 300_000, 1_200_000, 2_100_000, 4321,
                                false)), false),
                "4f2a9c1e0b7d3a5f6e8c2b1a0d9f7e6c", userAgent, "", matched == null,
                Map.of("$http_x_forwarded_for", "198.51.100.4", "$http_CF_Connecting_IP", "198.51.100.4",
                        "$cookie_Session", "s1", "$sent_http_content_type", "text/html"));
    }

    @Test
    void ingressNginxsDefaultFormatIsWrittenAsItWrites() {
        AccessLogFormat format = AccessLogFormat.of(INGRESS_NGINX_DEFAULT, LogEscape.DEFAULT);

        assertThat(format.line(request(ROUTE, "curl/8.14.1"), NOW)).isEqualTo("192.0.2.7 - - [05/Dec/2026:20:23:36"
                + " +0000] \"GET /cart?item=4&q=a b HTTP/1.1\" 200 1234 \"-\" \"curl/8.14.1\" 187 0.003"
                + " [default-web-80] [] 10.0.0.1:8080 4321 0.002 200 4f2a9c1e0b7d3a5f6e8c2b1a0d9f7e6c");
        assertThat(format.line(request(null, ""), NOW)).endsWith(" [-] [] - - - - 4f2a9c1e0b7d3a5f6e8c2b1a0d9f7e6c");
        assertThat(format.unsupported()).isEmpty();
    }

    /** The JSON format ingress-nginx's documentation of {@code log-format-upstream} gives as its example. */
    private static final String INGRESS_NGINX_JSON_EXAMPLE = "{\"time\": \"$time_iso8601\", \"remote_addr\":"
            + " \"$proxy_protocol_addr\", \"x_forwarded_for\": \"$proxy_add_x_forwarded_for\", \"request_id\":"
            + " \"$req_id\", \"remote_user\": \"$remote_user\", \"bytes_sent\": $bytes_sent, \"request_time\":"
            + " $request_time, \"status\": $status, \"vhost\": \"$host\", \"request_proto\": \"$server_protocol\","
            + " \"path\": \"$uri\", \"request_query\": \"$args\", \"request_length\": $request_length, \"duration\":"
            + " $request_time,\"method\": \"$request_method\", \"http_referrer\": \"$http_referer\","
            + " \"http_user_agent\": \"$http_user_agent\" }";

    @Test
    void ingressNginxsDocumentedJsonExampleIsFilledInWhole() throws Exception {
        AccessLogFormat format = AccessLogFormat.of(INGRESS_NGINX_JSON_EXAMPLE, LogEscape.JSON);

        String line = format.line(request(ROUTE, "curl/8.14.1"), NOW);

        assertThat(format.unsupported()).isEmpty();
        JsonNode fields = new ObjectMapper().readTree(line);
        assertThat(fields.get("remote_addr").asText()).isEqualTo("192.0.2.7");
        assertThat(fields.get("x_forwarded_for").asText()).isEqualTo("198.51.100.4, 192.0.2.7");
        assertThat(fields.get("bytes_sent").asLong()).isEqualTo(1400);
        assertThat(fields.get("status").asInt()).isEqualTo(200);
        assertThat(fields.get("request_query").asText()).isEqualTo("item=4&q=a b");
        // Without a Referer, nothing, as nginx writes a variable not found in JSON (where its default writes -).
        assertThat(fields.get("http_referrer").asText()).isEmpty();
    }

    @Test
    void connectionVariablesAreTheConnectionsAndNotFoundOverPlainHttpOrWithoutAProxyProtocolHeader() {
        AccessLogFormat format = AccessLogFormat.of("$scheme:$server_port $remote_port"
                + " #$connection/$connection_requests $ssl_protocol $ssl_cipher $ssl_server_name [$proxy_protocol_addr:$proxy_protocol_port]",
                LogEscape.DEFAULT);

        assertThat(format.line(request(ROUTE, "curl/8.14.1"), NOW)).isEqualTo("https:443 51234 #7/3 TLSv1.2"
                + " ECDHE-RSA-AES128-GCM-SHA256 shop.example [192.0.2.7:51234]");
        assertThat(format.line(asking(200), NOW)).isEqualTo("http:80 40312 #1/1 - - - [-:-]");
        assertThat(format.unsupported()).isEmpty();
        assertThat(AccessLogFormat.of("{\"tls\": \"$ssl_protocol\", \"port\": \"$proxy_protocol_port\"}",
                LogEscape.JSON).line(asking(200), NOW)).isEqualTo("{\"tls\": \"\", \"port\": \"\"}");
    }

    @Test
    void anyFieldOrCookieIsWrittenAsNginxNamesItAndThoseNamedAreKeptByTheDataPlane() {
        AccessLogFormat format = AccessLogFormat.of("$http_x_forwarded_for $http_CF_Connecting_IP $http_x_absent"
                + " $http_user_agent $http_x_forwarded_for $cookie_Session $cookie_absent $sent_http_content_type"
                + " $sent_http_x_absent", LogEscape.DEFAULT);

        assertThat(format.line(request(ROUTE, "curl/8.14.1"), NOW))
                .isEqualTo("198.51.100.4 198.51.100.4 - curl/8.14.1 198.51.100.4 s1 - text/html -");
        assertThat(format.unsupported()).isEmpty();
        assertThat(format.loggedFields().request().values()).extracting(Object::toString)
                .containsExactlyInAnyOrder("x-forwarded-for", "cf-connecting-ip", "x-absent");
        assertThat(format.loggedFields().cookies())
                .isEqualTo(Map.of("$cookie_Session", "Session", "$cookie_absent", "absent"));
        assertThat(format.loggedFields().response().values()).extracting(Object::toString)
                .containsExactlyInAnyOrder("content-type", "x-absent");
        assertThat(AccessLogFormat.of(INGRESS_NGINX_DEFAULT, LogEscape.DEFAULT).loggedFields())
                .isEqualTo(LoggedFields.NONE);
    }

    @Test
    void aRequestTheCanaryServedIsLoggedUnderTheMatchedRouteWithTheCanaryAsAlternative() {
        Route matched = new Routes().service("web", 8080, "10.0.0.1").service("web-next", 8080, "10.0.0.2")
                .ingress(ingress("default", "storefront", "shop.example", path("Prefix", "/", "web", 80)))
                .ingress(annotated(ingress("default", "storefront-next", "shop.example",
                        path("Prefix", "/", "web-next", 80)), Map.of("nginx.ingress.kubernetes.io/canary", "true",
                                "nginx.ingress.kubernetes.io/canary-weight", "100")))
                .table().exactHosts().get("shop.example").routes().getFirst();
        AccessLogFormat format = AccessLogFormat.of("$ingress_name $service_name [$proxy_upstream_name]"
                + " [$proxy_alternative_upstream_name]", LogEscape.DEFAULT);

        assertThat(format.line(request(matched, matched.canary().orElseThrow().route(), ""), NOW))
                .isEqualTo("storefront web [default-web-80] [default-web-next-80]");
        assertThat(format.line(request(matched, matched, ""), NOW))
                .isEqualTo("storefront web [default-web-80] []");
    }

    @Test
    void theUpstreamsVariablesListEveryEndpointAskedAsNginxDoes() {
        CompletedRequest retried = asking(200, attempt("10.0.0.2", 502, 1_000_000, 0, false),
                attempt("10.0.0.1", 200, 7_600_000, 5, false));

        assertThat(AccessLogFormat.of("$upstream_addr|$upstream_status|$upstream_response_time"
                + "|$upstream_response_length", LogEscape.DEFAULT).line(retried, NOW))
                .isEqualTo("10.0.0.2:8080, 10.0.0.1:8080|502, 200|0.001, 0.008|0, 5");
    }

    @Test
    void bytesSentCountTheHeadAndEachEndpointsConnectAndHeaderTimesAreWrittenDashWhereTheyDidNotCome() {
        CompletedRequest retried = asking(200,
                new UpstreamOutcome.Attempt(new InetSocketAddress("10.0.0.2", 8080), 502, -1, -1, 3_000_000, 0, false),
                new UpstreamOutcome.Attempt(new InetSocketAddress("10.0.0.1", 8080), 200, 1_600_000, 4_200_000,
                        7_600_000, 5, false));

        assertThat(AccessLogFormat.of("$upstream_connect_time|$upstream_header_time|$bytes_sent|$body_bytes_sent",
                LogEscape.DEFAULT).line(retried, NOW)).isEqualTo("-, 0.002|-, 0.004|180|5");
        assertThat(AccessLogFormat.of("$bytes_sent $upstream_connect_time $upstream_header_time", LogEscape.DEFAULT)
                .unsupported()).isEmpty();
    }

    @Test
    void theErrorPagesUpstreamFollowsTheBackendsAfterAColonAsNginxWritesAnotherUpstream() {
        CompletedRequest replaced = asking(404, attempt("10.0.0.2", 503, 1_000_000, 0, false),
                attempt("10.0.0.1", 404, 2_000_000, 9, false), attempt("10.0.9.9", 404, 1_000_000, 5, true));

        assertThat(AccessLogFormat.of("$upstream_addr|$upstream_status", LogEscape.DEFAULT).line(replaced, NOW))
                .isEqualTo("10.0.0.2:8080, 10.0.0.1:8080 : 10.0.9.9:8080|503, 404 : 404");
    }

    @Test
    void routeVariablesTimesAndBracedNamesAreFilledInAndNoRouteWritesDashes() {
        AccessLogFormat format = AccessLogFormat.of("${namespace}/$ingress_name $service_name:$service_port"
                + " $uri?$args $time_iso8601 $msec", LogEscape.DEFAULT);

        assertThat(format.line(request(ROUTE, ""), NOW))
                .isEqualTo("default/storefront web:80 /cart?item=4&q=a b 2026-12-05T20:23:36+00:00 1796502216.042");
        assertThat(format.line(request(null, ""), NOW)).startsWith("-/- -:- /cart?");
        assertThat(format.unsupported()).isEmpty();
    }

    @Test
    void valuesAreEscapedAsNginxDoesOrAsJsonStringsOrNotAtAll() {
        CompletedRequest hostile = request(ROUTE, "a \"quoted\" \\ agent\u0007 é");
        String json = "{\"agent\": \"$http_user_agent\", \"status\": $status}";

        assertThat(AccessLogFormat.of("\"$http_user_agent\"", LogEscape.DEFAULT).line(hostile, NOW))
                .isEqualTo("\"a \\x22quoted\\x22 \\x5C agent\\x07 \\xC3\\xA9\"");
        assertThat(AccessLogFormat.of(json, LogEscape.JSON).line(hostile, NOW))
                .isEqualTo("{\"agent\": \"a \\\"quoted\\\" \\\\ agent\\u0007 é\", \"status\": 200}");
        assertThat(AccessLogFormat.of("\"$http_user_agent\"", LogEscape.NONE).line(hostile, NOW))
                .isEqualTo("\"a \"quoted\" \\ agent\u0007 é\"");
        assertThat(LogEscape.of(true, true)).isEqualTo(LogEscape.NONE);
        assertThat(LogEscape.of(true, false)).isEqualTo(LogEscape.JSON);
    }
}

package io.reseau.ingress.report;

import static io.reseau.ingress.testing.LoggedConnections.PLAIN;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.testing.Routes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestMetrics metrics = new RequestMetrics(registry);
    private final Route route = new Routes().service("web", 8080, "10.0.0.1")
            .ingress(ingress("default", "front", "shop.example", path("Prefix", "/", "web", 80)))
            .table().exactHosts().get("shop.example").routes().getFirst();

    @Test
    void countsRequestsByIngressServiceAndStatusInIngressNginxsLatencyBucketsWithTheAnsweringEndpointsTime() {
        metrics.completed(request(route, 200, Duration.ofMillis(3), false));
        metrics.completed(request(route, 200, Duration.ofMillis(40), false));
        metrics.completed(request(route, 502, Duration.ofSeconds(3), true));
        metrics.completed(request(null, 404, Duration.ofMillis(1), false));

        String scraped = registry.scrape();

        String ok = "ingress=\"default/front\",service=\"default/web:80\",status=\"200\"";
        assertThat(scraped)
                .contains("reseau_ingress_requests_total{" + ok + ",} 2.0")
                .contains("reseau_ingress_request_duration_seconds_bucket{" + ok + ",le=\"0.005\",} 1.0")
                .contains("reseau_ingress_request_duration_seconds_bucket{" + ok + ",le=\"0.025\",} 1.0")
                .contains("reseau_ingress_request_duration_seconds_bucket{" + ok + ",le=\"0.05\",} 2.0")
                .contains("reseau_ingress_request_duration_seconds_bucket{" + ok + ",le=\"+Inf\",} 2.0")
                .contains("reseau_ingress_request_duration_seconds_count{" + ok + ",} 2.0")
                .contains("reseau_ingress_request_duration_seconds_sum{" + ok + ",} 0.043")
                // The endpoint that answered: 1.5 and 20 ms (the one that failed before it not counted).
                .contains("reseau_ingress_response_duration_seconds_bucket{" + ok + ",le=\"0.005\",} 1.0")
                .contains("reseau_ingress_response_duration_seconds_bucket{" + ok + ",le=\"0.025\",} 2.0")
                .contains("reseau_ingress_response_duration_seconds_count{" + ok + ",} 2.0")
                .contains("reseau_ingress_response_duration_seconds_count{ingress=\"\",service=\"\",status=\"404\",}"
                        + " 0.0")
                .contains("reseau_ingress_upstream_errors_total{ingress=\"default/front\",service=\"default/web:80\","
                        + "status=\"502\",} 1.0")
                .contains("reseau_ingress_requests_total{ingress=\"\",service=\"\",status=\"404\",} 1.0")
                .contains("reseau_ingress_request_bytes_total{" + ok + ",} 80.0")
                .contains("reseau_ingress_response_bytes_total{" + ok + ",} 20.0");
        assertThat(scraped.lines().filter(line -> line.startsWith("reseau_ingress_request_duration_seconds_bucket{"
                + ok))).hasSize(RequestTally.BOUNDS.size() + 1);
    }

    @Test
    void sumsTheCountsOfEveryThreadThatAnsweredRequests() throws InterruptedException {
        metrics.completed(request(route, 200, Duration.ofMillis(3), false));
        try (ExecutorService loops = Executors.newFixedThreadPool(2)) {
            for (int loop = 0; loop < 2; loop++) {
                loops.execute(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        metrics.completed(request(route, 200, Duration.ofMillis(7), i % 10 == 0));
                    }
                });
            }
        }

        String ok = "ingress=\"default/front\",service=\"default/web:80\",status=\"200\"";
        assertThat(registry.scrape())
                .contains("reseau_ingress_requests_total{" + ok + ",} 2001.0")
                .contains("reseau_ingress_request_duration_seconds_bucket{" + ok + ",le=\"0.005\",} 1.0")
                .contains("reseau_ingress_request_duration_seconds_bucket{" + ok + ",le=\"0.01\",} 2001.0")
                .contains("reseau_ingress_upstream_errors_total{" + ok + ",} 200.0")
                .contains("reseau_ingress_request_bytes_total{" + ok + ",} 80040.0");
    }

    @Test
    void countsRelayedConnectionsByServiceProtocolAndStatusWithTheirBytes() {
        metrics.relayed(connection(200, 120, 4_000));
        metrics.relayed(connection(200, 30, 1_000));
        metrics.relayed(connection(502, 0, 0));

        String scraped = registry.scrape();

        String tcp = "protocol=\"TCP\",service=\"default/web:80\"";
        assertThat(scraped)
                .contains("reseau_ingress_connections_total{" + tcp + ",status=\"200\",} 2.0")
                .contains("reseau_ingress_connections_total{" + tcp + ",status=\"502\",} 1.0")
                .contains("reseau_ingress_connection_received_bytes_total{" + tcp + ",} 150.0")
                .contains("reseau_ingress_connection_sent_bytes_total{" + tcp + ",} 5000.0");
    }

    private RelayedConnection connection(int status, long received, long sent) {
        return new RelayedConnection("192.0.2.7", "TCP", "5432", route.backend(),
                status == 200 ? new InetSocketAddress("10.0.0.1", 8080) : null, status, received, sent, 1_000_000,
                true);
    }

    /**
     * A request that took {@code took}, its route's endpoint (when it has a route) answering in half that time after
     * a first endpoint failed in a tenth of it.
     */
    private static CompletedRequest request(Route route, int status, Duration took, boolean upstreamError) {
        UpstreamOutcome outcome = route == null ? UpstreamOutcome.NONE : new UpstreamOutcome(List.of(
                attempt("10.0.0.9", 502, took.toNanos() / 10), attempt("10.0.0.1", status, took.toNanos() / 2)),
                upstreamError);
        return new CompletedRequest("192.0.2.7", "40312", "192.0.2.7", PLAIN, 1,
                "HTTP/1.1", "GET", "shop.example", "/", "", 40, status, 10,
                100, took.toNanos(), route, route, outcome, "", "", "", route == null, Map.of());
    }

    private static UpstreamOutcome.Attempt attempt(String ip, int status, long nanos) {
        return new UpstreamOutcome.Attempt(new InetSocketAddress(ip, 8080), status, 0, nanos / 2, nanos, 10, false);
    }
}

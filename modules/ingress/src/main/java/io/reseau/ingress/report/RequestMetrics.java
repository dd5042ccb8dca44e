package io.reseau.ingress.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.netty.util.concurrent.FastThreadLocal;
import io.prometheus.client.Collector;
import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.dataplane.RequestObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Prometheus metrics per Ingress, Service and status: requests, a latency histogram, a histogram of the time the
 * endpoint that answered took, from asking it to the end of its response (ingress-nginx's response duration, its
 * {@code $upstream_response_time}), upstream errors, the bytes of requests (head and body, as received) and of response
 * bodies sent (ingress-nginx's request and response size histograms' sums, which its dashboards read as rates); and per
 * Service relayed connections (TCP services, ssl-passthrough) by protocol and status, with their bytes each way.
 * <p>
 * Requests are counted on the event loop that answered them, each in a tally of its own, and the tallies summed when
 * scraped (a collector of the Prometheus registry's): Micrometer's meters, shared by the event loops, cost a request
 * about 0.4 µs of its 2.7 µs in atomic updates and clock reads. Connections, far fewer, go through Micrometer.
 */
public final class RequestMetrics implements RequestObserver {

    private final MeterRegistry registry;
    private final Queue<RequestTally> tallies = new ConcurrentLinkedQueue<>();
    private final FastThreadLocal<RequestTally> tally = new FastThreadLocal<>() {
        @Override
        protected RequestTally initialValue() {
            RequestTally created = new RequestTally();
            tallies.add(created);
            return created;
        }
    };

    public RequestMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        registry.getPrometheusRegistry().register(new TalliesCollector());
    }

    @Override
    public void completed(CompletedRequest request) {
        tally.get().record(request);
    }

    @Override
    public void relayed(RelayedConnection connection) {
        Tags tags = Tags.of("service", connection.service(), "protocol", connection.protocol());
        registry.counter("reseau.ingress.connections", tags.and("status", Integer.toString(connection.status())))
                .increment();
        registry.counter("reseau.ingress.connection.received.bytes", tags).increment(connection.bytesReceived());
        registry.counter("reseau.ingress.connection.sent.bytes", tags).increment(connection.bytesSent());
    }

    /** The tallies, summed when scraped; its families described up front so no other meter can take their names. */
    private final class TalliesCollector extends Collector implements Collector.Describable {

        @Override
        public List<MetricFamilySamples> collect() {
            Map<RequestLabels, long[]> totals = new HashMap<>();
            tallies.forEach(counted -> counted.addTo(totals));
            return RequestSamples.of(totals);
        }

        @Override
        public List<MetricFamilySamples> describe() {
            return RequestSamples.of(Map.of());
        }
    }
}

package io.reseau.ingress.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.dataplane.RequestObserver;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus metrics per Ingress and Service: requests by status, a latency histogram, upstream errors, the bytes of
 * requests (head and body, as received) and of response bodies sent (ingress-nginx's request and response size
 * histograms' sums, which its dashboards read as rates); and per
 * Service relayed connections (TCP services, ssl-passthrough) by protocol and status, with their bytes each way.
 * Request meters are looked up in a map of their own, not registered per request, because this runs on the event
 * loops; connections, far fewer, go through the registry.
 */
public final class RequestMetrics implements RequestObserver {

    /**
     * The latency histogram's buckets: those of ingress-nginx's request-duration histogram (Prometheus's default
     * buckets), so its dashboards and alerts carry over. A percentile histogram would publish about 70 buckets for
     * every Ingress, Service and status, and search them on every request.
     */
    static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    /**
     * Which meters a request counts in. Equality written out: a record's generated one goes through method
     * handles that the JIT does not always inline, and this is looked up for every request.
     */
    private record Key(String ingress, String service, int status) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && status == key.status && ingress.equals(key.ingress)
                    && service.equals(key.service);
        }

        @Override
        public int hashCode() {
            return (31 * ingress.hashCode() + service.hashCode()) * 31 + status;
        }
    }

    private record Meters(Timer latency, Counter upstreamErrors, Counter requestBytes, Counter responseBytes) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(CompletedRequest request) {
        Key key = new Key(request.ingress(), request.service(), request.status());
        // Looked up first: the function given to computeIfAbsent would be a new object on every request.
        Meters m = meters.get(key);
        if (m == null) {
            m = meters.computeIfAbsent(key, this::create);
        }
        m.latency().record(request.durationNanos(), TimeUnit.NANOSECONDS);
        m.requestBytes().increment(request.requestLength());
        m.responseBytes().increment(request.bodyBytesSent());
        if (request.upstream().failed()) {
            m.upstreamErrors().increment();
        }
    }

    @Override
    public void relayed(RelayedConnection connection) {
        Tags tags = Tags.of("service", connection.service(), "protocol", connection.protocol());
        registry.counter("reseau.ingress.connections", tags.and("status", Integer.toString(connection.status())))
                .increment();
        registry.counter("reseau.ingress.connection.received.bytes", tags).increment(connection.bytesReceived());
        registry.counter("reseau.ingress.connection.sent.bytes", tags).increment(connection.bytesSent());
    }

    private Meters create(Key key) {
        Tags tags = Tags.of("ingress", key.ingress(), "service", key.service(), "status",
                Integer.toString(key.status()));
        Timer latency = Timer.builder("reseau.ingress.request.duration")
                .description("time from request head to response end").tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        // The request count is the latency histogram's, read when scraped: one meter less to update per request.
        FunctionCounter.builder("reseau.ingress.requests", latency, Timer::count).description("requests answered")
                .tags(tags).register(registry);
        return new Meters(latency, Counter.builder("reseau.ingress.upstream.errors")
                .description("requests a backend failed (refused, reset, timed out)").tags(tags).register(registry),
                Counter.builder("reseau.ingress.request.bytes").baseUnit("bytes")
                        .description("bytes of requests received, head and body").tags(tags).register(registry),
                Counter.builder("reseau.ingress.response.bytes").baseUnit("bytes")
                        .description("bytes of response bodies sent").tags(tags).register(registry));
    }
}

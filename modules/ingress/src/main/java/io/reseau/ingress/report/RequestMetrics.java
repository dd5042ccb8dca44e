package io.reseau.ingress.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.RequestObserver;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics per Ingress and Service: requests by status, a latency histogram, upstream errors. Meters
 * are looked up in a map of their own, not registered per request, because this runs on the event loops.
 */
public final class RequestMetrics implements RequestObserver {

    private record Key(String ingress, String service, int status) {
    }

    private record Meters(Counter requests, Timer latency, Counter upstreamErrors) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(CompletedRequest request) {
        Meters m = meters.computeIfAbsent(new Key(request.ingress(), request.service(), request.status()), this::create);
        m.requests().increment();
        m.latency().record(request.durationNanos(), TimeUnit.NANOSECONDS);
        if (request.upstreamError()) {
            m.upstreamErrors().increment();
        }
    }

    private Meters create(Key key) {
        String status = Integer.toString(key.status());
        return new Meters(
                Counter.builder("reseau.ingress.requests").description("requests answered")
                        .tag("ingress", key.ingress()).tag("service", key.service()).tag("status", status)
                        .register(registry),
                Timer.builder("reseau.ingress.request.duration").description("time from request head to response end")
                        .tag("ingress", key.ingress()).tag("service", key.service()).tag("status", status)
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60)).register(registry),
                Counter.builder("reseau.ingress.upstream.errors")
                        .description("requests a backend failed (refused, reset, timed out)")
                        .tag("ingress", key.ingress()).tag("service", key.service()).tag("status", status)
                        .register(registry));
    }
}

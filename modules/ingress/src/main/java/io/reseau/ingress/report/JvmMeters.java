package io.reseau.ingress.report;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import jakarta.inject.Singleton;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's metrics, all read when scraped: memory, threads, classes, and each collector's collections and time
 * ({@code jvm_gc_collections_total}, {@code jvm_gc_collection_time_seconds_total}). They stand in for Micrometer's
 * JVM binder (off in application.properties), whose collector metrics listen to every collection: that listener
 * ran on the event loop's CPU after each collection, some 1.4 ms, and put the benchmark's HTTP/1.1 p99 latency at
 * 1.19–1.28 × nginx's against 0.99–1.01 × without it (two alternating pairs of runs).
 */
@Singleton
public class JvmMeters implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("jvm.gc.collections", collector, GarbageCollectorMXBean::getCollectionCount)
                    .tag("gc", collector.getName()).description("Collections by this collector")
                    .register(registry);
            FunctionCounter.builder("jvm.gc.collection.time", collector, c -> c.getCollectionTime() / 1000.0)
                    .tag("gc", collector.getName()).baseUnit("seconds")
                    .description("Time spent in collections by this collector").register(registry);
        }
    }
}

package io.reseau.informers.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The metrics every control loop reports, tagged with the loop's name:
 * {@code reseau_reconcile_seconds{controller,result}} (count, latency and errors in one histogram) and
 * {@code reseau_workqueue_depth{controller}}.
 */
public final class ControllerMetrics {

    private final Timer succeeded;
    private final Timer failed;

    public ControllerMetrics(MeterRegistry registry, String controller) {
        this.succeeded = timer(registry, controller, "success");
        this.failed = timer(registry, controller, "error");
    }

    public void recordSuccess(Duration took) {
        succeeded.record(took);
    }

    public void recordFailure(Duration took) {
        failed.record(took);
    }

    public static void registerQueueDepth(MeterRegistry registry, String controller, Supplier<Number> depth) {
        Gauge.builder("reseau.workqueue.depth", depth)
                .description("keys waiting to be reconciled")
                .tag("controller", controller)
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String controller, String result) {
        return Timer.builder("reseau.reconcile")
                .description("reconciles and syncs, by outcome")
                .tag("controller", controller)
                .tag("result", result)
                .publishPercentileHistogram()
                .register(registry);
    }
}

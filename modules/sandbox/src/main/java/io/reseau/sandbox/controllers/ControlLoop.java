package io.reseau.sandbox.controllers;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.metrics.ControllerMetrics;
import io.reseau.informers.queue.Backoff;
import io.reseau.informers.queue.SyncTrigger;
import java.time.Duration;

/**
 * The sandbox's controllers each recompute their whole desired state from the caches on every change, as a
 * coalescing {@link SyncTrigger}: changes in a burst are one sync, a failed sync is retried with backoff, and
 * every 30 s a sync runs anyway.
 */
public final class ControlLoop {

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private ControlLoop() {
    }

    public static SyncTrigger of(String name, SyncTrigger.Sync sync) {
        return new SyncTrigger(name, sync, Duration.ofMillis(50), Duration.ofSeconds(30),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), new ControllerMetrics(METERS, name),
                Duration.ofMinutes(5));
    }
}

package io.reseau.informers.queue;

import java.time.Duration;
import java.util.Optional;

/** What a successful reconcile asks for next: nothing, or another look at the same key later. */
public record ReconcileResult(Optional<Duration> requeueAfter) {

    private static final ReconcileResult DONE = new ReconcileResult(Optional.empty());

    public static ReconcileResult done() {
        return DONE;
    }

    /** Reconcile this key again after {@code delay} even if nothing changes (an expiry, a renewal, a poll). */
    public static ReconcileResult requeueAfter(Duration delay) {
        return new ReconcileResult(Optional.of(delay));
    }
}

package io.reseau.informers.queue;

import java.time.Duration;

/** Capped exponential backoff: {@code initial}, twice that, four times, … never more than {@code max}. */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay before retry number {@code failures} (1 for the first retry). */
    public Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 62);
        long nanos = initial.toNanos();
        if (doublings >= Long.numberOfLeadingZeros(nanos) - 1) {
            return max;
        }
        Duration delay = Duration.ofNanos(nanos << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}

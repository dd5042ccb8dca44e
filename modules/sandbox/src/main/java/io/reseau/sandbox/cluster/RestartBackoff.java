package io.reseau.sandbox.cluster;

import java.time.Duration;

/**
 * How long a kubelet waits before starting a container again that ended by itself (restartPolicy Always): the
 * first time at once, then 10 s, doubling up to 5 min; a run of 10 min or more starts the count over. Pure: the
 * caller says how long the process ran.
 */
public final class RestartBackoff {

    static final Duration FIRST = Duration.ofSeconds(10);
    static final Duration LONGEST = Duration.ofMinutes(5);
    static final Duration HEALTHY_RUN = Duration.ofMinutes(10);

    private Duration next = Duration.ZERO;

    /** The wait before the next start, after a run of {@code ranFor}. */
    public Duration after(Duration ranFor) {
        if (ranFor.compareTo(HEALTHY_RUN) >= 0) {
            next = Duration.ZERO;
        }
        Duration wait = next;
        next = wait.isZero() ? FIRST : min(wait.multipliedBy(2), LONGEST);
        return wait;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

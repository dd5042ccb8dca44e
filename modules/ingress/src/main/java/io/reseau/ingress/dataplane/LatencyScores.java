package io.reseau.ingress.dataplane;

import java.net.InetSocketAddress;

/**
 * How fast endpoints have lately answered ({@code load-balance: ewma}): for each, a moving average of its response
 * times whose weights decay exponentially with time (over 10 s), as ingress-nginx's balancer keeps them. An endpoint
 * never measured scores 0, and the score of one left alone decays toward 0, so that it is tried again.
 */
final class LatencyScores {

    static final double DECAY_NANOS = 10e9;
    /** Endpoints kept at most; beyond, all are forgotten and measured again (pods come and go with new addresses). */
    private static final int ENDPOINTS = 10_000;

    private static final class Average {
        private double nanos;
        private long at;
        private boolean measured;
    }

    private final BoundedCache<InetSocketAddress, Average> averages = new BoundedCache<>(ENDPOINTS);

    /** The endpoint answered (its response head came) {@code nanos} after it was asked, at {@code now}. */
    void record(InetSocketAddress endpoint, long nanos, long now) {
        Average average = averages.computeIfAbsent(endpoint, e -> new Average());
        synchronized (average) {
            double weight = average.measured ? decay(now - average.at) : 0;
            average.nanos = average.nanos * weight + nanos * (1 - weight);
            average.at = now;
            average.measured = true;
        }
    }

    /** The endpoint's average response time in nanoseconds, decayed to {@code now}; 0 if never measured. */
    double score(InetSocketAddress endpoint, long now) {
        Average average = averages.get(endpoint);
        if (average == null) {
            return 0;
        }
        synchronized (average) {
            return average.nanos * decay(now - average.at);
        }
    }

    private static double decay(long elapsedNanos) {
        return Math.exp(-Math.max(0, elapsedNanos) / DECAY_NANOS);
    }
}

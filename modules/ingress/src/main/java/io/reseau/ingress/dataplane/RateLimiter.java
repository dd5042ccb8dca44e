package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.RateLimit;
import io.reseau.ingress.model.SourceRange;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies {@link RateLimit}s per Ingress and client address, shared by all event loops (as nginx's zones are by its
 * workers). Requests per second and per minute are token buckets holding {@code burstMultiplier} times the rate,
 * refilled at the rate, a request taking one token or being refused (nginx's {@code limit_req} with
 * {@code burst} and {@code nodelay}, as ingress-nginx configures it); requests in progress are counted up to
 * {@code connections}. The state lives here, not in the routing table, so that a new table keeps it; a bucket holds
 * the time and tokens only, so a changed limit applies at once. Buckets left full (nobody limited) are dropped when
 * there are more than {@link #TRACKED} of a kind, which bounds memory under many addresses.
 */
final class RateLimiter {

    /** What a request's limits say: admitted, or refused (and why). */
    sealed interface Verdict permits Admission, Refusal {
    }

    /** An admitted request; released when it ends, for the count of requests in progress. */
    non-sealed interface Admission extends Verdict {
        void release();
    }

    /**
     * A refused request: over {@code limit-rps} or {@code limit-rpm} (ingress-nginx's {@code limit-req-status-code}
     * answers it), or over {@code limit-connections} ({@code limit-conn-status-code}).
     */
    enum Refusal implements Verdict {
        OVER_RATE, OVER_CONNECTIONS
    }

    static final int TRACKED = 100_000;
    private static final Admission UNCOUNTED = () -> { };

    private record Key(String ingress, InetAddress client) {
    }

    /** Tokens at a time; guarded by itself. */
    private static final class Bucket {
        private double tokens = -1;
        private long updated;
    }

    private final ConcurrentHashMap<Key, Bucket> perSecond = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Bucket> perMinute = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    /** Admits a request of {@code client} to a route of {@code ingress}, or tells which limit refuses it. */
    Verdict admit(String ingress, RateLimit limit, InetAddress client, long nowNanos) {
        if (SourceRange.anyContains(limit.exempt(), client)) {
            return UNCOUNTED;
        }
        Key key = new Key(ingress, client);
        if (limit.perSecond() > 0 && !take(perSecond, key, limit.perSecond(), limit.burstMultiplier(),
                TimeUnit.SECONDS.toNanos(1), nowNanos)) {
            return Refusal.OVER_RATE;
        }
        if (limit.perMinute() > 0 && !take(perMinute, key, limit.perMinute(), limit.burstMultiplier(),
                TimeUnit.MINUTES.toNanos(1), nowNanos)) {
            return Refusal.OVER_RATE;
        }
        if (limit.connections() == 0) {
            return UNCOUNTED;
        }
        AtomicInteger count = inProgress.computeIfAbsent(key, k -> new AtomicInteger());
        if (count.incrementAndGet() > limit.connections()) {
            release(key, count);
            return Refusal.OVER_CONNECTIONS;
        }
        Admission admitted = () -> release(key, count);
        return admitted;
    }

    private void release(Key key, AtomicInteger count) {
        if (count.decrementAndGet() == 0) {
            inProgress.remove(key, count);
        }
    }

    private static boolean take(ConcurrentHashMap<Key, Bucket> buckets, Key key, int rate, int burstMultiplier,
            long periodNanos, long nowNanos) {
        double capacity = (double) rate * burstMultiplier;
        if (buckets.size() > TRACKED) {
            buckets.values().removeIf(bucket -> full(bucket, rate, capacity, periodNanos, nowNanos));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket());
        synchronized (bucket) {
            double tokens = bucket.tokens < 0 ? capacity
                    : Math.min(capacity, bucket.tokens + (nowNanos - bucket.updated) * (double) rate / periodNanos);
            bucket.updated = nowNanos;
            if (tokens < 1) {
                bucket.tokens = tokens;
                return false;
            }
            bucket.tokens = tokens - 1;
            return true;
        }
    }

    private static boolean full(Bucket bucket, int rate, double capacity, long periodNanos, long nowNanos) {
        synchronized (bucket) {
            return bucket.tokens + (nowNanos - bucket.updated) * (double) rate / periodNanos >= capacity;
        }
    }
}

package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Backend;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the endpoint of each request: round-robin over a backend's ready endpoints (or by consistent hashing, or
 * by recent response times), skipping those passively ejected. An endpoint is ejected for {@code ejectFor} after
 * {@code maxFails} consecutive failures (connect errors, resets and timeouts before a response), as nginx's
 * {@code max_fails}/{@code fail_timeout}; one success clears its count. When every endpoint is ejected, ejection is
 * ignored rather than failing all requests. The round-robin position survives routing table swaps, so endpoint
 * churn does not reset the rotation.
 */
final class EndpointPicker {

    private record Health(int failures, long ejectedUntilNanos) {
    }

    /** Rings kept at most; beyond, they are made again as used. */
    private static final int RINGS = 10_000;

    private final int maxFails;
    private final long ejectForNanos;
    private final ConcurrentHashMap<String, AtomicInteger> positions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, Health> health = new ConcurrentHashMap<>();
    /** Rings by endpoint list: a new routing table with the same endpoints finds its rings made. */
    private final BoundedCache<List<InetSocketAddress>, HashRing> rings = new BoundedCache<>(RINGS);
    private final LatencyScores latencies = new LatencyScores();

    EndpointPicker(int maxFails, java.time.Duration ejectFor) {
        this.maxFails = maxFails;
        this.ejectForNanos = ejectFor.toNanos();
    }

    /** The next endpoint not in {@code tried}, or empty when none is left. */
    Optional<InetSocketAddress> pick(Backend backend, Collection<InetSocketAddress> tried) {
        List<InetSocketAddress> endpoints = backend.endpoints();
        int size = endpoints.size();
        if (size == 0) {
            return Optional.empty();
        }
        int start = Math.floorMod(positions.computeIfAbsent(backend.describe(), k -> new AtomicInteger())
                .getAndIncrement(), size);
        // The clock is read only when some endpoint has failed: usually none has.
        long now = health.isEmpty() ? 0 : System.nanoTime();
        InetSocketAddress ejectedFallback = null;
        for (int i = 0; i < size; i++) {
            InetSocketAddress candidate = endpoints.get((start + i) % size);
            if (tried.contains(candidate)) {
                continue;
            }
            if (!ejected(candidate, now)) {
                return Optional.of(candidate);
            }
            if (ejectedFallback == null) {
                ejectedFallback = candidate;
            }
        }
        return Optional.ofNullable(ejectedFallback);
    }

    /**
     * {@code load-balance: ewma}: of two endpoints drawn at random among those not tried and not ejected (or not
     * tried, when all are ejected), the one with the lower {@link LatencyScores score}; empty when none is left.
     */
    Optional<InetSocketAddress> pickByLatency(Backend backend, Collection<InetSocketAddress> tried) {
        long now = System.nanoTime();
        List<InetSocketAddress> candidates = backend.endpoints().stream()
                .filter(e -> !tried.contains(e) && !ejected(e, now)).toList();
        if (candidates.isEmpty()) {
            candidates = backend.endpoints().stream().filter(e -> !tried.contains(e)).toList();
        }
        int size = candidates.size();
        if (size <= 1) {
            return candidates.stream().findFirst();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(size);
        int second = (first + 1 + random.nextInt(size - 1)) % size;
        InetSocketAddress a = candidates.get(first);
        InetSocketAddress b = candidates.get(second);
        return Optional.of(latencies.score(b, now) < latencies.score(a, now) ? b : a);
    }

    /** An endpoint of a {@code load-balance: ewma} route answered {@code nanos} after it was asked. */
    void answered(InetSocketAddress endpoint, long nanos) {
        latencies.record(endpoint, nanos, System.nanoTime());
    }

    /**
     * The endpoint of {@code key} on the backend's {@link HashRing} ({@code upstream-hash-by}), skipping those tried
     * and those ejected (unless all are), or empty when none is left.
     */
    Optional<InetSocketAddress> pickByHash(Backend backend, String key, Collection<InetSocketAddress> tried) {
        HashRing ring = ring(backend.endpoints());
        long now = health.isEmpty() ? 0 : System.nanoTime();
        return ring.pick(key, e -> !tried.contains(e) && !ejected(e, now))
                .or(() -> ring.pick(key, e -> !tried.contains(e)));
    }

    /**
     * The ring of these endpoints, made now if no earlier table had the same: the data plane makes them when it
     * applies a table, off the event loops, which then only find them.
     */
    HashRing ring(List<InetSocketAddress> endpoints) {
        return rings.computeIfAbsent(endpoints, HashRing::new);
    }

    /** Whether the endpoint may take a request named by an affinity cookie. */
    boolean available(InetSocketAddress endpoint) {
        return !ejected(endpoint, System.nanoTime());
    }

    void succeeded(InetSocketAddress endpoint) {
        // Called for every request: nothing to clear is the usual case.
        if (!health.isEmpty()) {
            health.remove(endpoint);
        }
    }

    void failed(InetSocketAddress endpoint) {
        long now = System.nanoTime();
        health.compute(endpoint, (k, h) -> {
            int failures = (h == null ? 0 : h.failures()) + 1;
            return new Health(failures, failures >= maxFails ? now + ejectForNanos : 0);
        });
    }

    private boolean ejected(InetSocketAddress endpoint, long now) {
        Health h = health.isEmpty() ? null : health.get(endpoint);
        return h != null && h.ejectedUntilNanos() != 0 && h.ejectedUntilNanos() - now > 0;
    }
}

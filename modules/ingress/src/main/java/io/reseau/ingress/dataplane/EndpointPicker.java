package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.UpstreamHash;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

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

    /** The endpoints of a backend cut into subsets of this size. */
    private record Subsets(List<InetSocketAddress> endpoints, int size) {
    }

    /** Rings kept at most; beyond, they are made again as used. */
    private static final int RINGS = 10_000;

    private final int maxFails;
    private final long ejectForNanos;
    private final ConcurrentHashMap<String, AtomicInteger> positions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, Health> health = new ConcurrentHashMap<>();
    /** Rings by endpoint list: a new routing table with the same endpoints finds its rings made. */
    private final BoundedCache<List<InetSocketAddress>, HashRing<InetSocketAddress>> rings = new BoundedCache<>(RINGS);
    /** Rings of subsets by endpoint list and subset size, likewise. */
    private final BoundedCache<Subsets, HashRing<List<InetSocketAddress>>> subsetRings = new BoundedCache<>(RINGS);
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
     * The endpoint of {@code key} on the backend's {@link HashRing} ({@code upstream-hash-by}), or a random one of
     * its subset of {@code subsetSize} endpoints (0: no subsets), skipping those tried and those ejected (unless all
     * are), or empty when none is left.
     */
    Optional<InetSocketAddress> pickByHash(Backend backend, String key, int subsetSize,
            Collection<InetSocketAddress> tried) {
        long now = health.isEmpty() ? 0 : System.nanoTime();
        Predicate<InetSocketAddress> healthy = e -> !tried.contains(e) && !ejected(e, now);
        Predicate<InetSocketAddress> untried = e -> !tried.contains(e);
        if (subsetSize == 0) {
            HashRing<InetSocketAddress> ring = ring(backend.endpoints());
            return ring.pick(key, healthy).or(() -> ring.pick(key, untried));
        }
        HashRing<List<InetSocketAddress>> subsets = subsetRing(backend.endpoints(), subsetSize);
        return fromSubset(subsets, key, healthy).or(() -> fromSubset(subsets, key, untried));
    }

    /** A random endpoint that {@code usable} accepts of the first subset on the ring from the key that has one. */
    private static Optional<InetSocketAddress> fromSubset(HashRing<List<InetSocketAddress>> subsets, String key,
            Predicate<InetSocketAddress> usable) {
        return subsets.pick(key, subset -> subset.stream().anyMatch(usable)).map(subset -> {
            List<InetSocketAddress> candidates = subset.stream().filter(usable).toList();
            return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        });
    }

    /**
     * Makes the ring a route's {@code upstream-hash-by} needs, if no earlier table had the same: the data plane makes
     * them when it applies a table, off the event loops, which then only find them.
     */
    void prepare(List<InetSocketAddress> endpoints, UpstreamHash hash) {
        if (hash.subsetSize() == 0) {
            ring(endpoints);
        } else {
            subsetRing(endpoints, hash.subsetSize());
        }
    }

    private HashRing<InetSocketAddress> ring(List<InetSocketAddress> endpoints) {
        return rings.computeIfAbsent(endpoints, HashRing::of);
    }

    private HashRing<List<InetSocketAddress>> subsetRing(List<InetSocketAddress> endpoints, int size) {
        return subsetRings.computeIfAbsent(new Subsets(endpoints, size),
                subsets -> HashRing.ofSubsets(subsets.endpoints(), subsets.size()));
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

package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One thread's request counts by {@link RequestLabels}, written by that thread alone (an event loop) and read when
 * scraped. A series is a row of plain counters: two histograms (buckets, then the sum of nanoseconds), upstream errors,
 * request bytes and response bytes. With one writer an increment needs no atomic instruction and no cache line is
 * shared between event loops; opaque access keeps each count whole and visible to the scrape.
 */
final class RequestTally {

    /**
     * The histograms' bounds: those of ingress-nginx's request-duration histogram (Prometheus's default buckets), so
     * its dashboards and alerts carry over.
     */
    static final List<Duration> BOUNDS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000)
            .map(Duration::ofMillis).toList();
    /** A histogram's buckets: a count per bound, then one for the values above the last. */
    static final int BUCKETS = BOUNDS.size() + 1;
    /** Where a histogram's sum of nanoseconds is, after its buckets. */
    static final int SUM = BUCKETS;
    static final int HISTOGRAM = SUM + 1;
    /** Where each histogram and counter starts in a series' row. */
    static final int LATENCY = 0;
    static final int RESPONSE_LATENCY = LATENCY + HISTOGRAM;
    static final int UPSTREAM_ERRORS = RESPONSE_LATENCY + HISTOGRAM;
    static final int REQUEST_BYTES = UPSTREAM_ERRORS + 1;
    static final int RESPONSE_BYTES = REQUEST_BYTES + 1;
    static final int CELLS = RESPONSE_BYTES + 1;

    private static final long[] BOUND_NANOS = BOUNDS.stream().mapToLong(Duration::toNanos).toArray();
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final Map<RequestLabels, long[]> series = new ConcurrentHashMap<>();

    /** Counts a request; only ever called on this tally's thread. */
    void record(CompletedRequest request) {
        RequestLabels labels = RequestLabels.of(request);
        long[] cells = series.get(labels);
        if (cells == null) {
            cells = new long[CELLS];
            series.put(labels, cells);
        }
        observe(cells, LATENCY, request.durationNanos());
        List<UpstreamOutcome.Attempt> attempts = request.upstream().attempts();
        if (!attempts.isEmpty()) {
            observe(cells, RESPONSE_LATENCY, attempts.getLast().nanos());
        }
        if (request.upstream().failed()) {
            add(cells, UPSTREAM_ERRORS, 1);
        }
        add(cells, REQUEST_BYTES, request.requestLength());
        add(cells, RESPONSE_BYTES, request.bodyBytesSent());
    }

    /** Adds this tally's counts to {@code totals}, a row per series; from any thread. */
    void addTo(Map<RequestLabels, long[]> totals) {
        series.forEach((labels, cells) -> {
            long[] sums = totals.computeIfAbsent(labels, any -> new long[CELLS]);
            for (int i = 0; i < CELLS; i++) {
                sums[i] += (long) CELL.getOpaque(cells, i);
            }
        });
    }

    private static void observe(long[] cells, int histogram, long nanos) {
        int bucket = Arrays.binarySearch(BOUND_NANOS, nanos);
        add(cells, histogram + (bucket >= 0 ? bucket : -bucket - 1), 1);
        add(cells, histogram + SUM, nanos);
    }

    private static void add(long[] cells, int index, long amount) {
        CELL.setOpaque(cells, index, (long) CELL.getOpaque(cells, index) + amount);
    }
}

package io.reseau.ingress.report;

import static io.reseau.ingress.report.RequestTally.BOUNDS;
import static io.reseau.ingress.report.RequestTally.BUCKETS;
import static io.reseau.ingress.report.RequestTally.LATENCY;
import static io.reseau.ingress.report.RequestTally.REQUEST_BYTES;
import static io.reseau.ingress.report.RequestTally.RESPONSE_BYTES;
import static io.reseau.ingress.report.RequestTally.RESPONSE_LATENCY;
import static io.reseau.ingress.report.RequestTally.SUM;
import static io.reseau.ingress.report.RequestTally.UPSTREAM_ERRORS;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The request metrics' Prometheus families, from each series' counts summed over the event loops' tallies. */
final class RequestSamples {

    private static final List<String> LABELS = List.of("ingress", "service", "status");
    private static final List<String> BUCKET_LABELS = List.of("ingress", "service", "status", "le");
    private static final double NANOS_PER_SECOND = 1e9;

    private RequestSamples() {
    }

    /** The families for {@code totals}, a row of {@link RequestTally}'s cells per series; empty ones for none. */
    static List<MetricFamilySamples> of(Map<RequestLabels, long[]> totals) {
        return List.of(
                counter("reseau_ingress_requests", "requests answered", totals,
                        cells -> count(cells, LATENCY)),
                histogram("reseau_ingress_request_duration_seconds", "time from request head to response end",
                        totals, LATENCY),
                histogram("reseau_ingress_response_duration_seconds",
                        "time from asking the endpoint that answered to the end of its response", totals,
                        RESPONSE_LATENCY),
                counter("reseau_ingress_upstream_errors", "requests a backend failed (refused, reset, timed out)",
                        totals, cells -> cells[UPSTREAM_ERRORS]),
                counter("reseau_ingress_request_bytes", "bytes of requests received, head and body", totals,
                        cells -> cells[REQUEST_BYTES]),
                counter("reseau_ingress_response_bytes", "bytes of response bodies sent", totals,
                        cells -> cells[RESPONSE_BYTES]));
    }

    private static MetricFamilySamples counter(String name, String help, Map<RequestLabels, long[]> totals,
            ToLongFunction<long[]> value) {
        List<Sample> samples = new ArrayList<>(totals.size());
        totals.forEach((labels, cells) -> samples.add(
                new Sample(name + "_total", LABELS, values(labels), value.applyAsLong(cells))));
        return new MetricFamilySamples(name, Collector.Type.COUNTER, help, samples);
    }

    private static MetricFamilySamples histogram(String name, String help, Map<RequestLabels, long[]> totals,
            int histogram) {
        List<Sample> samples = new ArrayList<>(totals.size() * (BUCKETS + 2));
        totals.forEach((labels, cells) -> {
            List<String> values = values(labels);
            long cumulative = 0;
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                cumulative += cells[histogram + bucket];
                String bound = bucket < BOUNDS.size()
                        ? Collector.doubleToGoString(BOUNDS.get(bucket).toNanos() / NANOS_PER_SECOND) : "+Inf";
                samples.add(new Sample(name + "_bucket", BUCKET_LABELS, append(values, bound), cumulative));
            }
            samples.add(new Sample(name + "_count", LABELS, values, cumulative));
            samples.add(new Sample(name + "_sum", LABELS, values,
                    cells[histogram + SUM] / NANOS_PER_SECOND));
        });
        return new MetricFamilySamples(name, Collector.Type.HISTOGRAM, help, samples);
    }

    private static long count(long[] cells, int histogram) {
        long count = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            count += cells[histogram + bucket];
        }
        return count;
    }

    private static List<String> values(RequestLabels labels) {
        return List.of(labels.ingress(), labels.service(), Integer.toString(labels.status()));
    }

    private static List<String> append(List<String> values, String value) {
        List<String> appended = new ArrayList<>(values);
        appended.add(value);
        return appended;
    }
}

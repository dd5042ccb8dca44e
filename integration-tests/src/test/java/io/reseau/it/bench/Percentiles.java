package io.reseau.it.bench;

import java.util.Arrays;

/** Percentiles of a sample (nearest rank). */
public final class Percentiles {

    private final double[] sorted;

    public Percentiles(double[] sample) {
        this.sorted = sample.clone();
        Arrays.sort(this.sorted);
    }

    public double at(double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double median() {
        return at(50);
    }
}

package dev.touchpoint.bench;

import java.util.List;

/** Percentiles and medians of measured samples. */
final class Samples {

    private Samples() {
    }

    /** Nearest-rank percentile, {@code q} in (0, 1]; NaN without samples. */
    static double percentile(List<Double> samples, double q) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    static double median(List<Double> values) {
        return LoadRun.median(values);
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}

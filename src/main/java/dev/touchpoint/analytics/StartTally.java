package dev.touchpoint.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chosen starts of one group of a property breakdown of the conversion query: customers
 * per level and, per step k, the milliseconds from step k-1 to step k of those reaching k,
 * for medians computed in Java exactly as ConversionSql's {@code percentile_cont(0.5)}.
 */
final class StartTally {

    private final long[] exactly;
    private final long[][] steps;
    private final int[] sizes;

    StartTally(int stageCount) {
        exactly = new long[stageCount + 1];
        steps = new long[stageCount + 1][];
        sizes = new int[stageCount + 1];
        for (int k = 2; k <= stageCount; k++) {
            steps[k] = new long[16];
        }
    }

    /** One chosen start at {@code level}; {@code delays[k]} its delay to level k (null where none). */
    void add(int level, Long[] delays) {
        exactly[level]++;
        for (int k = 2; k < steps.length; k++) {
            Long d = delays[k];
            Long previous = k == 2 ? Long.valueOf(0) : delays[k - 1];
            if (d != null && previous != null) {
                add(k, d - previous);
            }
        }
    }

    private void add(int k, long ms) {
        if (sizes[k] == steps[k].length) {
            steps[k] = Arrays.copyOf(steps[k], steps[k].length * 2);
        }
        steps[k][sizes[k]++] = ms;
    }

    void addAll(StartTally other) {
        for (int l = 0; l < exactly.length; l++) {
            exactly[l] += other.exactly[l];
        }
        for (int k = 2; k < steps.length; k++) {
            for (int i = 0; i < other.sizes[k]; i++) {
                add(k, other.steps[k][i]);
            }
        }
    }

    /** Customers at level 1 or higher: everyone with a chosen start. */
    long customers() {
        long n = 0;
        for (long e : exactly) {
            n += e;
        }
        return n;
    }

    List<LevelCount> levels(String value) {
        List<LevelCount> levels = new ArrayList<>();
        for (int l = 1; l < exactly.length; l++) {
            if (exactly[l] > 0) {
                levels.add(new LevelCount(value, l, exactly[l]));
            }
        }
        return levels;
    }

    /** Median seconds per step k (2…n) with anyone reaching it: {@code percentile_cont(0.5)}, then / 1000. */
    Map<Integer, Double> medianSeconds() {
        Map<Integer, Double> medians = new HashMap<>();
        for (int k = 2; k < steps.length; k++) {
            int n = sizes[k];
            if (n == 0) {
                continue;
            }
            long[] sorted = Arrays.copyOf(steps[k], n);
            Arrays.sort(sorted);
            double position = 0.5 * (n - 1);
            int lo = (int) Math.floor(position);
            int hi = (int) Math.ceil(position);
            double ms = sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
            medians.put(k, ms / 1000.0);
        }
        return medians;
    }
}

package dev.touchpoint.analytics;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.touchpoint.journey.TimeToConvert;

/**
 * The chosen starts of one group of a property breakdown of the conversion query: customers
 * per level and, per step k, the microseconds of step k on the chains of those reaching k,
 * for medians computed in Java exactly as ConversionSql's {@code percentile_cont(0.5)} and for
 * time to convert.
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

    /** One chosen start at {@code level}; {@code stepMicros[k]} its chain's time of step k (null where none). */
    void add(int level, Long[] stepMicros) {
        exactly[level]++;
        for (int k = 2; k < steps.length; k++) {
            if (stepMicros[k] != null) {
                add(k, stepMicros[k]);
            }
        }
    }

    private void add(int k, long micros) {
        if (sizes[k] == steps[k].length) {
            steps[k] = Arrays.copyOf(steps[k], steps[k].length * 2);
        }
        steps[k][sizes[k]++] = micros;
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

    /** The customers per step and bucket of their step's time. */
    TimeToConvert timeToConvert() {
        TimeToConvert tally = new TimeToConvert(exactly.length - 1);
        for (int k = 2; k < steps.length; k++) {
            for (int i = 0; i < sizes[k]; i++) {
                tally.add(k, TimeToConvert.bucketOf(Duration.of(steps[k][i], ChronoUnit.MICROS)), 1);
            }
        }
        return tally;
    }

    /** Median seconds per step k (2…n) with anyone reaching it: {@code percentile_cont(0.5)}, then / 1,000,000. */
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
            double micros = sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
            medians.put(k, micros / 1_000_000.0);
        }
        return medians;
    }
}

package dev.touchpoint.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.touchpoint.journey.TimeToConvert;

/**
 * Turns per-customer levels into docs/metrics.md's funnel steps: {@code customers[k]} counts the
 * customers whose level is at least {@code k}; step and overall rates divide by the previous
 * and the first step. Pure.
 */
public final class ConversionCalculator {

    private ConversionCalculator() {
    }

    /**
     * @param medians       median seconds from the previous step, by level (2…n); missing: null
     * @param timeToConvert the customers per step and bucket of the time from the previous step
     */
    public static List<ConversionStep> compute(List<String> stageKeys, List<LevelCount> levels,
            Map<Integer, Double> medians, TimeToConvert timeToConvert) {
        int n = stageKeys.size();
        long[] exactly = new long[n + 1];
        for (LevelCount l : levels) {
            exactly[l.level()] += l.customers();
        }
        long[] atLeast = new long[n + 2];
        for (int k = n; k >= 1; k--) {
            atLeast[k] = atLeast[k + 1] + exactly[k];
        }
        List<ConversionStep> steps = new ArrayList<>(n);
        for (int k = 1; k <= n; k++) {
            steps.add(new ConversionStep(stageKeys.get(k - 1), atLeast[k],
                    FlowCalculator.rate(atLeast[k], k == 1 ? atLeast[1] : atLeast[k - 1]),
                    FlowCalculator.rate(atLeast[k], atLeast[1]), k == 1 ? null : medians.get(k), buckets(timeToConvert, k)));
        }
        return steps;
    }

    private static List<ConversionStep.TimeBucket> buckets(TimeToConvert timeToConvert, int k) {
        List<TimeToConvert.Bucket> step = timeToConvert.step(k);
        return step == null ? null : step.stream()
                .map(b -> new ConversionStep.TimeBucket(b.upTo() == null ? null : AnalyticsService.iso(b.upTo()), b.customers()))
                .toList();
    }
}

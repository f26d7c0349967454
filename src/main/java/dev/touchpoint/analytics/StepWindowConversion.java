package dev.touchpoint.analytics;

import dev.touchpoint.analytics.query.PropertyGroups;
import dev.touchpoint.analytics.query.Breakdown;
import dev.touchpoint.journey.AttributedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.funnel.api.FunnelService;
import dev.touchpoint.journey.ChainSearch;
import dev.touchpoint.journey.FunnelChain;
import dev.touchpoint.journey.StepBounds;
import dev.touchpoint.journey.TimeToConvert;
import dev.touchpoint.analytics.query.QueryRange;
import dev.touchpoint.analytics.query.JourneyScan;

/**
 * The ordered funnel under per-step windows (docs/metrics.md, Per-step windows), computed from
 * the journeys themselves: attribution keeps each start's least delay per level, which answers
 * "is there a chain within the window" but not "is there one that keeps every step bound", so
 * each journey with a start in range is read back ({@link JourneyScan}) and searched
 * ({@link ChainSearch}). Medians are exact, over every customer counted.
 */
@ApplicationScoped
public class StepWindowConversion {

    /** What a breakdown groups a customer by: a function of their earliest chain and their journey. */
    @FunctionalInterface
    public interface Grouping {
        String of(FunnelChain chain, JourneyScan.ScannedJourney journey);
    }

    /** {@code breakdown=channel}: the channel of {@code e1}. */
    public static final Grouping BY_CHANNEL = (chain, journey) -> chain.start().channel();

    /** {@code breakdown=property:NAME}: the value of the scan's property on {@code e1}. */
    public static final Grouping BY_PROPERTY = (chain, journey) -> {
        List<AttributedEvent> events = journey.events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == chain.start()) {
                return journey.values().get(i);
            }
        }
        throw new IllegalStateException("a chain's first event is one of its journey's");
    };

    /** The steps overall, per group (null without a grouping), and what the medians were computed over. */
    public record Result(List<ConversionStep> steps, List<Reports.ConversionBreakdown> breakdown, MedianBasis basis) {
    }

    @Inject
    JourneyScan scan;

    @Inject
    FunnelService funnels;

    /**
     * @param stages   the funnel's stage keys
     * @param grouping how to break the figures down, or null for none
     */
    public Result compute(String funnelId, List<String> stages, QueryRange range, boolean skip, StepWindows stepWindows,
            Grouping grouping) {
        return compute(funnelId, stages, range, skip, stepWindows, grouping, null);
    }

    /**
     * The same broken down by a property ({@link #BY_PROPERTY}): its {@code limit} values with the
     * most customers at level 1 listed (ties by value, as every property breakdown), the rest
     * summed into the {@code other} group.
     */
    public Result computeByProperty(String funnelId, List<String> stages, QueryRange range, boolean skip,
            StepWindows stepWindows, Breakdown by) {
        Tallies tallies = tally(funnelId, stages.size(), range, skip, stepWindows, BY_PROPERTY, by.property());
        Map<String, Long> weights = new HashMap<>();
        tallies.groups().forEach((value, tally) -> weights.put(value, tally.customers()));
        PropertyGroups top = PropertyGroups.top(weights, by.limit());
        List<Reports.ConversionBreakdown> breakdown = new ArrayList<>();
        for (String value : top.listed()) {
            breakdown.add(new Reports.ConversionBreakdown(value, false, tallies.groups().get(value).steps(stages)));
        }
        if (top.hasOther()) {
            Tally other = new Tally(stages.size());
            top.rest().forEach(value -> other.addAll(tallies.groups().get(value)));
            breakdown.add(new Reports.ConversionBreakdown(null, true, other.steps(stages)));
        }
        return new Result(tallies.total().steps(stages), breakdown, new MedianBasis(false, tallies.total().customers()));
    }

    private Result compute(String funnelId, List<String> stages, QueryRange range, boolean skip, StepWindows stepWindows,
            Grouping grouping, String property) {
        Tallies tallies = tally(funnelId, stages.size(), range, skip, stepWindows, grouping, property);
        List<Reports.ConversionBreakdown> breakdown = grouping == null ? null : tallies.groups().entrySet().stream()
                .map(e -> new Reports.ConversionBreakdown(e.getKey(), false, e.getValue().steps(stages))).toList();
        return new Result(tallies.total().steps(stages), breakdown, new MedianBasis(false, tallies.total().customers()));
    }

    private record Tallies(Tally total, Map<String, Tally> groups) {
    }

    private Tallies tally(String funnelId, int n, QueryRange range, boolean skip, StepWindows stepWindows,
            Grouping grouping, String property) {
        StepBounds bounds = StepBounds.of(range.window(), stepWindows.durations(), n);
        CompiledFunnel funnel = funnels.compiled(funnelId);
        Instant from = range.from();
        Instant to = range.to();
        Tally total = new Tally(n);
        Map<String, Tally> groups = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        // Every chain starts in [from, to) and ends within the window, so no later event matters.
        scan.scan(funnel, JourneyScan.Scope.startsIn(funnelId, from, to, to.plus(range.window())), property, journey -> {
            FunnelChain chain = new ChainSearch(journey.events(), n, bounds, skip).earliestChain(from, to);
            if (chain == null) {
                return;
            }
            total.add(chain);
            if (grouping != null) {
                groups.computeIfAbsent(grouping.of(chain, journey), g -> new Tally(n)).add(chain);
            }
        });
        return new Tallies(total, groups);
    }

    /** The customers per level, each step's times in nanoseconds and their buckets, of one group. */
    private static final class Tally {
        private final long[] exactly;
        private final long[][] times;
        private final int[] sizes;
        private final TimeToConvert buckets;

        Tally(int stageCount) {
            exactly = new long[stageCount + 1];
            times = new long[stageCount + 1][];
            sizes = new int[stageCount + 1];
            for (int k = 2; k <= stageCount; k++) {
                times[k] = new long[16];
            }
            buckets = new TimeToConvert(stageCount);
        }

        void add(FunnelChain chain) {
            exactly[chain.level()]++;
            for (int k = 2; k <= chain.level(); k++) {
                if (sizes[k] == times[k].length) {
                    times[k] = Arrays.copyOf(times[k], times[k].length * 2);
                }
                times[k][sizes[k]++] = chain.timeToStep(k).toNanos();
            }
            buckets.add(chain);
        }

        void addAll(Tally other) {
            for (int level = 0; level < exactly.length; level++) {
                exactly[level] += other.exactly[level];
            }
            for (int k = 2; k < times.length; k++) {
                for (int i = 0; i < other.sizes[k]; i++) {
                    if (sizes[k] == times[k].length) {
                        times[k] = Arrays.copyOf(times[k], times[k].length * 2);
                    }
                    times[k][sizes[k]++] = other.times[k][i];
                }
            }
            buckets.addAll(other.buckets);
        }

        long customers() {
            return Arrays.stream(exactly).sum();
        }

        List<ConversionStep> steps(List<String> stages) {
            List<LevelCount> levels = new ArrayList<>();
            for (int level = 1; level < exactly.length; level++) {
                if (exactly[level] > 0) {
                    levels.add(new LevelCount(null, level, exactly[level]));
                }
            }
            Map<Integer, Double> medians = new HashMap<>();
            for (int k = 2; k < times.length; k++) {
                Double median = medianSeconds(times[k], sizes[k]);
                if (median != null) {
                    medians.put(k, median);
                }
            }
            return ConversionCalculator.compute(stages, levels, medians, buckets);
        }
    }

    /**
     * The median of the first {@code size} values (nanoseconds) in seconds, as SQL's
     * {@code percentile_cont(0.5)} defines it: the middle value, or the mean of the two middle
     * values of an even count; computed exactly and rounded once. Null for no values.
     */
    static Double medianSeconds(long[] nanos, int size) {
        if (size == 0) {
            return null;
        }
        Arrays.sort(nanos, 0, size);
        long twice = size % 2 == 1 ? 2 * nanos[size / 2] : nanos[size / 2 - 1] + nanos[size / 2];
        return new BigDecimal(twice).divide(BigDecimal.valueOf(2_000_000_000L)).doubleValue();
    }
}

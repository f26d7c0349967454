package dev.touchpoint.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.touchpoint.error.ProblemException;
import dev.touchpoint.funnel.Stage;
import dev.touchpoint.funnel.api.FunnelService;
import dev.touchpoint.funnel.api.FunnelView;
import dev.touchpoint.journey.TimeToConvert;
import dev.touchpoint.analytics.query.PropertyGroups;
import dev.touchpoint.analytics.query.Breakdown;
import dev.touchpoint.analytics.query.TrendInterval;
import dev.touchpoint.analytics.query.QueryRange;

/** Computes docs/metrics.md's metrics for a funnel from the rows attribution keeps. */
@ApplicationScoped
public class AnalyticsService {

    static final int MAX_BUCKETS = 1000;

    @Inject
    FunnelService funnels;

    @Inject
    AnalyticsRepository repository;

    @Inject
    ConversionRepository conversions;

    @Inject
    StepWindowConversion stepWindowConversion;

    @Transactional
    public Reports.FlowReport flow(String funnelId, QueryRange range, Breakdown by) {
        FunnelView funnel = readyFunnel(funnelId);
        List<String> stages = stageKeys(funnel);
        if (by.byProperty()) {
            Map<String, List<FlowCount>> byValue = propertyFlowCounts(funnel, range, by.property(), false);
            FlowCalculator.Flow total = FlowCalculator.compute(stages, all(byValue));
            List<Reports.FlowBreakdown> breakdown = new ArrayList<>();
            forEachGroup(byValue, by.limit(), (value, other, counts) -> {
                FlowCalculator.Flow f = FlowCalculator.compute(stages, counts);
                breakdown.add(new Reports.FlowBreakdown(value, other, f.stages(), f.transitions()));
            });
            return new Reports.FlowReport(funnelId, range.from(), range.to(), iso(range.window()), total.stages(),
                    total.transitions(), breakdown);
        }
        boolean byChannel = by.byChannel();
        List<FlowCount> counts = repository.flowCounts(funnelId, range, byChannel, false);
        FlowCalculator.Flow total = FlowCalculator.compute(stages, counts);
        List<Reports.FlowBreakdown> breakdown = byChannel ? byValue(counts, FlowCount::channel).entrySet().stream()
                .map(e -> {
                    FlowCalculator.Flow f = FlowCalculator.compute(stages, e.getValue());
                    return new Reports.FlowBreakdown(e.getKey(), false, f.stages(), f.transitions());
                }).toList() : null;
        return new Reports.FlowReport(funnelId, range.from(), range.to(), iso(range.window()), total.stages(),
                total.transitions(), breakdown);
    }

    /**
     * @param stepWindows the per-step windows, or null for none: then the figures come from the rows
     *                    attribution keeps, otherwise from the journeys themselves
     */
    @Transactional
    public Reports.ConversionReport conversion(String funnelId, QueryRange range, boolean skip, Breakdown by,
            StepWindows stepWindows) {
        List<String> stages = readyStages(funnelId);
        boolean byChannel = by.byChannel();
        if (stepWindows != null) {
            stepWindows.requireFor(stages.size());
            StepWindowConversion.Result result = by.byProperty()
                    ? stepWindowConversion.computeByProperty(funnelId, stages, range, skip, stepWindows, by)
                    : stepWindowConversion.compute(funnelId, stages, range, skip, stepWindows,
                            byChannel ? StepWindowConversion.BY_CHANNEL : null);
            return new Reports.ConversionReport(funnelId, skip ? "skip" : "strict", range.from(), range.to(),
                    iso(range.window()), stepWindows.iso(), result.steps(), result.basis(), result.breakdown());
        }
        if (by.byProperty()) {
            return propertyConversion(funnelId, range, skip, by, stages);
        }
        ConversionRepository.ConversionCounts counts = conversions.conversion(funnelId, range, skip, byChannel,
                stages.size());
        List<ConversionStep> total = ConversionCalculator.compute(stages, counts.levels(),
                counts.medians().getOrDefault("", Map.of()), counts.timeToConvert(""));
        List<Reports.ConversionBreakdown> breakdown = byChannel ? byValue(counts.levels(), LevelCount::channel).entrySet()
                .stream().map(e -> new Reports.ConversionBreakdown(e.getKey(), false, ConversionCalculator.compute(stages,
                        e.getValue(), counts.medians().getOrDefault(e.getKey(), Map.of()), counts.timeToConvert(e.getKey()))))
                .toList() : null;
        return new Reports.ConversionReport(funnelId, skip ? "skip" : "strict", range.from(), range.to(),
                iso(range.window()), null, total, counts.basis(), breakdown);
    }

    /**
     * Conversion by a property: every chosen start read with its event's value, so counts and
     * medians (exact) and time to convert of the whole and of each group come from the same rows.
     */
    private Reports.ConversionReport propertyConversion(String funnelId, QueryRange range, boolean skip, Breakdown by,
            List<String> stages) {
        int n = stages.size();
        Map<String, StartTally> byValue = conversions.propertyStarts(funnelId, range, skip, by.property(), n);
        StartTally all = new StartTally(n);
        byValue.values().forEach(all::addAll);
        Map<String, Long> weights = new HashMap<>();
        byValue.forEach((value, tally) -> weights.put(value, tally.customers()));
        PropertyGroups groups = PropertyGroups.top(weights, by.limit());
        List<Reports.ConversionBreakdown> breakdown = new ArrayList<>();
        for (String value : groups.listed()) {
            breakdown.add(new Reports.ConversionBreakdown(value, false, steps(stages, value, byValue.get(value))));
        }
        if (groups.hasOther()) {
            StartTally other = new StartTally(n);
            groups.rest().forEach(value -> other.addAll(byValue.get(value)));
            breakdown.add(new Reports.ConversionBreakdown(null, true, steps(stages, null, other)));
        }
        return new Reports.ConversionReport(funnelId, skip ? "skip" : "strict", range.from(), range.to(),
                iso(range.window()), null, steps(stages, null, all), new MedianBasis(false, all.customers()), breakdown);
    }

    private static List<ConversionStep> steps(List<String> stages, String value, StartTally tally) {
        return ConversionCalculator.compute(stages, tally.levels(value), tally.medianSeconds(), tally.timeToConvert());
    }

    @Transactional
    public Reports.TrendReport trends(String funnelId, QueryRange range, TrendInterval interval, Breakdown by) {
        List<LocalDate> starts = bucketStarts(range, interval);
        FunnelView funnel = readyFunnel(funnelId);
        List<String> stages = stageKeys(funnel);
        if (by.byProperty()) {
            Map<String, List<FlowCount>> byValue = propertyFlowCounts(funnel, range, by.property(), true);
            List<Reports.TrendBreakdown> breakdown = new ArrayList<>();
            forEachGroup(byValue, by.limit(), (value, other, counts) -> breakdown.add(
                    new Reports.TrendBreakdown(value, other, buckets(stages, counts, starts, interval))));
            return new Reports.TrendReport(funnelId, interval.name().toLowerCase(), range.from(), range.to(),
                    iso(range.window()), buckets(stages, all(byValue), starts, interval), breakdown);
        }
        boolean byChannel = by.byChannel();
        List<FlowCount> counts = repository.flowCounts(funnelId, range, byChannel, true);
        List<Reports.TrendBreakdown> breakdown = byChannel ? byValue(counts, FlowCount::channel).entrySet().stream()
                .map(e -> new Reports.TrendBreakdown(e.getKey(), false, buckets(stages, e.getValue(), starts, interval)))
                .toList() : null;
        return new Reports.TrendReport(funnelId, interval.name().toLowerCase(), range.from(), range.to(),
                iso(range.window()), buckets(stages, counts, starts, interval), breakdown);
    }

    /** By a declared dimension from the values kept on the visits, else from the visits' first events. */
    private Map<String, List<FlowCount>> propertyFlowCounts(FunnelView funnel, QueryRange range, String property,
            boolean byDay) {
        int dimension = funnel.dimensions().indexOf(property);
        return dimension >= 0 ? repository.dimensionFlowCounts(funnel.id(), range, dimension + 1, byDay)
                : repository.propertyFlowCounts(funnel.id(), range, property, byDay);
    }

    /** One group of a property breakdown: its value (null for other) and its rows. */
    private interface Group<T> {
        void accept(String value, boolean other, List<T> rows);
    }

    /**
     * The listed values of a flow or trend breakdown by property, by visits (see
     * {@link PropertyGroups}), then the {@code other} group when some values are left.
     */
    private static void forEachGroup(Map<String, List<FlowCount>> byValue, int limit, Group<FlowCount> each) {
        Map<String, Long> weights = new HashMap<>();
        byValue.forEach((value, counts) -> weights.put(value, counts.stream().mapToLong(FlowCount::visits).sum()));
        PropertyGroups groups = PropertyGroups.top(weights, limit);
        for (String value : groups.listed()) {
            each.accept(value, false, byValue.get(value));
        }
        if (groups.hasOther()) {
            each.accept(null, true, groups.otherRows(byValue));
        }
    }

    private static <T> List<T> all(Map<String, List<T>> byValue) {
        return byValue.values().stream().flatMap(List::stream).toList();
    }

    private static List<Reports.TrendBucket> buckets(List<String> stages, List<FlowCount> counts, List<LocalDate> starts,
            TrendInterval interval) {
        Map<LocalDate, List<FlowCount>> byBucket = counts.stream().collect(Collectors.groupingBy(
                c -> interval.start(LocalDate.ofEpochDay(c.day()))));
        List<Reports.TrendBucket> buckets = new ArrayList<>(starts.size());
        for (LocalDate start : starts) {
            buckets.add(new Reports.TrendBucket(instant(start), instant(interval.next(start)),
                    FlowCalculator.compute(stages, byBucket.getOrDefault(start, List.of())).stages()));
        }
        return buckets;
    }

    /** The calendar buckets that overlap the range, at most {@link #MAX_BUCKETS}. */
    static List<LocalDate> bucketStarts(QueryRange range, TrendInterval interval) {
        LocalDate last = LocalDate.ofInstant(range.to().minusNanos(1), ZoneOffset.UTC);
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate b = interval.start(LocalDate.ofInstant(range.from(), ZoneOffset.UTC)); !b.isAfter(last);
                b = interval.next(b)) {
            if (starts.size() == MAX_BUCKETS) {
                throw ProblemException.invalidField("interval", "max-buckets", "The range holds more than " + MAX_BUCKETS
                        + " " + interval.name().toLowerCase() + "s; choose a longer interval or a shorter range.");
            }
            starts.add(b);
        }
        return starts;
    }

    /** The funnel's stage keys, once its backfill is done. */
    private List<String> readyStages(String funnelId) {
        return stageKeys(readyFunnel(funnelId));
    }

    private static List<String> stageKeys(FunnelView funnel) {
        return funnel.stages().stream().map(Stage::key).toList();
    }

    /** The funnel, once its backfill is done. */
    private FunnelView readyFunnel(String funnelId) {
        FunnelView funnel = funnels.get(funnelId);
        BackfillPendingException.unlessDone(funnel);
        return funnel;
    }

    private static <T> Map<String, List<T>> byValue(List<T> rows, Function<T, String> value) {
        return rows.stream().collect(Collectors.groupingBy(value, TreeMap::new, Collectors.toList()));
    }

    private static Instant instant(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** ISO-8601 as people write it: P30D rather than PT720H. */
    public static String iso(Duration d) {
        if (d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toNanosPart() == 0) {
            return "P" + d.toDays() + "D";
        }
        return d.toString();
    }
}

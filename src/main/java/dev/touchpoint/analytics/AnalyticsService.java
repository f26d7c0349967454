package dev.touchpoint.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

    @Transactional
    public Reports.FlowReport flow(String funnelId, QueryRange range, boolean byChannel) {
        List<String> stages = readyStages(funnelId);
        List<FlowCount> counts = repository.flowCounts(funnelId, range, byChannel, false);
        FlowCalculator.Flow total = FlowCalculator.compute(stages, counts);
        List<Reports.FlowBreakdown> breakdown = byChannel ? byValue(counts, FlowCount::channel).entrySet().stream()
                .map(e -> {
                    FlowCalculator.Flow f = FlowCalculator.compute(stages, e.getValue());
                    return new Reports.FlowBreakdown(e.getKey(), f.stages(), f.transitions());
                }).toList() : null;
        return new Reports.FlowReport(funnelId, range.from(), range.to(), iso(range.window()), total.stages(),
                total.transitions(), breakdown);
    }

    @Transactional
    public Reports.ConversionReport conversion(String funnelId, QueryRange range, boolean skip, boolean byChannel) {
        List<String> stages = readyStages(funnelId);
        ConversionRepository.ConversionCounts counts = conversions.conversion(funnelId, range, skip, byChannel,
                stages.size());
        List<ConversionStep> total = ConversionCalculator.compute(stages, counts.levels(),
                counts.medians().getOrDefault("", Map.of()), counts.timeToConvert(""));
        List<Reports.ConversionBreakdown> breakdown = byChannel ? byValue(counts.levels(), LevelCount::channel).entrySet()
                .stream().map(e -> new Reports.ConversionBreakdown(e.getKey(), ConversionCalculator.compute(stages,
                        e.getValue(), counts.medians().getOrDefault(e.getKey(), Map.of()), counts.timeToConvert(e.getKey()))))
                .toList() : null;
        return new Reports.ConversionReport(funnelId, skip ? "skip" : "strict", range.from(), range.to(),
                iso(range.window()), total, counts.basis(), breakdown);
    }

    @Transactional
    public Reports.TrendReport trends(String funnelId, QueryRange range, TrendInterval interval, boolean byChannel) {
        List<LocalDate> starts = bucketStarts(range, interval);
        List<String> stages = readyStages(funnelId);
        List<FlowCount> counts = repository.flowCounts(funnelId, range, byChannel, true);
        List<Reports.TrendBreakdown> breakdown = byChannel ? byValue(counts, FlowCount::channel).entrySet().stream()
                .map(e -> new Reports.TrendBreakdown(e.getKey(), buckets(stages, e.getValue(), starts, interval)))
                .toList() : null;
        return new Reports.TrendReport(funnelId, interval.name().toLowerCase(), range.from(), range.to(),
                iso(range.window()), buckets(stages, counts, starts, interval), breakdown);
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
        FunnelView funnel = funnels.get(funnelId);
        BackfillPendingException.unlessDone(funnel);
        return funnel.stages().stream().map(Stage::key).toList();
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

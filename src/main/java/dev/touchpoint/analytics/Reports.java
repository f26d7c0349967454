package dev.touchpoint.analytics;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The bodies of the query endpoints (docs/api.md); {@code breakdown} appears only when asked for. */
public final class Reports {

    private Reports() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlowReport(String funnel, Instant from, Instant to, String window, List<StageFlow> stages,
            List<Transition> transitions, List<FlowBreakdown> breakdown) {
    }

    /**
     * One group of a breakdown: a channel, or a value of the property ({@code null}: absent, null,
     * an object or an array); {@code other}: the values beyond {@code limit}, summed (value null).
     */
    public record FlowBreakdown(String value, boolean other, List<StageFlow> stages, List<Transition> transitions) {
    }

    /**
     * {@code stepWindows}: the per-step windows asked for, absent without; {@code medians}: what the steps'
     * medians were computed over (all customers in range, or a sample).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConversionReport(String funnel, String mode, Instant from, Instant to, String window,
            List<String> stepWindows, List<ConversionStep> steps, MedianBasis medians,
            List<ConversionBreakdown> breakdown) {
    }

    /** One group of a breakdown, as {@link FlowBreakdown}. */
    public record ConversionBreakdown(String value, boolean other, List<ConversionStep> steps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrendReport(String funnel, String interval, Instant from, Instant to, String window,
            List<TrendBucket> buckets, List<TrendBreakdown> breakdown) {
    }

    /** One interval: {@code start} is its calendar start (visits counted are still only those in [from, to)). */
    public record TrendBucket(Instant start, Instant end, List<StageFlow> stages) {
    }

    /** One group of a breakdown, as {@link FlowBreakdown}. */
    public record TrendBreakdown(String value, boolean other, List<TrendBucket> buckets) {
    }

    /** The answer while a funnel's backfill runs: progress, no half-computed numbers. */
    public record BackfillPending(String funnel, String state, double progress, String detail) {
    }
}

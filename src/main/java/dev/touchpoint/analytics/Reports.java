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

    public record FlowBreakdown(String value, List<StageFlow> stages, List<Transition> transitions) {
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

    public record ConversionBreakdown(String value, List<ConversionStep> steps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrendReport(String funnel, String interval, Instant from, Instant to, String window,
            List<TrendBucket> buckets, List<TrendBreakdown> breakdown) {
    }

    /** One interval: {@code start} is its calendar start (visits counted are still only those in [from, to)). */
    public record TrendBucket(Instant start, Instant end, List<StageFlow> stages) {
    }

    public record TrendBreakdown(String value, List<TrendBucket> buckets) {
    }

    /** The answer while a funnel's backfill runs: progress, no half-computed numbers. */
    public record BackfillPending(String funnel, String state, double progress, String detail) {
    }
}

package dev.touchpoint.analytics;

import java.util.List;

/**
 * One step of the ordered funnel (docs/metrics.md, Ordered funnel): how many customers reached at least this
 * level, the rates, and the time from the previous step (over those customers, measured on each
 * one's earliest chain that reaches their level): its median in seconds (null for the first step
 * or when nobody reached it) and the customers per fixed bucket of it (null for the first step).
 */
public record ConversionStep(String stage, long customers, Double stepConversionRate, Double overallConversionRate,
        Double medianSecondsFromPrevious, List<TimeBucket> timeToConvert) {

    /**
     * Customers whose step took less than {@code upTo} and at least the previous bucket's edge.
     *
     * @param upTo the bucket's exclusive upper edge as an ISO-8601 duration ({@code PT1M} … {@code P30D}); null for the last
     */
    public record TimeBucket(String upTo, long customers) {
    }
}

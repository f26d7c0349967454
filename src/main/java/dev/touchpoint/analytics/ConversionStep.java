package dev.touchpoint.analytics;

/**
 * One step of the ordered funnel (docs/metrics.md, Ordered funnel): how many customers reached at least this
 * level, the rates, and the median time from the previous step in seconds (over those
 * customers, measured on each one's earliest chain that reaches their level; null for the
 * first step or when nobody reached it).
 */
public record ConversionStep(String stage, long customers, Double stepConversionRate, Double overallConversionRate,
        Double medianSecondsFromPrevious) {
}

package dev.touchpoint.analytics;

/**
 * What a conversion report's medians were computed over.
 *
 * @param estimated {@code false}: every customer counted; {@code true}: the fixed sample of
 *                  journeys (one in 32), because more customers are in range than
 *                  {@code touchpoint.query.exact-median-customers}
 * @param customers how many customers the medians were computed over
 */
public record MedianBasis(boolean estimated, long customers) {
}

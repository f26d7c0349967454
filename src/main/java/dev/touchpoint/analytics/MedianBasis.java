package dev.touchpoint.analytics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a conversion report's medians were computed over.
 *
 * @param estimated {@code false}: every customer counted; {@code true}: the fixed sample of
 *                  journeys (one in 32), because more customers are in range than
 *                  {@code touchpoint.query.exact-median-customers}
 * @param customers how many customers the medians were computed over
 */
@Schema(description = "What the steps' medianSecondsFromPrevious were computed over. Counts and rates are always exact.")
public record MedianBasis(
        @Schema(description = "false: over every customer counted; true: estimated from the fixed sample of one journey"
                + " in 32, because more customers are in range than touchpoint.query.exact-median-customers (50,000)")
        boolean estimated,
        @Schema(description = "How many customers the medians were computed over", example = "31250")
        long customers) {
}

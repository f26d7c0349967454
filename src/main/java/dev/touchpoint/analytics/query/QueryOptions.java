package dev.touchpoint.analytics.query;

import java.util.Locale;

import dev.touchpoint.error.ProblemException;

/** Checks the enumerated query parameters: {@code mode}, {@code interval} ({@code breakdown}: {@link Breakdown}). */
public final class QueryOptions {

    private QueryOptions() {
    }

    /** {@code strict} (default) or {@code skip}; true for skip. */
    public static boolean skipMode(String mode) {
        if (mode == null || "strict".equals(mode)) {
            return false;
        }
        if ("skip".equals(mode)) {
            return true;
        }
        throw ProblemException.invalidField("mode", "enum", "mode must be strict or skip.");
    }

    public static TrendInterval interval(String interval) {
        if (interval == null || interval.equals(interval.toLowerCase(Locale.ROOT))
                && (interval.equals("day") || interval.equals("week") || interval.equals("month"))) {
            return TrendInterval.parse(interval);
        }
        throw ProblemException.invalidField("interval", "enum", "interval must be day, week or month.");
    }
}

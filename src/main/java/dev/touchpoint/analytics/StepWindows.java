package dev.touchpoint.analytics;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.analytics.query.QueryRange;

/**
 * The {@code stepWindows} of a conversion query (docs/metrics.md, Per-step windows): one
 * ISO-8601 duration per consecutive pair of stages, each under the rules of {@code window}
 * (more than zero, at most P365D, whole milliseconds). How many a funnel needs is known only
 * once the funnel is read, so {@link #requireFor} checks the count apart from the format.
 *
 * @param durations element {@code i} bounds the move from stage {@code i + 1} to stage {@code i + 2}
 */
public record StepWindows(List<Duration> durations) {

    static final String FIELD = "stepWindows";

    public StepWindows {
        durations = List.copyOf(durations);
    }

    /** Parses the parameter; null when it was not given. Throws a 400 problem naming {@code stepWindows}. */
    public static StepWindows parse(String value) {
        if (value == null) {
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        List<Duration> durations = new ArrayList<>();
        String[] parts = value.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            Duration d = duration(i + 1, parts[i].strip(), errors);
            durations.add(d);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The query breaks " + errors.size() + " rule(s).", errors);
        }
        return new StepWindows(durations);
    }

    /** Throws a 400 problem naming {@code stepWindows} unless there is one duration per pair of the funnel's stages. */
    void requireFor(int stageCount) {
        if (durations.size() != stageCount - 1) {
            throw ProblemException.invalidField(FIELD, "count", "This funnel has " + stageCount + " stages, so stepWindows"
                    + " needs " + (stageCount - 1) + " comma-separated durations (one per step after the first); got "
                    + durations.size() + ".");
        }
    }

    /** The durations as the answer echoes them: P1D rather than PT24H. */
    List<String> iso() {
        return durations.stream().map(AnalyticsService::iso).toList();
    }

    private static Duration duration(int position, String text, List<FieldError> errors) {
        String which = "stepWindows element " + position + " (" + (text.isEmpty() ? "empty" : text) + ")";
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(FIELD, "format", which + " must be an ISO-8601 duration in days, hours, minutes or"
                    + " seconds, e.g. P1D or PT12H; list them comma-separated, e.g. P1D,P7D."));
            return null;
        }
        if (d.isNegative() || d.isZero() || d.compareTo(QueryRange.MAX_WINDOW) > 0) {
            errors.add(new FieldError(FIELD, "range", which + " must be more than zero and at most P365D."));
        } else if (d.getNano() % 1_000_000 != 0) {
            errors.add(new FieldError(FIELD, "precision", which + " must be a whole number of milliseconds."));
        }
        return d;
    }
}

package dev.touchpoint.analytics.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;

/**
 * The {@code from}, {@code to} and {@code window} of a query (docs/metrics.md): a half-open range of
 * instants, by default the last 30 days, and a window of at most a year, by default P30D.
 * Dates mean midnight UTC. The window is compared in whole milliseconds.
 */
public record QueryRange(Instant from, Instant to, Duration window) {

    public static final Duration DEFAULT_SPAN = Duration.ofDays(30);
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    public static final Duration MAX_WINDOW = Duration.ofDays(365);
    /** Bounds the work one query may ask for. */
    public static final Duration MAX_SPAN = Duration.ofDays(3660);

    public long windowMillis() {
        return window.toMillis();
    }

    /** Parses the three query parameters (each may be null); throws a 400 problem naming every bad one. */
    public static QueryRange parse(String from, String to, String window, Clock clock) {
        List<FieldError> errors = new ArrayList<>();
        Instant end = to == null ? clock.instant() : instant("to", to, errors);
        Instant start = from == null ? (end == null ? null : end.minus(DEFAULT_SPAN)) : instant("from", from, errors);
        Duration w = window == null ? DEFAULT_WINDOW : duration(window, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldError("from", "range", "from (" + start + ") must be before to (" + end + ")."));
        } else if (start != null && end != null && Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            errors.add(new FieldError("from", "range", "The range may span at most " + MAX_SPAN.toDays() + " days."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The query breaks " + errors.size() + " rule(s).", errors);
        }
        return new QueryRange(start, end, w);
    }

    private static Instant instant(String field, String value, List<FieldError> errors) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "format", field
                    + " must be an ISO-8601 instant (2026-03-01T00:00:00Z) or date (2026-03-01)."));
            return null;
        }
    }

    private static Duration duration(String value, List<FieldError> errors) {
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("window", "format",
                    "window must be an ISO-8601 duration in days, hours, minutes or seconds, e.g. P30D or PT12H."));
            return null;
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_WINDOW) > 0) {
            errors.add(new FieldError("window", "range", "window must be more than zero and at most P365D."));
        } else if (d.getNano() % 1_000_000 != 0) {
            errors.add(new FieldError("window", "precision", "window must be a whole number of milliseconds."));
        }
        return d;
    }
}

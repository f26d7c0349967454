package dev.touchpoint.analytics.query;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The UTC calendar buckets of {@code /trends}: days, ISO weeks (from Monday) and months. */
public enum TrendInterval {
    DAY, WEEK, MONTH;

    /** The first day of the bucket that holds {@code day}. */
    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The first day of the bucket after the one starting at {@code start}. */
    public LocalDate next(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    public static TrendInterval parse(String value) {
        return value == null ? DAY : TrendInterval.valueOf(value.toUpperCase(Locale.ROOT));
    }
}

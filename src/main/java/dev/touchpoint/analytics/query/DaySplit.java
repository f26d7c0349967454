package dev.touchpoint.analytics.query;

import java.time.Duration;
import java.time.Instant;

import dev.touchpoint.journey.FlowKey;

/**
 * A query range cut into the whole UTC days it covers, which the daily flow rollup answers,
 * and the partial days before and after them, which are counted from the visits. Pure.
 *
 * @param firstDay first whole day (days since 1970-01-01)
 * @param endDay   the day after the last whole day; {@code firstDay == endDay}: no whole day
 * @param head     the part before the whole days, {@code [from, start of firstDay)}, or null
 * @param tail     the part after them, {@code [start of endDay, to)}, or null
 */
public record DaySplit(int firstDay, int endDay, Span head, Span tail) {

    private static final long DAY_SECONDS = 86_400L;

    /** A half-open span of instants. */
    public record Span(Instant from, Instant to) {
    }

    public static DaySplit of(Instant from, Instant to) {
        int first = FlowKey.dayOf(from) + (startOf(FlowKey.dayOf(from)).equals(from) ? 0 : 1);
        int end = FlowKey.dayOf(to);
        if (first >= end) {
            return new DaySplit(first, first, new Span(from, to), null);
        }
        Instant firstStart = startOf(first);
        Instant endStart = startOf(end);
        return new DaySplit(first, end, from.isBefore(firstStart) ? new Span(from, firstStart) : null,
                endStart.isBefore(to) ? new Span(endStart, to) : null);
    }

    /**
     * Whether a partial day at one end of a range is better read as its whole day less
     * {@code rest}, the rest of that day, than as {@code part}, its part in the range: when fewer
     * of the rest's hours lie before now than of the part's (later hours hold no rows yet). The
     * answer is the same either way; only the rows read differ.
     */
    public static boolean readWholeDay(Span part, Span rest, Instant now) {
        return hoursBefore(rest, now).compareTo(hoursBefore(part, now)) < 0;
    }

    /**
     * The days {@code [first, end)} a rollup is read for over {@code [from, to)}: the whole days
     * the range covers and each partial end day that {@link #readWholeDay} says is better read as
     * its whole day (its rest then taken back from the rows). {@code first >= end} when no day
     * would be read; each caller has its own fallback for that.
     */
    public static Days readDays(Instant from, Instant to, Instant now) {
        int fromDay = FlowKey.dayOf(from);
        int toDay = FlowKey.dayOf(to);
        Instant fromDayStart = startOf(fromDay);
        Instant toDayStart = startOf(toDay);
        int first = fromDayStart.isBefore(from)
                && !readWholeDay(new Span(from, startOf(fromDay + 1)), new Span(fromDayStart, from), now)
                        ? fromDay + 1 : fromDay;
        int end = toDayStart.isBefore(to)
                && readWholeDay(new Span(toDayStart, to), new Span(to, startOf(toDay + 1)), now) ? toDay + 1 : toDay;
        return new Days(first, end);
    }

    /** Days {@code [first, end)}, counted since 1970-01-01. */
    public record Days(int first, int end) {
    }

    private static Duration hoursBefore(Span span, Instant now) {
        Instant until = span.to().isAfter(now) ? now : span.to();
        return until.isAfter(span.from()) ? Duration.between(span.from(), until) : Duration.ZERO;
    }

    public boolean hasWholeDays() {
        return firstDay < endDay;
    }

    public static Instant startOf(int day) {
        return Instant.ofEpochSecond(day * DAY_SECONDS);
    }
}

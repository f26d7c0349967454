package dev.touchpoint.journey;

/**
 * The delay buckets of the daily flow rollup. A visit's delay to its successor is stored
 * rounded up to a whole hour when it is at most a day, to a whole day when it is at most
 * {@link #MAX_DAYS} days, and as {@link #BEYOND} otherwise. For a window that is itself a
 * whole number of hours up to a day, or of days up to a year, {@code delay <= window} holds
 * exactly when {@code bucket(delay) <= window}, so the rollup answers those windows exactly;
 * any other window is counted from the visits themselves. Pure.
 */
public final class DelayBuckets {

    public static final long HOUR_MS = 3_600_000L;
    public static final long DAY_MS = 86_400_000L;
    static final int MAX_DAYS = 365;
    /** The bucket of delays longer than any window a query may ask for. */
    public static final long BEYOND = (MAX_DAYS + 1) * DAY_MS;
    /** The bucket of a visit without a successor (never within a window). */
    public static final long NO_SUCCESSOR = -1;

    private DelayBuckets() {
    }

    /** @param delayMs a visit's delay in whole milliseconds, rounded up; negative: no successor */
    public static long bucketOf(long delayMs) {
        if (delayMs < 0) {
            return NO_SUCCESSOR;
        }
        if (delayMs <= DAY_MS) {
            return ceil(delayMs, HOUR_MS);
        }
        long days = ceil(delayMs, DAY_MS);
        return days <= MAX_DAYS * DAY_MS ? days : BEYOND;
    }

    /** Whether the rollup counts {@code delay <= windowMs} exactly for this window. */
    public static boolean isExactFor(long windowMs) {
        if (windowMs <= 0) {
            return false;
        }
        if (windowMs <= DAY_MS) {
            return windowMs % HOUR_MS == 0;
        }
        return windowMs % DAY_MS == 0 && windowMs <= MAX_DAYS * DAY_MS;
    }

    private static long ceil(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }
}

package dev.touchpoint.journey;

import java.util.Comparator;

/**
 * One row of the daily flow rollup: visits entered on a UTC day, of a stage, with a
 * successor stage ({@code -1}: none), a channel and a delay bucket ({@link DelayBuckets}).
 * Ordered, so that writers lock rollup rows in one order and never deadlock each other.
 */
public record FlowKey(int day, int stage, int nextStage, String channel, long delayBucket) implements Comparable<FlowKey> {

    private static final Comparator<FlowKey> ORDER = Comparator.comparingInt(FlowKey::day)
            .thenComparingInt(FlowKey::stage).thenComparingInt(FlowKey::nextStage)
            .thenComparing(FlowKey::channel).thenComparingLong(FlowKey::delayBucket);

    /** The UTC day (days since 1970-01-01) of an instant, as funnel_visit.entered_day stores it. */
    public static int dayOf(java.time.Instant instant) {
        return (int) Math.floorDiv(instant.getEpochSecond(), 86_400L);
    }

    static FlowKey of(Visit v) {
        return new FlowKey(dayOf(v.enteredAt()), v.stage(), v.nextStage() == null ? -1 : v.nextStage(), v.channel(),
                DelayBuckets.bucketOf(v.delayMillis()));
    }

    @Override
    public int compareTo(FlowKey other) {
        return ORDER.compare(this, other);
    }
}

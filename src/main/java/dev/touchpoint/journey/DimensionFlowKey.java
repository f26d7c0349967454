package dev.touchpoint.journey;

import java.util.Comparator;
import java.util.function.Consumer;

/**
 * One row of the daily dimension rollup: visits entered on a UTC day, of a stage, with a successor
 * stage ({@code -1}: none) and a delay bucket, as {@link FlowKey} counts them per channel, here per
 * value of one of the funnel's declared dimensions on the visit's first event. A flow or trend
 * breakdown by a declared dimension reads whole days here, as it reads flow_rollup by channel.
 * Ordered as the table's primary key, so that writers lock rollup rows in one order.
 *
 * @param dimension the declared dimension, 1…5 (funnel_visit.dim_1 … dim_5)
 * @param kind      {@link #VALUE}, {@link #ABSENT} or {@link #LONG}
 * @param value     the value for {@link #VALUE}, else the empty string (a key column cannot be null)
 */
public record DimensionFlowKey(int dimension, int kind, String value, int day, int stage, int nextStage,
        long delayBucket) implements Comparable<DimensionFlowKey> {

    /** A value of at most {@link #LONGEST} characters, kept in the key. */
    public static final int VALUE = 0;

    /** No value: the property is absent, null, an object or an array (PropertyValue). */
    public static final int ABSENT = 1;

    /**
     * A value longer than {@link #LONGEST}: too long for an index key (PostgreSQL's B-tree keys end
     * near 2,700 bytes), so the row says only that the day holds such visits, and the query counts
     * that day from the visits themselves.
     */
    public static final int LONG = 2;

    /** The longest value kept in the key, in UTF-16 units: at most 1,500 bytes of UTF-8. */
    public static final int LONGEST = 500;

    private static final Comparator<DimensionFlowKey> ORDER = Comparator.comparingInt(DimensionFlowKey::dimension)
            .thenComparingInt(DimensionFlowKey::kind).thenComparingInt(DimensionFlowKey::day)
            .thenComparingInt(DimensionFlowKey::stage).thenComparingInt(DimensionFlowKey::nextStage)
            .thenComparingLong(DimensionFlowKey::delayBucket).thenComparing(DimensionFlowKey::value);

    /**
     * The rows a visit counts in, one per declared dimension.
     *
     * @param values the declared dimensions' values on the visit's first event, one per declared dimension
     */
    static void contribute(Visit v, String[] values, Consumer<DimensionFlowKey> into) {
        FlowKey flow = FlowKey.of(v);
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            int kind = value == null ? ABSENT : value.length() > LONGEST ? LONG : VALUE;
            into.accept(new DimensionFlowKey(i + 1, kind, kind == VALUE ? value : "", flow.day(), flow.stage(),
                    flow.nextStage(), flow.delayBucket()));
        }
    }

    @Override
    public int compareTo(DimensionFlowKey other) {
        return ORDER.compare(this, other);
    }
}

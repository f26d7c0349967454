package dev.touchpoint.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.ObjIntConsumer;

/**
 * One cell of time to convert: a signed count, for a pair of UTC days ({@code dayX <= dayY}) in
 * one mode, of starts whose chain reaches step {@code step} with a time in bucket
 * {@code bucket} ({@link TimeToConvert}) from the chain's event before, per channel, at the
 * default window. A start counts with the same four signed terms as in its
 * {@link ConversionCell}s, once for each step from 2 up to its level, so that the customers per
 * step and bucket of a range of whole days {@code [D1, D2)} are the sum of the cells with
 * {@code dayX >= D1} and {@code dayY < D2}, as the customers per level are. Ordered, so that
 * writers lock cells in one order.
 *
 * @param skip    {@code true} for {@code mode=skip}
 * @param dayX    the day of the pair's earlier instant (days since 1970-01-01)
 * @param dayY    the day of its later instant
 * @param step    the step k, 2 … the funnel's stage count
 * @param bucket  the bucket of the step's time, 0 … {@link TimeToConvert#BUCKETS} - 1
 * @param channel the start's channel
 */
public record StepTimeCell(boolean skip, int dayX, int dayY, int step, int bucket, String channel)
        implements Comparable<StepTimeCell> {

    /** The table that keeps them. */
    public static final String TABLE = "step_time_cell";

    private static final Comparator<StepTimeCell> ORDER = Comparator.comparing(StepTimeCell::skip)
            .thenComparingInt(StepTimeCell::dayX).thenComparingInt(StepTimeCell::dayY).thenComparingInt(StepTimeCell::step)
            .thenComparingInt(StepTimeCell::bucket).thenComparing(StepTimeCell::channel);

    /** Passes each cell a linked start counts in, in both modes, with its sign. */
    static void contribute(Start start, ObjIntConsumer<StepTimeCell> cells) {
        contribute(start.startAt(), start.channel(), start.strictLink(), start.strictStepMicros(), start.skipLink(),
                start.skipStepMicros(), cells);
    }

    /** The same for a start given by what the cells depend on: when and where it began, its links and step times. */
    public static void contribute(Instant startAt, String channel, StartLink strict, long[] strictStepMicros,
            StartLink skip, long[] skipStepMicros, ObjIntConsumer<StepTimeCell> cells) {
        int s = FlowKey.dayOf(startAt);
        contribute(s, channel, false, strict, strictStepMicros, cells);
        contribute(s, channel, true, skip, skipStepMicros, cells);
    }

    private static void contribute(int s, String channel, boolean skip, StartLink link, long[] stepMicros,
            ObjIntConsumer<StepTimeCell> cells) {
        for (int k = 2; k <= link.level(); k++) {
            int step = k;
            int bucket = bucketOfMicros(stepMicros[k - 1]);
            ConversionCell.terms(s, link, (dayX, dayY, sign) -> cells.accept(
                    new StepTimeCell(skip, dayX, dayY, step, bucket, channel), sign));
        }
    }

    /** The bucket of a step time in microseconds, as the conversion statement compares them. */
    public static int bucketOfMicros(long micros) {
        return TimeToConvert.bucketOf(Duration.ofNanos(Math.multiplyExact(micros, 1_000L)));
    }

    @Override
    public int compareTo(StepTimeCell other) {
        return ORDER.compare(this, other);
    }
}

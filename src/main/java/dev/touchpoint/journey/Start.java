package dev.touchpoint.journey;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * How far and how fast the ordered funnel (docs/metrics.md, Ordered funnel) can be climbed from one event of
 * the first stage, for every window at once: a query only compares these delays with its
 * window, so start rows can be computed when events arrive and stored.
 *
 * <p>Element {@code k} of each array is the least {@code ek.timestamp - e1.timestamp} over
 * chains from this start that reach level {@code k + 1}, in milliseconds rounded up (so that
 * {@code delay <= window} stays exact for whole-millisecond windows even when timestamps
 * carry micro- or nanoseconds), or {@link #NOT_REACHED}. Element 0 is always 0. The delays
 * never decrease along an array and once a level is not reached no later level is, because a
 * chain reaching a level also reaches every lower one. The arrays are shared, not copied:
 * do not modify them.
 *
 * @param startEventId  id of the start event {@code e1}
 * @param startAt       its timestamp, which a query's {@code [from, to)} filters on
 * @param channel       its channel, for {@code breakdown=channel}
 * @param strictDelayMs delays for {@code mode=strict}, one per stage
 * @param skipDelayMs   delays for {@code mode=skip}, one per stage
 * @param strictStepMicros for each level {@code k + 1} the chain from this start reaches in
 *                      strict mode, the microseconds from the chain's event before the one that
 *                      reaches it to that event (what time to convert and the step medians count);
 *                      {@link #NOT_REACHED_STEP} at element 0 and where not reached
 * @param skipStepMicros    the same in skip mode, where one event may serve several steps
 * @param strictLink    its place among its journey's starts in strict mode, null until linked ({@link StartLinks})
 * @param skipLink      the same in skip mode
 * @param skipLastAt    the timestamp of the skip chain's last event (the start's own when it reaches no further),
 *                      what extending the chain with appended events needs ({@link JourneyAppend}) and its step
 *                      times cannot tell; {@code null} on rows stored before V11
 */
public record Start(String startEventId, Instant startAt, String channel, long[] strictDelayMs,
        long[] skipDelayMs, long[] strictStepMicros, long[] skipStepMicros, StartLink strictLink, StartLink skipLink,
        Instant skipLastAt) {

    /** The delay of a level that no chain from this start reaches. */
    public static final long NOT_REACHED = -1;
    /** The step time of the first level and of a level that no chain from this start reaches. */
    public static final long NOT_REACHED_STEP = -1;

    public Start {
        Objects.requireNonNull(startEventId, "startEventId");
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(strictDelayMs, "strictDelayMs");
        Objects.requireNonNull(skipDelayMs, "skipDelayMs");
        Objects.requireNonNull(strictStepMicros, "strictStepMicros");
        Objects.requireNonNull(skipStepMicros, "skipStepMicros");
        if (strictDelayMs.length != skipDelayMs.length || strictStepMicros.length != strictDelayMs.length
                || skipStepMicros.length != skipDelayMs.length) {
            throw new IllegalArgumentException("delays and step times must have one element per stage");
        }
    }

    /** An unlinked start, as computed from its journey's events alone. */
    public Start(String startEventId, Instant startAt, String channel, long[] strictDelayMs, long[] skipDelayMs,
            long[] strictStepMicros, long[] skipStepMicros, Instant skipLastAt) {
        this(startEventId, startAt, channel, strictDelayMs, skipDelayMs, strictStepMicros, skipStepMicros, null, null,
                skipLastAt);
    }

    /** An unlinked start that does not say where its skip chain ends (for tests of what does not need it). */
    public Start(String startEventId, Instant startAt, String channel, long[] strictDelayMs, long[] skipDelayMs,
            long[] strictStepMicros, long[] skipStepMicros) {
        this(startEventId, startAt, channel, strictDelayMs, skipDelayMs, strictStepMicros, skipStepMicros, null);
    }

    /** A linked start that does not say where its skip chain ends (for tests of what does not need it). */
    public Start(String startEventId, Instant startAt, String channel, long[] strictDelayMs, long[] skipDelayMs,
            long[] strictStepMicros, long[] skipStepMicros, StartLink strictLink, StartLink skipLink) {
        this(startEventId, startAt, channel, strictDelayMs, skipDelayMs, strictStepMicros, skipStepMicros, strictLink,
                skipLink, null);
    }

    /** This start with its links to the other starts of its journey. */
    public Start withLinks(StartLink strict, StartLink skip) {
        return new Start(startEventId, startAt, channel, strictDelayMs, skipDelayMs, strictStepMicros, skipStepMicros,
                strict, skip, skipLastAt);
    }

    /** How many levels the strict chain reaches at any window, at least 1. */
    public int strictReached() {
        return reached(strictDelayMs);
    }

    /** How many levels the skip chain reaches at any window, at least 1 and at least {@link #strictReached()}. */
    public int skipReached() {
        return reached(skipDelayMs);
    }

    private static int reached(long[] delays) {
        int n = 0;
        while (n < delays.length && delays[n] != NOT_REACHED) {
            n++;
        }
        return n;
    }

    /**
     * @param windowMillis the query window in milliseconds
     * @param skip         {@code true} for {@code mode=skip}
     * @return the highest level reached from this start within the window, at least 1
     */
    public int level(long windowMillis, boolean skip) {
        long[] delays = skip ? skipDelayMs : strictDelayMs;
        int level = 0;
        while (level < delays.length && delays[level] != NOT_REACHED && delays[level] <= windowMillis) {
            level++;
        }
        return level;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Start that
                && startEventId.equals(that.startEventId)
                && startAt.equals(that.startAt)
                && Objects.equals(channel, that.channel)
                && Arrays.equals(strictDelayMs, that.strictDelayMs)
                && Arrays.equals(skipDelayMs, that.skipDelayMs)
                && Arrays.equals(strictStepMicros, that.strictStepMicros)
                && Arrays.equals(skipStepMicros, that.skipStepMicros)
                && Objects.equals(strictLink, that.strictLink)
                && Objects.equals(skipLink, that.skipLink)
                && Objects.equals(skipLastAt, that.skipLastAt);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(startEventId, startAt, channel, strictLink, skipLink);
        hash = 31 * hash + Arrays.hashCode(strictDelayMs);
        hash = 31 * hash + Arrays.hashCode(strictStepMicros);
        return 31 * hash + Arrays.hashCode(skipDelayMs);
    }

    @Override
    public String toString() {
        return "Start[startEventId=" + startEventId + ", startAt=" + startAt + ", channel=" + channel
                + ", strictDelayMs=" + Arrays.toString(strictDelayMs)
                + ", skipDelayMs=" + Arrays.toString(skipDelayMs) + ", strictStepMicros=" + Arrays.toString(strictStepMicros)
                + ", skipStepMicros=" + Arrays.toString(skipStepMicros) + ", strictLink=" + strictLink + ", skipLink=" + skipLink
                + ", skipLastAt=" + skipLastAt + "]";
    }
}

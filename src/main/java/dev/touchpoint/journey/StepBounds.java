package dev.touchpoint.journey;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The time bounds a funnel chain must keep (SPEC §3, Funnel and per-step windows): the total
 * {@code window} from {@code e1} to the last event, and optionally one bound per consecutive
 * pair of stages. Kept in nanoseconds because timestamps carry them and a bound that lands
 * exactly on an edge must hold.
 */
public final class StepBounds {

    private final long windowNanos;
    /** {@code prefix[i]} is the sum of the first {@code i} step windows, saturating; null without step windows. */
    private final long[] prefix;

    private StepBounds(long windowNanos, long[] prefix) {
        this.windowNanos = windowNanos;
        this.prefix = prefix;
    }

    /** Only the total window, as before per-step windows existed. */
    public static StepBounds total(Duration window) {
        return new StepBounds(nanos(window), null);
    }

    /**
     * @param stepWindows {@code stageCount - 1} positive durations: element {@code i} bounds the
     *                    move from stage {@code i} to stage {@code i + 1}
     */
    public static StepBounds of(Duration window, List<Duration> stepWindows, int stageCount) {
        Objects.requireNonNull(stepWindows, "stepWindows");
        if (stepWindows.size() != stageCount - 1) {
            throw new IllegalArgumentException("need " + (stageCount - 1) + " step windows, got " + stepWindows.size());
        }
        long[] prefix = new long[stepWindows.size() + 1];
        for (int i = 0; i < stepWindows.size(); i++) {
            Duration step = stepWindows.get(i);
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("step window " + i + " must be positive, was " + step);
            }
            prefix[i + 1] = saturatingAdd(prefix[i], nanos(step));
        }
        return new StepBounds(nanos(window), prefix);
    }

    /** The most {@code ek - e1} may be, in nanoseconds. */
    public long windowNanos() {
        return windowNanos;
    }

    /**
     * The most a consecutive pair of a chain may be apart when it moves from stage {@code from}
     * to the later stage {@code to}: in skip mode the sum of the step windows it jumps over.
     */
    public long stepNanos(int from, int to) {
        if (prefix == null) {
            return Long.MAX_VALUE;
        }
        long sum = prefix[to] - prefix[from];
        // A saturated prefix makes the difference meaningless; such a bound is unbounded in practice.
        return prefix[to] == Long.MAX_VALUE ? Long.MAX_VALUE : sum;
    }

    /** Whether step windows were given at all. */
    public boolean hasStepWindows() {
        return prefix != null;
    }

    static long nanos(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a window must not be negative: " + duration);
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}

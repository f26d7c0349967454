package dev.touchpoint.journey;

import java.util.ArrayDeque;

/**
 * The best value among the journey positions within a sliding time bound, in amortised O(1)
 * per position: the classic monotonic deque. {@link ChainSearch} keeps one per pair of stages
 * so that finding a chain's best predecessor (or successor) is not a scan of the journey.
 *
 * <p>Positions are pushed in the order the scan visits them and leave from the front once
 * they are too far from the current position; a pushed position evicts from the back every
 * position whose value it beats, since it stays in the window at least as long.
 */
final class MonotonicWindow {

    private final ArrayDeque<Integer> positions = new ArrayDeque<>();
    private final long[] values;
    private final boolean keepMax;

    /** @param values the value of each journey position, shared with the caller */
    MonotonicWindow(long[] values, boolean keepMax) {
        this.values = values;
        this.keepMax = keepMax;
    }

    void push(int position) {
        long value = values[position];
        while (!positions.isEmpty() && !beats(values[positions.peekLast()], value)) {
            positions.pollLast();
        }
        positions.addLast(position);
    }

    /**
     * Drops front positions more than {@code bound} nanoseconds from {@code at}, then answers
     * the best remaining position, or -1.
     */
    int best(long[] timeNanos, long at, long bound) {
        while (!positions.isEmpty() && Math.abs(at - timeNanos[positions.peekFirst()]) > bound) {
            positions.pollFirst();
        }
        return positions.isEmpty() ? -1 : positions.peekFirst();
    }

    /** Strictly better, so that of equal values the newer position stays (it lives longer). */
    private boolean beats(long kept, long pushed) {
        return keepMax ? kept > pushed : kept < pushed;
    }
}

package dev.touchpoint.journey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;


/**
 * Finds a customer's funnel level under per-step windows (SPEC §3) and their earliest chain
 * reaching it, in O(events x stages) (skip mode: x stages squared) without trying chains.
 *
 * <p>A greedy scan (take the first next-stage event) is exact without step windows but not
 * with them: an early {@code B} may be too far from every {@code C} while a later {@code B}
 * is not. Instead, for each position {@code q} the forward pass keeps the <b>latest start</b>
 * {@code e1} (in {@code [from, to)}) of any chain ending at {@code q} that keeps every step
 * bound and the total window. The latest start is all a chain's future depends on: step
 * bounds depend only on its last event, and the total window is easiest to keep from the
 * latest start. So {@code latest[q]} is the best {@code latest[p]} over allowed predecessors
 * {@code p} within the step bound, accepted when {@code q - latest[p] <= window}; the level
 * is the highest stage with a defined {@code latest}, plus one.
 *
 * <p>For the earliest chain, the backward pass keeps for each position the <b>earliest
 * end</b> of a chain from it to the level's stage that keeps the step bounds; a prefix ending
 * at {@code p} from start {@code s} can be completed exactly when {@code end[p] - s <= window}.
 * With that exact test, choosing the first feasible position at each link yields the
 * lexicographically smallest chain.
 */
public final class ChainSearch {

    private static final long UNDEFINED = Long.MIN_VALUE;

    private final List<AttributedEvent> events;
    private final int stageCount;
    private final StepBounds bounds;
    private final boolean skip;
    private final long[] time;

    /** @param events a journey in journey order, every stage below {@code stageCount} */
    public ChainSearch(List<AttributedEvent> events, int stageCount, StepBounds bounds, boolean skip) {
        this.events = events;
        this.stageCount = stageCount;
        this.bounds = bounds;
        this.skip = skip;
        this.time = new long[events.size()];
        for (int i = 0; i < time.length; i++) {
            time[i] = nanos(events.get(i).timestamp());
        }
    }

    /** The earliest chain reaching the customer's level from a start in {@code [from, to)}, or null for level 0. */
    public FunnelChain earliestChain(Instant from, Instant to) {
        int level = level(from, to);
        if (level == 0) {
            return null;
        }
        int target = level - 1;
        long[] end = earliestEnds(target);
        long window = bounds.windowNanos();
        int current = -1;
        for (int p = 0; p < events.size() && current < 0; p++) {
            if (isStart(p, from, to) && end[p] != UNDEFINED && end[p] - time[p] <= window) {
                current = p;
            }
        }
        long start = time[current];
        List<AttributedEvent> chain = new ArrayList<>();
        chain.add(events.get(current));
        while (stage(current) < target) {
            int from2 = stage(current);
            long reach = bounds.stepNanos(from2, skip ? target : from2 + 1);
            int next = -1;
            for (int q = current + 1; q < events.size() && time[q] - time[current] <= reach && next < 0; q++) {
                if (allowed(from2, stage(q), target) && end[q] != UNDEFINED && end[q] - start <= window
                        && time[q] - time[current] <= bounds.stepNanos(from2, stage(q))) {
                    next = q;
                }
            }
            current = next;
            chain.add(events.get(current));
        }
        return new FunnelChain(level, chain);
    }

    /** The highest level of any chain from a start in {@code [from, to)}, 0 when none starts there. */
    public int level(Instant from, Instant to) {
        long[] latest = new long[events.size()];
        Arrays.fill(latest, UNDEFINED);
        MonotonicWindow[][] byPair = new MonotonicWindow[stageCount][stageCount];
        int level = 0;
        for (int q = 0; q < events.size(); q++) {
            int b = stage(q);
            if (b == 0) {
                latest[q] = isStart(q, from, to) ? time[q] : UNDEFINED;
            } else {
                for (int a = skip ? 0 : b - 1; a < b; a++) {
                    MonotonicWindow window = byPair[a][b];
                    int p = window == null ? -1 : window.best(time, time[q], bounds.stepNanos(a, b));
                    if (p >= 0 && time[q] - latest[p] <= bounds.windowNanos()) {
                        latest[q] = Math.max(latest[q], latest[p]);
                    }
                }
            }
            if (latest[q] != UNDEFINED) {
                level = Math.max(level, b + 1);
                for (int c = b + 1; c < (skip ? stageCount : Math.min(stageCount, b + 2)); c++) {
                    if (byPair[b][c] == null) {
                        byPair[b][c] = new MonotonicWindow(latest, true);
                    }
                    byPair[b][c].push(q);
                }
            }
        }
        return level;
    }

    /** For each position, the earliest end (nanoseconds) of a step-bounded chain from it to stage {@code target}. */
    private long[] earliestEnds(int target) {
        long[] end = new long[events.size()];
        Arrays.fill(end, UNDEFINED);
        MonotonicWindow[][] byPair = new MonotonicWindow[stageCount][stageCount];
        for (int p = events.size() - 1; p >= 0; p--) {
            int a = stage(p);
            if (a == target) {
                end[p] = time[p];
            } else if (a < target) {
                for (int b = a + 1; b <= (skip ? target : a + 1); b++) {
                    MonotonicWindow window = byPair[a][b];
                    int q = window == null ? -1 : window.best(time, time[p], bounds.stepNanos(a, b));
                    if (q >= 0 && (end[p] == UNDEFINED || end[q] < end[p])) {
                        end[p] = end[q];
                    }
                }
            }
            if (end[p] != UNDEFINED && a > 0) {
                for (int from = skip ? 0 : a - 1; from < a; from++) {
                    if (byPair[from][a] == null) {
                        byPair[from][a] = new MonotonicWindow(end, false);
                    }
                    byPair[from][a].push(p);
                }
            }
        }
        return end;
    }

    private boolean allowed(int from, int to, int target) {
        return skip ? to > from && to <= target : to == from + 1;
    }

    private boolean isStart(int p, Instant from, Instant to) {
        Instant at = events.get(p).timestamp();
        return stage(p) == 0 && !at.isBefore(from) && at.isBefore(to);
    }

    private int stage(int p) {
        return events.get(p).stage();
    }

    private static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }
}

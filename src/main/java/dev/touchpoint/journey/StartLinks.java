package dev.touchpoint.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the {@link StartLink}s of a journey's starts, in both modes, in one forward and one
 * backward pass over them (O(starts x stages)).
 */
public final class StartLinks {

    /** The window the links are kept for: the query default (docs/metrics.md), P30D. */
    public static final long WINDOW_MILLIS = Duration.ofDays(30).toMillis();

    private StartLinks() {
    }

    /** @param starts one journey's starts in journey order, unlinked or not; returns them linked, same order */
    public static List<Start> link(List<Start> starts) {
        if (starts.isEmpty()) {
            return starts;
        }
        StartLink[] strict = links(starts, false, null);
        StartLink[] skip = links(starts, true, null);
        List<Start> linked = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            linked.add(starts.get(i).withLinks(strict[i], skip[i]));
        }
        return linked;
    }

    /**
     * The links of these starts in one mode, as if preceded by starts whose latest reaching each
     * level {@code k} began at {@code before[k]} (null: none precede them) and followed by none.
     */
    static StartLink[] links(List<Start> starts, boolean skip, Instant[] before) {
        int n = starts.size();
        int stages = starts.get(0).strictDelayMs().length;
        int[] level = new int[n];
        for (int i = 0; i < n; i++) {
            level[i] = starts.get(i).level(WINDOW_MILLIS, skip);
        }
        // latest[k]: when the latest start so far reaching at least level k started
        Instant[] latest = new Instant[stages + 2];
        for (int k = 1; before != null && k <= stages && k < before.length; k++) {
            latest[k] = before[k];
        }
        Instant[] prev = new Instant[n];
        for (int i = 0; i < n; i++) {
            prev[i] = latest[level[i]];
            for (int k = 1; k <= level[i]; k++) {
                latest[k] = starts.get(i).startAt();
            }
        }
        // earliest[k]: when the earliest start after the current one reaching at least level k starts
        Instant[] earliest = new Instant[stages + 2];
        StartLink[] links = new StartLink[n];
        for (int i = n - 1; i >= 0; i--) {
            links[i] = new StartLink(level[i], prev[i], earliest[level[i] + 1]);
            for (int k = 1; k <= level[i]; k++) {
                earliest[k] = starts.get(i).startAt();
            }
        }
        return links;
    }
}

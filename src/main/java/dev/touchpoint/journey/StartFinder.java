package dev.touchpoint.journey;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Computes the {@link Start} rows of a sorted journey in one backward pass, O(events x stages),
 * instead of searching chains from every start, which would be quadratic for a long journey.
 *
 * <p><b>Strict mode</b> ({@code e1 < e2 < ... < ek}, {@code ei} in stage {@code i - 1},
 * 0-based). Let the greedy chain take, after each link, the first later event of the next
 * stage. For any chain {@code p1 < p2 < ... < pk} from the same start, greedy link {@code j}
 * is at or before {@code pj}: true for {@code j = 1}, and if {@code gj <= pj} then {@code pj+1}
 * is a later event of the right stage, so the first one after {@code gj} is at or before it.
 * Hence the greedy chain exists whenever any chain does, and since the journey is sorted by
 * timestamp, its last link has the least timestamp, i.e. the least delay.
 *
 * <p><b>Skip mode</b> ({@code e1} in the first stage, each next event in a strictly later
 * stage, level = last stage index + 1). A chain's last event is an event after {@code e1} of
 * stage {@code >= 1}; conversely any event {@code q} after {@code e1} of stage {@code s >= 1}
 * forms the two-event chain {@code (e1, q)} of level {@code s + 1}. So a level of at least
 * {@code L >= 2} is reached within a window iff some event after {@code e1} of stage
 * {@code >= L - 1} lies within it, and the first such event has the least delay.
 */
final class StartFinder {

    private static final int NONE = -1;

    private StartFinder() {
    }

    /** @param events a journey in journey order, every stage below {@code stageCount} */
    static List<Start> starts(List<AttributedEvent> events, int stageCount) {
        // Both describe only the positions after the one being visited:
        // the first position of stage s, and the first position of a stage >= s.
        int[] nextOfStage = new int[stageCount];
        int[] nextAtLeast = new int[stageCount];
        Arrays.fill(nextOfStage, NONE);
        Arrays.fill(nextAtLeast, NONE);
        // successor[p]: the greedy strict chain's link after p, the first later event of the next stage.
        int[] successor = new int[events.size()];
        List<Start> starts = new ArrayList<>();
        for (int p = events.size() - 1; p >= 0; p--) {
            int stage = events.get(p).stage();
            successor[p] = stage + 1 < stageCount ? nextOfStage[stage + 1] : NONE;
            if (stage == 0) {
                starts.add(startAt(events, p, successor, nextAtLeast));
            }
            nextOfStage[stage] = p;
            for (int s = 0; s <= stage; s++) {
                nextAtLeast[s] = p;
            }
        }
        Collections.reverse(starts);
        return starts;
    }

    private static Start startAt(List<AttributedEvent> events, int start, int[] successor, int[] nextAtLeast) {
        int stageCount = nextAtLeast.length;
        AttributedEvent first = events.get(start);
        long[] strict = new long[stageCount];
        long[] skip = new long[stageCount];
        long[] strictSteps = new long[stageCount];
        long[] skipSteps = new long[stageCount];
        Arrays.fill(strict, Start.NOT_REACHED);
        Arrays.fill(skip, Start.NOT_REACHED);
        Arrays.fill(strictSteps, Start.NOT_REACHED_STEP);
        Arrays.fill(skipSteps, Start.NOT_REACHED_STEP);
        strict[0] = 0;
        skip[0] = 0;
        int previous = start;
        int link = successor[start];
        for (int level = 1; level < stageCount && link != NONE; level++) {
            strict[level] = delayMillis(first.timestamp(), events.get(link).timestamp());
            strictSteps[level] = stepMicros(events, previous, link);
            previous = link;
            link = successor[link];
        }
        // The skip chain is the distinct positions of nextAtLeast[1..]: one event may reach several
        // levels at once, and each step it covers is timed from the chain's event before it.
        int before = start;
        int reached = start;
        for (int level = 1; level < stageCount; level++) {
            int last = nextAtLeast[level];
            if (last == NONE) {
                break;
            }
            if (last != reached) {
                before = reached;
                reached = last;
            }
            skip[level] = delayMillis(first.timestamp(), events.get(last).timestamp());
            skipSteps[level] = stepMicros(events, before, last);
        }
        return new Start(first.eventId(), first.timestamp(), first.channel(), strict, skip, strictSteps, skipSteps,
                events.get(reached).timestamp());
    }

    /** Whole microseconds, the precision events are stored with (attribution reads them back from the database). */
    private static long stepMicros(List<AttributedEvent> events, int from, int to) {
        return ChronoUnit.MICROS.between(events.get(from).timestamp(), events.get(to).timestamp());
    }

    /** Rounded up, so that {@code delay <= window} holds exactly when the true delay is within a whole-millisecond window. */
    static long delayMillis(Instant from, Instant to) {
        Duration delay = Duration.between(from, to);
        long millis = delay.toMillis();
        return delay.minusMillis(millis).isZero() ? millis : millis + 1;
    }
}

package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The links of a journey's starts, by hand and against their purpose: over random journeys
 * and ranges, the starts the link filter keeps are exactly each customer's chosen start,
 * found by ranking the starts in range as docs/metrics.md, Ordered funnel does.
 */
public class StartLinksTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long DAY = 86_400_000L;
    private static final long N = Start.NOT_REACHED;

    @Test
    void linksPointToThePreviousAsHighAndTheNextHigherStart() {
        List<Start> linked = StartLinks.link(List.of(
                start("a", 0, 0, 5 * DAY, N), // level 2
                start("b", DAY, 0, N, N), // level 1
                start("c", 2 * DAY, 0, 40 * DAY, N), // level 1: level 2 only beyond the window
                start("d", 3 * DAY, 0, DAY, 2 * DAY))); // level 3

        assertEquals(new StartLink(2, null, T0.plusMillis(3 * DAY)), linked.get(0).strictLink());
        assertEquals(new StartLink(1, T0, T0.plusMillis(3 * DAY)), linked.get(1).strictLink());
        assertEquals(new StartLink(1, T0.plusMillis(DAY), T0.plusMillis(3 * DAY)), linked.get(2).strictLink());
        assertEquals(new StartLink(3, null, null), linked.get(3).strictLink());
    }

    @Test
    void aDelayOfExactlyTheWindowCountsAndOneMillisecondMoreDoesNot() {
        List<Start> linked = StartLinks.link(List.of(start("a", 0, 0, StartLinks.WINDOW_MILLIS, N),
                start("b", DAY, 0, StartLinks.WINDOW_MILLIS + 1, N)));
        assertEquals(2, linked.get(0).strictLink().level());
        assertEquals(1, linked.get(1).strictLink().level());
        assertNull(linked.get(0).strictLink().nextAt());
    }

    @Test
    void theFilterKeepsExactlyEachCustomersChosenStart() {
        Random random = new Random(7);
        for (int journey = 0; journey < 3_000; journey++) {
            List<Start> starts = new ArrayList<>();
            long t = 0;
            int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                t += random.nextInt(4) == 0 ? 0 : random.nextInt(20) * DAY / 2; // ties too
                starts.add(randomStart("e" + (char) ('a' + i), t, random));
            }
            List<Start> linked = StartLinks.link(starts);
            for (boolean skip : new boolean[] { false, true }) {
                for (int r = 0; r < 10; r++) {
                    Instant from = T0.plusMillis((random.nextInt(60) - 10) * DAY / 2);
                    Instant to = from.plusMillis(random.nextInt(80) * DAY / 2);
                    assertEquals(ranked(linked, from, to, skip), filtered(linked, from, to, skip),
                            "journey " + journey + " " + from + ".." + to + (skip ? " skip" : " strict"));
                }
            }
        }
    }

    /** docs/metrics.md: the earliest start in range, in journey order, among those reaching the highest level. */
    private static List<String> ranked(List<Start> starts, Instant from, Instant to, boolean skip) {
        Start best = null;
        for (Start s : starts) {
            if (inRange(s, from, to) && (best == null
                    || s.level(StartLinks.WINDOW_MILLIS, skip) > best.level(StartLinks.WINDOW_MILLIS, skip))) {
                best = s;
            }
        }
        return best == null ? List.of() : List.of(best.startEventId());
    }

    private static List<String> filtered(List<Start> starts, Instant from, Instant to, boolean skip) {
        List<String> kept = new ArrayList<>();
        for (Start s : starts) {
            StartLink link = skip ? s.skipLink() : s.strictLink();
            if (inRange(s, from, to) && (link.prevAt() == null || link.prevAt().isBefore(from))
                    && (link.nextAt() == null || !link.nextAt().isBefore(to))) {
                kept.add(s.startEventId());
            }
        }
        return kept;
    }

    private static boolean inRange(Start s, Instant from, Instant to) {
        return !s.startAt().isBefore(from) && s.startAt().isBefore(to);
    }

    /** Delays never decrease, and once a level is missed no later level is reached; skip reaches at least as far. */
    public static Start randomStart(String id, long at, Random random) {
        long[] strict = new long[4];
        long[] skip = new long[4];
        long delay = 0;
        for (int k = 0; k < 4; k++) {
            delay += k == 0 ? 0 : random.nextInt(25) * DAY / 2;
            strict[k] = k > 0 && random.nextInt(3) == 0 ? N : delay;
            if (k > 0 && strict[k - 1] == N) {
                strict[k] = N;
            }
            skip[k] = strict[k] != N ? strict[k] : (random.nextBoolean() && (k == 0 || skip[k - 1] != N) ? delay : N);
            if (k > 0 && skip[k - 1] == N) {
                skip[k] = N;
            }
        }
        return new Start(id, T0.plusMillis(at), "web", strict, skip, noSteps(strict), noSteps(skip));
    }

    private static Start start(String id, long at, long... strict) {
        return new Start(id, T0.plusMillis(at), "web", strict, strict.clone(), noSteps(strict), noSteps(strict));
    }

    /** Links depend on delays alone; the step buckets are left unreached. */
    private static long[] noSteps(long[] delays) {
        long[] steps = new long[delays.length];
        java.util.Arrays.fill(steps, Start.NOT_REACHED_STEP);
        return steps;
    }
}

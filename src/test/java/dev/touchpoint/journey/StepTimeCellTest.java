package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The step-time cells a start counts in add up, for every range of whole days, to one customer
 * in the bucket of each step it reaches when it is its customer's chosen start for that range,
 * and to nothing anywhere else: the conversion cells' indicator, per step and bucket.
 */
class StepTimeCellTest {

    private static final Instant DAY_0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DAYS = 12;
    private static final long SECOND = 1_000_000L;
    /** Step times in microseconds, index k - 1 for step k: strict reaches level 3, skip level 4. */
    private static final long[] STRICT_STEPS = { Start.NOT_REACHED_STEP, 30 * SECOND, 7_200 * SECOND, Start.NOT_REACHED_STEP };
    private static final long[] SKIP_STEPS = { Start.NOT_REACHED_STEP, 600 * SECOND, 3 * 86_400 * SECOND, 40 * 86_400 * SECOND };

    @Test
    void cellsSumToTheChosenStartsStepBucketsForEveryRangeOfDays() {
        Random random = new Random(7);
        int day0 = FlowKey.dayOf(DAY_0);
        for (int trial = 0; trial < 300; trial++) {
            int s = random.nextInt(DAYS);
            Integer p = random.nextBoolean() ? random.nextInt(s + 1) : null;
            Integer n = random.nextBoolean() ? s + random.nextInt(DAYS - s) : null;
            Map<StepTimeCell, Integer> cells = new HashMap<>();
            StepTimeCell.contribute(start(s, p, n), (cell, sign) -> cells.merge(cell, sign, Integer::sum));
            for (boolean skip : new boolean[] { false, true }) {
                long[] steps = skip ? SKIP_STEPS : STRICT_STEPS;
                int level = skip ? 4 : 3;
                for (int d1 = 0; d1 <= DAYS; d1++) {
                    for (int d2 = d1 + 1; d2 <= DAYS; d2++) {
                        boolean chosen = s >= d1 && s < d2 && (p == null || p < d1) && (n == null || n >= d2);
                        int[][] sums = new int[5][TimeToConvert.BUCKETS];
                        for (Map.Entry<StepTimeCell, Integer> c : cells.entrySet()) {
                            StepTimeCell cell = c.getKey();
                            if (cell.skip() == skip && cell.dayX() - day0 >= d1 && cell.dayY() - day0 < d2) {
                                sums[cell.step()][cell.bucket()] += c.getValue();
                            }
                        }
                        for (int k = 0; k < sums.length; k++) {
                            for (int b = 0; b < TimeToConvert.BUCKETS; b++) {
                                boolean counted = chosen && k >= 2 && k <= level
                                        && b == TimeToConvert.bucketOf(Duration.ofNanos(steps[k - 1] * 1_000));
                                assertEquals(counted ? 1 : 0, sums[k][b], "skip=" + skip + " s=" + s + " p=" + p + " n=" + n
                                        + " [" + d1 + ", " + d2 + ") step " + k + " bucket " + b);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void bucketsOfMicrosecondsBreakAtTheEdges() {
        assertEquals(0, StepTimeCell.bucketOfMicros(0));
        assertEquals(0, StepTimeCell.bucketOfMicros(60 * SECOND - 1));
        assertEquals(1, StepTimeCell.bucketOfMicros(60 * SECOND));
        assertEquals(9, StepTimeCell.bucketOfMicros(30 * 86_400 * SECOND - 1));
        assertEquals(10, StepTimeCell.bucketOfMicros(30 * 86_400 * SECOND));
    }

    /** A start on day {@code s} (at noon) with links on days {@code p} and {@code n}; level 3 strict, 4 skip. */
    private static Start start(int s, Integer p, Integer n) {
        long[] delays = new long[4];
        return new Start("e", at(s), "web", delays, delays, STRICT_STEPS, SKIP_STEPS, new StartLink(3, at(p), at(n)),
                new StartLink(4, at(p), at(n)), null);
    }

    private static Instant at(Integer day) {
        return day == null ? null : DAY_0.plus(Duration.ofDays(day)).plus(Duration.ofHours(12));
    }
}

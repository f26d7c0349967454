package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DelayBucketsTest {

    private static final long H = DelayBuckets.HOUR_MS;
    private static final long D = DelayBuckets.DAY_MS;

    @Test
    void roundsUpToHoursWithinADayAndToDaysBeyond() {
        assertEquals(DelayBuckets.NO_SUCCESSOR, DelayBuckets.bucketOf(-1));
        assertEquals(0, DelayBuckets.bucketOf(0));
        assertEquals(H, DelayBuckets.bucketOf(1));
        assertEquals(H, DelayBuckets.bucketOf(H));
        assertEquals(2 * H, DelayBuckets.bucketOf(H + 1));
        assertEquals(D, DelayBuckets.bucketOf(D));
        assertEquals(2 * D, DelayBuckets.bucketOf(D + 1));
        assertEquals(365 * D, DelayBuckets.bucketOf(365 * D));
        assertEquals(DelayBuckets.BEYOND, DelayBuckets.bucketOf(365 * D + 1));
    }

    @Test
    void answersWholeHoursUpToADayAndWholeDaysUpToAYear() {
        assertTrue(DelayBuckets.isExactFor(H));
        assertTrue(DelayBuckets.isExactFor(5 * H));
        assertTrue(DelayBuckets.isExactFor(D));
        assertTrue(DelayBuckets.isExactFor(30 * D));
        assertTrue(DelayBuckets.isExactFor(365 * D));
        assertFalse(DelayBuckets.isExactFor(0));
        assertFalse(DelayBuckets.isExactFor(90 * 60_000L));
        assertFalse(DelayBuckets.isExactFor(36 * H));
        assertFalse(DelayBuckets.isExactFor(D + 1));
        assertFalse(DelayBuckets.isExactFor(366 * D));
    }

    /** The property the rollup relies on: for every window it answers, bucketing never moves a delay across it. */
    @Test
    void bucketingKeepsEveryDelayOnItsSideOfEveryExactWindow() {
        Random random = new Random(7);
        long[] windows = { H, 2 * H, 23 * H, D, 2 * D, 7 * D, 30 * D, 365 * D };
        for (int i = 0; i < 200_000; i++) {
            long delay = switch (i % 4) {
                case 0 -> random.nextInt(3) * H + random.nextInt(3) - 1; // around whole hours
                case 1 -> random.nextInt(40) * D + random.nextInt(3) - 1; // around whole days
                case 2 -> (long) (random.nextDouble() * 400 * D);
                default -> 365 * D + random.nextInt(3) - 1; // around the longest window
            };
            delay = Math.max(0, delay);
            for (long w : windows) {
                assertEquals(delay <= w, DelayBuckets.bucketOf(delay) <= w, "delay " + delay + " window " + w);
            }
        }
    }
}

package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class StartTest {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long NO = Start.NOT_REACHED;
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final long NO_STEP = Start.NOT_REACHED_STEP;
    private static final long HOUR_US = 3_600_000_000L;

    @Test
    void skipMayJumpAheadWhereStrictMustWait() {
        List<Start> reaches = Journey.of(List.of(at("a", 0, A), at("c1", HOUR, C), at("b", 2 * HOUR, B),
                at("c2", 3 * HOUR, C))).starts(3);

        assertEquals(List.of(reach("a", 0, new long[] {0, 2 * HOUR, 3 * HOUR}, new long[] {0, HOUR, HOUR},
                new long[] {NO_STEP, 2 * HOUR_US, HOUR_US}, new long[] {NO_STEP, HOUR_US, HOUR_US}, HOUR)), reaches);
        Start reach = reaches.get(0);
        assertEquals(1, reach.level(HOUR, false));
        assertEquals(3, reach.level(HOUR, true));
        assertEquals(2, reach.level(2 * HOUR, false));
        assertEquals(2, reach.level(3 * HOUR - 1, false));
        assertEquals(3, reach.level(3 * HOUR, false));
        assertEquals(1, reach.level(HOUR - 1, true));
    }

    @Test
    void everyFirstStageEventStartsARowInJourneyOrder() {
        List<Start> reaches = Journey.of(List.of(at("a2", 3 * HOUR, A), at("c2", 5 * HOUR, C), at("b1", HOUR, B),
                at("a1", 0, A), at("b2", 2 * HOUR, B), at("c1", 4 * HOUR, C))).starts(3);

        // Strict takes the earliest B after the start, then the earliest C after that B.
        assertEquals(List.of(
                reach("a1", 0, new long[] {0, HOUR, 4 * HOUR}, new long[] {0, HOUR, 4 * HOUR},
                        new long[] {NO_STEP, HOUR_US, 3 * HOUR_US}, new long[] {NO_STEP, HOUR_US, 3 * HOUR_US}, 4 * HOUR),
                reach("a2", 3 * HOUR, new long[] {0, NO, NO}, new long[] {0, HOUR, HOUR},
                        new long[] {NO_STEP, NO_STEP, NO_STEP}, new long[] {NO_STEP, HOUR_US, HOUR_US}, 4 * HOUR)),
                reaches);
    }

    @Test
    void laterFirstStageEventsAreNoStepForward() {
        List<Start> reaches = Journey.of(List.of(at("a1", 0, A), at("a2", HOUR, A))).starts(3);
        // A start that reaches no further is its skip chain's last event.
        assertEquals(List.of(reach("a1", 0, new long[] {0, NO, NO}, new long[] {0, NO, NO}, 0),
                reach("a2", HOUR, new long[] {0, NO, NO}, new long[] {0, NO, NO}, HOUR)), reaches);
        assertEquals(1, reaches.get(0).level(Long.MAX_VALUE, true));
    }

    @Test
    void equalTimestampsCountInEventIdOrder() {
        Start before = Journey.of(List.of(at("b", 0, A), at("a", 0, B))).starts(2).get(0);
        assertEquals(1, before.level(DAY, false));
        assertEquals(1, before.level(DAY, true));

        Start after = Journey.of(List.of(at("a", 0, A), at("b", 0, B))).starts(2).get(0);
        assertEquals(2, after.level(0, false));
        assertEquals(2, after.level(0, true));
    }

    @Test
    void aDelayOfExactlyTheWindowIsWithinIt() {
        Start reach = Journey.of(List.of(at("a", 0, A), at("b", DAY, B), at("c", 2 * DAY + 1, C))).starts(3).get(0);
        assertEquals(2, reach.level(DAY, false));
        assertEquals(1, reach.level(DAY - 1, false));
        assertEquals(2, reach.level(2 * DAY, false));
        assertEquals(3, reach.level(2 * DAY + 1, false));
        assertEquals(2, reach.level(2 * DAY, true));
        assertEquals(3, reach.level(2 * DAY + 1, true));
    }

    @Test
    void subMillisecondDelaysRoundUpSoTheyStayOutsideTheWindow() {
        Instant start = T0.plusNanos(250_000);
        Start reach = Journey.of(List.of(new AttributedEvent("a", start, "web", A),
                new AttributedEvent("b", start.plusMillis(DAY).plusNanos(1), "web", B))).starts(2).get(0);
        assertEquals(1, reach.level(DAY, false));
        assertEquals(2, reach.level(DAY + 1, false));

        Start tiny = Journey.of(List.of(new AttributedEvent("a", T0, "web", A),
                new AttributedEvent("b", T0.plusNanos(1), "web", B))).starts(2).get(0);
        assertEquals(1, tiny.level(0, true));
        assertEquals(2, tiny.level(1, true));
    }

    @Test
    void journeyWithoutFirstStageHasNoRows() {
        assertEquals(List.of(), Journey.of(List.of(at("b", 0, B), at("c", HOUR, C))).starts(3));
    }

    @Test
    void rowsCarryTheStartEventsChannel() {
        Start reach = Journey.of(List.of(new AttributedEvent("a", T0, "tiktok", A))).starts(2).get(0);
        assertEquals("tiktok", reach.channel());
        assertEquals(T0, reach.startAt());
        assertEquals("a", reach.startEventId());
    }

    @Test
    void equalityComparesArrayContents() {
        Start one = reach("a", 0, new long[] {0, 5}, new long[] {0, 5}, 5);
        Start same = reach("a", 0, new long[] {0, 5}, new long[] {0, 5}, 5);
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertNotEquals(one, reach("a", 0, new long[] {0, 5}, new long[] {0, 4}, 5));
        assertNotEquals(one, reach("a", 0, new long[] {0, 6}, new long[] {0, 5}, 5));
        assertNotEquals(one, reach("a", 0, new long[] {0, 5}, new long[] {0, 5}, 4));
        assertTrue(one.toString().contains("strictDelayMs=[0, 5]"), one::toString);
    }

    @Test
    void eachStepKeepsItsTimeFromTheChainsPreviousEvent() {
        // Strict: 30 s to B, then 2 h to C.
        Start strict = Journey.of(List.of(at("a", 0, A), at("b", 30_000, B), at("c", 30_000 + 7_200_000, C)))
                .starts(3).get(0);
        assertArrayEquals(new long[] {NO_STEP, 30_000_000, 2 * HOUR_US}, strict.strictStepMicros());
        // Skip: one jump A -> C after 10 min serves steps 2 and 3, both timed from A.
        Start jump = Journey.of(List.of(at("a", 0, A), at("c", 600_000, C))).starts(3).get(0);
        assertArrayEquals(new long[] {NO_STEP, 600_000_000, 600_000_000}, jump.skipStepMicros());
        assertArrayEquals(new long[] {NO_STEP, NO_STEP, NO_STEP}, jump.strictStepMicros());
        // Skip with a tie: B and C at the same instant are two events of the chain, so step 3 takes 0 s.
        Start tie = Journey.of(List.of(at("a", 0, A), at("b", 600_000, B), at("c", 600_000, C))).starts(3).get(0);
        assertArrayEquals(new long[] {NO_STEP, 600_000_000, 0}, tie.skipStepMicros());
        assertArrayEquals(new long[] {NO_STEP, 600_000_000, 0}, tie.strictStepMicros());
        // Microseconds are kept, not rounded: 59.999999 s stays below a minute.
        Start edge = Journey.of(List.of(at("a", 0, A), new AttributedEvent("b", T0.plusNanos(59_999_999_000L), "web", B)))
                .starts(2).get(0);
        assertArrayEquals(new long[] {NO_STEP, 59_999_999}, edge.strictStepMicros());
    }

    @Test
    void arraysMustHaveOneElementPerStage() {
        assertThrows(IllegalArgumentException.class, () -> reach("a", 0, new long[] {0, 1}, new long[] {0}, 0));
    }

    private static AttributedEvent at(String id, long millis, int stage) {
        return new AttributedEvent(id, T0.plusMillis(millis), "web", stage);
    }

    /** @param lastMillis when the skip chain's last event happened */
    private static Start reach(String id, long millis, long[] strict, long[] skip, long[] strictSteps, long[] skipSteps,
            long lastMillis) {
        return new Start(id, T0.plusMillis(millis), "web", strict, skip, strictSteps, skipSteps, T0.plusMillis(lastMillis));
    }

    private static Start reach(String id, long millis, long[] strict, long[] skip, long lastMillis) {
        long[] strictSteps = new long[strict.length];
        long[] skipSteps = new long[skip.length];
        Arrays.fill(strictSteps, Start.NOT_REACHED_STEP);
        Arrays.fill(skipSteps, Start.NOT_REACHED_STEP);
        return new Start(id, T0.plusMillis(millis), "web", strict, skip, strictSteps, skipSteps, T0.plusMillis(lastMillis));
    }
}

package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class JourneyTest {

    private static final Instant DAY_0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    @Test
    void specWorkedExample() {
        Journey journey = Journey.of(List.of(event("e1", 1, A, "tiktok"), event("e2", 2, A, "web"),
                event("e3", 3, B, "email"), event("e4", 4, A, "instagram"), event("e5", 5, B, "web"),
                event("e6", 6, C, "store")));

        assertEquals(List.of(
                new Visit(0, A, day(1), "tiktok", "e1", 2, "web 1", 0, B, day(3), "email"),
                new Visit(1, B, day(3), "email", "e3", 1, "", 0, A, day(4), "instagram"),
                new Visit(2, A, day(4), "instagram", "e4", 1, "", 0, B, day(5), "web"),
                new Visit(3, B, day(5), "web", "e5", 1, "", 0, C, day(6), "store"),
                new Visit(4, C, day(6), "store", "e6", 1, "", 0, null, null, null, day(6), "e6", 6)),
                journey.visits(3));
    }

    @Test
    void arrivalOrderNeverChangesTheJourney() {
        List<AttributedEvent> events = new ArrayList<>(List.of(event("e1", 1, A, "web"), event("e2", 2, B, "web"),
                event("e3", 2, A, "web"), event("e4", 5, C, "web"), event("e5", 3, B, "web")));
        List<Visit> expected = Journey.of(events).visits(3);
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(events, random);
            assertEquals(expected, Journey.of(events).visits(3));
        }
    }

    @Test
    void equalTimestampsAreOrderedByEventId() {
        Journey journey = Journey.of(List.of(event("b", 1, B, "web"), event("a", 1, A, "email"),
                event("c", 1, A, "tv")));
        assertEquals(List.of("a", "b", "c"), journey.events().stream().map(AttributedEvent::eventId).toList());
        assertEquals(List.of(
                new Visit(0, A, day(1), "email", "a", 1, "", 0, B, day(1), "web"),
                new Visit(1, B, day(1), "web", "b", 1, "", 0, A, day(1), "tv"),
                new Visit(2, A, day(1), "tv", "c", 1, "", 0, null, null, null, day(1), "c", 3)),
                journey.visits(3));
    }

    @Test
    void loopBackFromLastToFirstStageStartsANewCycle() {
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 2), cycles(3, A, B, C, A, B, C, A));
        assertEquals(List.of(0, 1, 1, 2), cycles(3, C, A, C, A));
    }

    @Test
    void otherLoopBacksKeepTheCycle() {
        // B -> A is a loop-back but not from the last stage; C -> B is from the last but not to the first.
        assertEquals(List.of(0, 0, 0, 0, 0, 0), cycles(3, A, B, A, C, B, A));
        // Only the direct predecessor counts: last stage, then another stage, then the first is no new cycle.
        assertEquals(List.of(0, 0, 0, 0), cycles(4, A, 3, C, A));
        assertEquals(List.of(0, 0, 1), cycles(4, A, 3, A));
    }

    @Test
    void repeatedEventsOfOneStageAreOneVisit() {
        List<Visit> visits = Journey.of(List.of(event("1", 1, B, "web"), event("2", 2, B, "tv"),
                event("3", 3, B, "email"), event("4", 4, B, "tv"))).visits(3);
        // The last visit names the journey's last event, which an appended event must follow, and counts its events;
        // the channels of its events after the first are tallied in channel order.
        assertEquals(List.of(new Visit(0, B, day(1), "web", "1", 4, "email 1 tv 2", 0, null, null, null, day(4), "4", 4)),
                visits);
    }

    @Test
    void emptyJourneyHasNoVisits() {
        assertEquals(List.of(), Journey.of(List.of()).visits(3));
    }

    @Test
    void stageOutsideTheFunnelIsRejected() {
        Journey journey = Journey.of(List.of(event("1", 1, C, "web")));
        assertThrows(IllegalArgumentException.class, () -> journey.visits(2));
        assertThrows(IllegalArgumentException.class, () -> journey.starts(2));
    }

    @Test
    void visitOutcomeFollowsTheWindow() {
        Visit forward = new Visit(0, A, day(1), "web", "1", 1, "", 0, B, day(3), "web");
        assertEquals(VisitOutcome.FORWARD, forward.outcome(Duration.ofDays(2)));
        assertEquals(VisitOutcome.STALLED, forward.outcome(Duration.ofDays(2).minusNanos(1)));
        Visit back = new Visit(0, C, day(1), "web", "1", 1, "", 0, A, day(1), "web");
        assertEquals(VisitOutcome.LOOP_BACK, back.outcome(Duration.ZERO));
        Visit last = new Visit(0, B, day(1), "web", "1", 1, "", 0, null, null, null);
        assertEquals(VisitOutcome.STALLED, last.outcome(Duration.ofDays(365)));
    }

    private static List<Integer> cycles(int stageCount, int... stages) {
        List<AttributedEvent> events = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            events.add(event("e" + i, i + 1, stages[i], "web"));
        }
        return Journey.of(events).visits(stageCount).stream().map(Visit::cycle).toList();
    }

    private static AttributedEvent event(String id, int day, int stage, String channel) {
        return new AttributedEvent(id, day(day), channel, stage);
    }

    private static Instant day(int day) {
        return DAY_0.plus(Duration.ofDays(day));
    }
}

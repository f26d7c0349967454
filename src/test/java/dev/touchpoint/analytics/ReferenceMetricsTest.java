package dev.touchpoint.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.touchpoint.analytics.ReferenceMetrics.Conversion;
import dev.touchpoint.analytics.ReferenceMetrics.Flow;
import dev.touchpoint.analytics.ReferenceMetrics.StageFlow;
import dev.touchpoint.analytics.ReferenceMetrics.Step;
import dev.touchpoint.analytics.ReferenceMetrics.Transition;
import dev.touchpoint.journey.AttributedEvent;

/** Pins the reference to docs/metrics.md's worked example and to hand-worked cases, so it can be trusted as an oracle. */
class ReferenceMetricsTest {

    private static final Instant DAY_0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Duration P30D = Duration.ofDays(30);
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    /** A(day 1) A(day 2) B(day 3) A(day 4) B(day 5) C(day 6). */
    private static final Map<String, List<AttributedEvent>> WORKED_EXAMPLE = Map.of("customer", List.of(
            event("e4", 4, A, "instagram"), event("e1", 1, A, "tiktok"), event("e6", 6, C, "store"),
            event("e2", 2, A, "web"), event("e5", 5, B, "web"), event("e3", 3, B, "email")));

    @Test
    void workedExampleFlow() {
        Flow flow = ReferenceMetrics.flow(WORKED_EXAMPLE, 3, day(1), day(7), P30D);
        assertEquals(List.of(
                new StageFlow(A, 2, 2, 0, 0, 1.0, 0.0, 0.0),
                new StageFlow(B, 2, 1, 1, 0, 0.5, 0.5, 0.0),
                new StageFlow(C, 1, 0, 0, 1, 0.0, 0.0, 1.0)), flow.stages());
        assertEquals(Map.of(new Transition(A, B), 2L, new Transition(B, A), 1L, new Transition(B, C), 1L),
                flow.transitions());
    }

    @Test
    void workedExampleReachesLevelThreeInBothModes() {
        List<Step> allThere = List.of(new Step(1, 1, 1.0, 1.0), new Step(2, 1, 1.0, 1.0), new Step(3, 1, 1.0, 1.0));
        for (boolean skip : new boolean[] {false, true}) {
            Conversion conversion = ReferenceMetrics.conversion(WORKED_EXAMPLE, 3, day(1), day(7), P30D, skip);
            assertEquals(allThere, conversion.steps());
            assertEquals(Map.of("customer", 3), conversion.levelByCustomer());
            assertEquals(Map.of("customer", "tiktok"), conversion.channelByCustomer());
        }
    }

    @Test
    void lateSuccessorStallsAndIsNoTransition() {
        Flow flow = ReferenceMetrics.flow(WORKED_EXAMPLE, 3, day(1), day(7), Duration.ofDays(1));
        // A@1 -> B@3 is two days: stalled; A@4 -> B@5, B@3 -> A@4 and B@5 -> C@6 are one day each.
        assertEquals(new StageFlow(A, 2, 1, 0, 1, 0.5, 0.0, 0.5), flow.stages().get(A));
        assertEquals(new StageFlow(B, 2, 1, 1, 0, 0.5, 0.5, 0.0), flow.stages().get(B));
        assertEquals(1L, flow.transitions().get(new Transition(A, B)), "only A@4 -> B@5 came within the window");
    }

    @Test
    void onlyVisitsEnteredInTheRangeCount() {
        Flow flow = ReferenceMetrics.flow(WORKED_EXAMPLE, 3, day(2), day(5), P30D);
        // A@1 was entered before the range although its second event is in it.
        assertEquals(List.of(StageFlow.of(A, 1, 1, 0, 0), StageFlow.of(B, 1, 0, 1, 0), StageFlow.of(C, 0, 0, 0, 0)),
                flow.stages());
        assertEquals(null, flow.stages().get(C).conversionRate());
    }

    @Test
    void breakdownTakesTheEarliestStartReachingTheCustomersLevel() {
        Map<String, List<AttributedEvent>> journey = Map.of("c", List.of(event("1", 1, A, "tiktok"),
                event("2", 2, A, "web"), event("3", 3, B, "email")));
        Conversion narrow = ReferenceMetrics.conversion(journey, 3, day(0), day(9), Duration.ofDays(1), false);
        assertEquals(Map.of("c", 2), narrow.levelByCustomer());
        assertEquals(Map.of("c", "web"), narrow.channelByCustomer());
        Conversion wide = ReferenceMetrics.conversion(journey, 3, day(0), day(9), Duration.ofDays(2), false);
        assertEquals(Map.of("c", "tiktok"), wide.channelByCustomer());
    }

    @Test
    void startsOutsideTheRangeDoNotCount() {
        Conversion conversion = ReferenceMetrics.conversion(WORKED_EXAMPLE, 3, day(2), day(3), P30D, false);
        // e2 (day 2) is the only start in range; it still reaches C on day 6.
        assertEquals(Map.of("customer", 3), conversion.levelByCustomer());
        assertEquals(Map.of("customer", "web"), conversion.channelByCustomer());
        Conversion none = ReferenceMetrics.conversion(WORKED_EXAMPLE, 3, day(5), day(7), P30D, false);
        assertEquals(List.of(new Step(1, 0, null, null), new Step(2, 0, null, null), new Step(3, 0, null, null)),
                none.steps());
    }

    @Test
    void strictNeedsEveryStageInOrderSkipDoesNot() {
        Map<String, List<AttributedEvent>> journeys = Map.of(
                "skipper", List.of(event("1", 1, A, "web"), event("2", 2, C, "web")),
                "stepper", List.of(event("1", 1, A, "web"), event("2", 2, B, "web")),
                "starter", List.of(event("1", 1, A, "web")));
        assertEquals(List.of(new Step(1, 3, 1.0, 1.0), new Step(2, 1, 1.0 / 3, 1.0 / 3), new Step(3, 0, 0.0, 0.0)),
                ReferenceMetrics.conversion(journeys, 3, day(0), day(9), P30D, false).steps());
        assertEquals(List.of(new Step(1, 3, 1.0, 1.0), new Step(2, 2, 2.0 / 3, 2.0 / 3), new Step(3, 1, 0.5, 1.0 / 3)),
                ReferenceMetrics.conversion(journeys, 3, day(0), day(9), P30D, true).steps());
    }

    @Test
    void stepWindowsFindTheChainGreedyMisses() {
        // A@0h B@2h B@20h C@40h, stepWindows P1D,P1D: A, B@20h, C keeps both bounds (20 h each).
        Map<String, List<AttributedEvent>> journey = Map.of("greedy", List.of(at("c", 40, C), at("b2", 20, B),
                at("a", 0, A), at("b1", 2, B)));
        Duration[] oneDay = { Duration.ofDays(1), Duration.ofDays(1) };
        for (boolean skip : new boolean[] {false, true}) {
            ReferenceMetrics.EarliestChain chain = ReferenceMetrics.earliestChains(journey, day(0), day(1), P30D, oneDay,
                    skip).get("greedy");
            assertEquals(3, chain.level());
            assertEquals(Duration.ofHours(20), chain.stepTimes()[2]);
            assertEquals(Duration.ofHours(20), chain.stepTimes()[3]);
            List<ReferenceMetrics.TimedStep> steps = ReferenceMetrics.timedSteps(List.of(chain), 3);
            assertEquals(72000.0, steps.get(2).median());
            assertEquals("[0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]", java.util.Arrays.toString(steps.get(1).buckets()));
        }
        Duration[] firstHour = { Duration.ofHours(1), Duration.ofDays(1) };
        assertEquals(1, ReferenceMetrics.earliestChains(journey, day(0), day(1), P30D, firstHour, false).get("greedy").level());
    }

    @Test
    void skipJumpsTakeTheBoundsTheyJumpOverAndTheMedianOfTwoIsTheirMean() {
        // A@0h C@1.5h, stepWindows PT1H,PT1H: strict level 1; skip level 3, 90 minutes for steps 2 and 3.
        Map<String, List<AttributedEvent>> journeys = Map.of("jump", List.of(at("a", 0, A), at("c", 1.5, C)),
                "slow", List.of(at("a", 0, A), at("b", 0.5, B)));
        Duration[] oneHour = { Duration.ofHours(1), Duration.ofHours(1) };
        assertEquals(1, ReferenceMetrics.earliestChains(journeys, day(0), day(1), P30D, oneHour, false).get("jump").level());
        Map<String, ReferenceMetrics.EarliestChain> skip = ReferenceMetrics.earliestChains(journeys, day(0), day(1), P30D,
                oneHour, true);
        assertEquals(3, skip.get("jump").level());
        List<ReferenceMetrics.TimedStep> steps = ReferenceMetrics.timedSteps(skip.values(), 3);
        assertEquals(2, steps.get(1).customers());
        assertEquals((5400.0 + 1800.0) / 2, steps.get(1).median());
        assertEquals(5400.0, steps.get(2).median());
        assertEquals(0.5, steps.get(2).stepConversionRate());
    }

    private static AttributedEvent at(String id, double hours, int stage) {
        return new AttributedEvent(id, DAY_0.plus(Duration.ofMinutes(Math.round(hours * 60))), "web", stage);
    }

    private static AttributedEvent event(String id, int day, int stage, String channel) {
        return new AttributedEvent(id, day(day), channel, stage);
    }

    private static Instant day(int day) {
        return DAY_0.plus(Duration.ofDays(day));
    }
}

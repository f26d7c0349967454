package dev.touchpoint.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.TimeToConvert;

class FlowCalculatorTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void classifiesByDirectionAndWindowAndCountsTheSuccessorsWithinIt() {
        // b: 3 visits to c (2 within window), 1 back to a (within), 1 with no successor.
        FlowCalculator.Flow flow = FlowCalculator.compute(ABC, List.of(
                new FlowCount(1, 2, null, null, 3, 2),
                new FlowCount(1, 0, null, null, 1, 1),
                new FlowCount(1, null, null, null, 1, 0)));
        StageFlow b = flow.stages().get(1);
        assertEquals(5, b.visits());
        assertEquals(2, b.forward());
        assertEquals(1, b.loopBack());
        assertEquals(2, b.stalled(), "one without a successor, one whose successor came too late");
        assertEquals(1, b.movedAfterWindow());
        assertEquals(1, b.noSuccessor());
        assertEquals(0.4, b.conversionRate());
        assertEquals(0.2, b.loopBackRate());
        assertEquals(0.4, b.stallRate());
        assertEquals(Map.of("c", 2L, "a", 1L), b.next(), "the late successor to c is no transition");
        assertEquals(List.of(new Transition("b", "a", 1), new Transition("b", "c", 2)), flow.transitions());
        assertEquals(b.forward() + b.loopBack(), b.next().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aStageWithoutVisitsHasNullRates() {
        StageFlow a = FlowCalculator.compute(ABC, List.of()).stages().get(0);
        assertEquals(0, a.visits());
        assertNull(a.conversionRate());
        assertNull(a.loopBackRate());
        assertNull(a.stallRate());
    }

    @Test
    void conversionCountsCustomersAtLeastAtEachLevel() {
        List<ConversionStep> steps = ConversionCalculator.compute(ABC, List.of(
                new LevelCount("web", 1, 5), new LevelCount("tv", 2, 3), new LevelCount("web", 3, 2)), Map.of(3, 60.0),
                new TimeToConvert(3));
        assertEquals(List.of(10L, 5L, 2L), steps.stream().map(ConversionStep::customers).toList());
        assertEquals(1.0, steps.get(0).stepConversionRate());
        assertEquals(0.5, steps.get(1).stepConversionRate());
        assertEquals(0.4, steps.get(2).stepConversionRate());
        assertEquals(0.2, steps.get(2).overallConversionRate());
        assertEquals(60.0, steps.get(2).medianSecondsFromPrevious());
        assertNull(steps.get(0).medianSecondsFromPrevious());
        assertNull(ConversionCalculator.compute(ABC, List.of(), Map.of(), new TimeToConvert(3)).get(1).stepConversionRate());
    }
}

package dev.touchpoint.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns grouped visit counts into the flow figures (docs/metrics.md, "Flow"). A visit is
 * forward when its successor came within the window and is of a later stage, loop-back when
 * within the window and earlier, stalled otherwise; transitions count the successors that made
 * visits forward or loop-back, so a stage's transitions add up to its forward and loop-back visits.
 * Pure, so that the rules are tested without a database.
 */
public final class FlowCalculator {

    private FlowCalculator() {
    }

    /** The flow of one funnel over the given counts (all of one breakdown value or bucket). */
    public static Flow compute(List<String> stageKeys, List<FlowCount> counts) {
        int n = stageKeys.size();
        long[] visits = new long[n];
        long[] forward = new long[n];
        long[] loopBack = new long[n];
        long[] withSuccessor = new long[n];
        long[][] next = new long[n][n];
        for (FlowCount c : counts) {
            visits[c.stage()] += c.visits();
            if (c.nextStage() != null) {
                next[c.stage()][c.nextStage()] += c.withinWindow();
                withSuccessor[c.stage()] += c.visits();
                if (c.nextStage() > c.stage()) {
                    forward[c.stage()] += c.withinWindow();
                } else {
                    loopBack[c.stage()] += c.withinWindow();
                }
            }
        }
        List<StageFlow> stages = new ArrayList<>(n);
        List<Transition> transitions = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            Map<String, Long> successors = new LinkedHashMap<>();
            for (int t = 0; t < n; t++) {
                if (next[s][t] > 0) {
                    successors.put(stageKeys.get(t), next[s][t]);
                    transitions.add(new Transition(stageKeys.get(s), stageKeys.get(t), next[s][t]));
                }
            }
            long stalled = visits[s] - forward[s] - loopBack[s];
            // A stalled visit with a successor saw it come after the window (SPEC §3, the stall split).
            long movedAfterWindow = withSuccessor[s] - forward[s] - loopBack[s];
            stages.add(new StageFlow(stageKeys.get(s), visits[s], forward[s], loopBack[s], stalled, movedAfterWindow,
                    visits[s] - withSuccessor[s],
                    rate(forward[s], visits[s]), rate(loopBack[s], visits[s]), rate(stalled, visits[s]), successors));
        }
        return new Flow(stages, transitions);
    }

    static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** Per-stage flow and the transitions between stages. */
    public record Flow(List<StageFlow> stages, List<Transition> transitions) {
    }
}

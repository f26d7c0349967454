package dev.touchpoint.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures the query benchmark compares between the service, DuckDB and PostgreSQL, in
 * one plain shape so that equality is {@code equals}: per stage visits, forward, loop-back and
 * stalled; transitions; the same per UTC day; customers per conversion step; channel credit.
 */
final class Figures {

    private Figures() {
    }

    /** Per stage {@code [visits, forward, loopBack, stalled]}, and {@code "from>to"} counts. */
    record Flow(List<List<Long>> stages, Map<String, Long> transitions) {
    }

    /** Per UTC day (epoch day) with any visit, the stages as in {@link Flow}. */
    record Trends(Map<Long, List<List<Long>>> days) {
    }

    /** {@code customers[k]} for k = 1…n. */
    record Conversion(List<Long> customers) {
    }

    /**
     * Channel credit: rule models by {@code "stage|channel|advancement"} or {@code "…|loopBack"},
     * markov removal effects by channel; zeros left out. Sums of fractions differ in their last
     * bits by the order of addition, so two agree within 1e-9 of each value rather than by equals.
     */
    record Credit(Map<String, Double> values) {

        boolean agrees(Object other) {
            if (!(other instanceof Credit that) || !values.keySet().equals(that.values.keySet())) {
                return false;
            }
            return values.entrySet().stream().allMatch(e -> Math.abs(e.getValue() - that.values.get(e.getKey()))
                    <= 1e-9 * Math.max(1, Math.abs(e.getValue())));
        }
    }

    /**
     * Accumulates grouped visit rows (stage, successor stage or null, count, how many of them
     * had their successor within the window) into docs/metrics.md's counts.
     */
    static final class FlowBuilder {
        private final long[][] counts = new long[BenchFunnel.stageCount()][4];
        private final Map<String, Long> transitions = new TreeMap<>();

        void add(int stage, Integer nextStage, long visits, long withinWindow) {
            counts[stage][0] += visits;
            if (nextStage == null) {
                counts[stage][3] += visits;
                return;
            }
            if (withinWindow > 0) {
                transitions.merge(BenchFunnel.STAGES.get(stage) + ">" + BenchFunnel.STAGES.get(nextStage), withinWindow,
                        Long::sum);
            }
            counts[stage][nextStage > stage ? 1 : 2] += withinWindow;
            counts[stage][3] += visits - withinWindow;
        }

        List<List<Long>> stages() {
            List<List<Long>> stages = new ArrayList<>();
            for (long[] c : counts) {
                stages.add(List.of(c[0], c[1], c[2], c[3]));
            }
            return stages;
        }

        Flow build() {
            return new Flow(stages(), transitions);
        }
    }

    /** One {@link FlowBuilder} per day. */
    static final class TrendsBuilder {
        private final Map<Long, FlowBuilder> days = new TreeMap<>();

        void add(long day, int stage, Integer nextStage, long visits, long withinWindow) {
            days.computeIfAbsent(day, d -> new FlowBuilder()).add(stage, nextStage, visits, withinWindow);
        }

        Trends build() {
            Map<Long, List<List<Long>>> out = new TreeMap<>();
            days.forEach((day, flow) -> out.put(day, flow.stages()));
            return new Trends(out);
        }
    }

    /** From the number of customers at each level (index = level, 1…n). */
    static Conversion conversion(long[] exactlyAtLevel) {
        int n = BenchFunnel.stageCount();
        List<Long> customers = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            long atLeast = 0;
            for (int l = k; l <= n; l++) {
                atLeast += exactlyAtLevel[l];
            }
            customers.add(atLeast);
        }
        return new Conversion(customers);
    }
}

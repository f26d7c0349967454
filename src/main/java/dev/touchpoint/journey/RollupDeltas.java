package dev.touchpoint.journey;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What recomputing journeys changes in the rollups ({@link Rollups}), per funnel and rollup row:
 * the stored visits and starts it deletes count -1, those it inserts +1 (a start counts in
 * several conversion and step-time cells, some with a negative sign: {@link ConversionCell}, {@link StepTimeCell}). Netted before
 * anything is written, so a row deleted and inserted again in the same rollup row costs no
 * rollup write. Not thread-safe: one per transaction.
 */
public final class RollupDeltas {

    private final Map<String, Map<FlowKey, Long>> flow = new HashMap<>();
    private final Map<String, Map<ConversionCell, Long>> cells = new HashMap<>();
    private final Map<String, Map<StepTimeCell, Long>> stepTimes = new HashMap<>();
    private final Map<String, Map<DimensionFlowKey, Long>> dimensions = new HashMap<>();
    private final Map<String, Map<CreditKey, long[]>> credit = new HashMap<>();

    /**
     * Counts each of these visits {@code sign} (+1 inserted, -1 deleted), in the flow rollup, its
     * move's touchpoints in the credit rollup and, per declared dimension, in the dimension rollup.
     *
     * @param values the declared dimensions' values on a visit's first event, by its id: one per
     *               declared dimension, or null when the funnel declares none
     */
    public void countVisits(String funnelId, List<Visit> visits, int sign, Function<String, String[]> values) {
        Map<FlowKey, Long> deltas = flow.computeIfAbsent(funnelId, f -> new HashMap<>());
        Map<DimensionFlowKey, Long> byValue = dimensions.computeIfAbsent(funnelId, f -> new HashMap<>());
        Map<CreditKey, long[]> touches = credit.computeIfAbsent(funnelId, f -> new HashMap<>());
        for (Visit v : visits) {
            deltas.merge(FlowKey.of(v), (long) sign, Long::sum);
            CreditKey.contribute(v, (key, added) -> {
                long[] sum = touches.computeIfAbsent(key, k -> new long[CreditKey.VALUES]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += sign * added[i];
                }
            });
            String[] dims = values.apply(v.firstEventId());
            if (dims != null) {
                DimensionFlowKey.contribute(v, dims, key -> byValue.merge(key, (long) sign, Long::sum));
            }
        }
    }

    /** Counts each of these (linked) starts {@code sign} (+1 inserted, -1 deleted) in its conversion and step-time cells. */
    public void countStarts(String funnelId, List<Start> starts, int sign) {
        Map<ConversionCell, Long> deltas = cells.computeIfAbsent(funnelId, f -> new HashMap<>());
        Map<StepTimeCell, Long> times = stepTimes.computeIfAbsent(funnelId, f -> new HashMap<>());
        for (Start r : starts) {
            ConversionCell.contribute(r, (cell, n) -> deltas.merge(cell, (long) sign * n, Long::sum));
            StepTimeCell.contribute(r, (cell, n) -> times.merge(cell, (long) sign * n, Long::sum));
        }
    }

    /** Per funnel, the flow rollup rows that change, in lock order. */
    public Map<String, TreeMap<FlowKey, Long>> flowChanges() {
        return nonZero(flow);
    }

    /** Per funnel, the dimension rollup rows that change, in lock order. */
    public Map<String, TreeMap<DimensionFlowKey, Long>> dimensionChanges() {
        return nonZero(dimensions);
    }

    /** Per funnel, the credit rollup rows that change ({@link CreditKey#VALUES} values each), in lock order. */
    public Map<String, TreeMap<CreditKey, long[]>> creditChanges() {
        return nonZero(credit, values -> Arrays.stream(values).anyMatch(n -> n != 0));
    }

    /** Per funnel, the conversion cells that change, in lock order. */
    public Map<String, TreeMap<ConversionCell, Long>> cellChanges() {
        return nonZero(cells);
    }

    /** Per funnel, the step-time cells that change, in lock order. */
    public Map<String, TreeMap<StepTimeCell, Long>> stepTimeChanges() {
        return nonZero(stepTimes);
    }

    private static <K extends Comparable<K>> Map<String, TreeMap<K, Long>> nonZero(Map<String, Map<K, Long>> byFunnel) {
        return nonZero(byFunnel, n -> n != 0);
    }

    /** Per funnel, the changes that {@code changes} keeps, in key order; funnels with none left out. */
    private static <K extends Comparable<K>, V> Map<String, TreeMap<K, V>> nonZero(Map<String, Map<K, V>> byFunnel,
            Predicate<V> changes) {
        Map<String, TreeMap<K, V>> kept = new TreeMap<>();
        byFunnel.forEach((funnelId, deltas) -> {
            TreeMap<K, V> nonZero = new TreeMap<>();
            deltas.forEach((key, value) -> {
                if (changes.test(value)) {
                    nonZero.put(key, value);
                }
            });
            if (!nonZero.isEmpty()) {
                kept.put(funnelId, nonZero);
            }
        });
        return kept;
    }
}

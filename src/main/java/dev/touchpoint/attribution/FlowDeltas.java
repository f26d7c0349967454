package dev.touchpoint.attribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What recomputing journeys changes in the daily flow rollup, per funnel and rollup row: the
 * stored visits it replaces count -1, the new ones +1. Netted before anything is written, so a
 * journey whose early visits did not change costs no rollup write for them. Not thread-safe:
 * one per transaction.
 */
public final class FlowDeltas {

    private final Map<String, Map<FlowKey, Long>> byFunnel = new HashMap<>();

    void add(String funnelId, FlowKey key, long visits) {
        byFunnel.computeIfAbsent(funnelId, f -> new HashMap<>()).merge(key, visits, Long::sum);
    }

    void addVisits(String funnelId, Iterable<List<Visit>> journeys) {
        for (List<Visit> visits : journeys) {
            for (Visit v : visits) {
                add(funnelId, FlowKey.of(v), 1);
            }
        }
    }

    /** Per funnel, the rows that change, in lock order. */
    Map<String, TreeMap<FlowKey, Long>> changes() {
        Map<String, TreeMap<FlowKey, Long>> changes = new TreeMap<>();
        byFunnel.forEach((funnelId, deltas) -> {
            TreeMap<FlowKey, Long> nonZero = new TreeMap<>();
            deltas.forEach((key, n) -> {
                if (n != 0) {
                    nonZero.put(key, n);
                }
            });
            if (!nonZero.isEmpty()) {
                changes.put(funnelId, nonZero);
            }
        });
        return changes;
    }
}

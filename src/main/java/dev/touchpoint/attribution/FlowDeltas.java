package dev.touchpoint.attribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What recomputing journeys changes in the daily flow rollup, per funnel and rollup row: the
 * stored visits it deletes count -1, those it inserts +1. Netted before anything is written, so
 * a visit deleted and inserted again in the same rollup row costs no rollup write. Not thread-safe:
 * one per transaction.
 */
public final class FlowDeltas {

    private final Map<String, Map<FlowKey, Long>> byFunnel = new HashMap<>();

    void add(String funnelId, FlowKey key, long visits) {
        byFunnel.computeIfAbsent(funnelId, f -> new HashMap<>()).merge(key, visits, Long::sum);
    }

    /** Counts each of these visits {@code sign} (+1 inserted, -1 deleted). */
    void count(String funnelId, List<Visit> visits, int sign) {
        for (Visit v : visits) {
            add(funnelId, FlowKey.of(v), sign);
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

package dev.touchpoint.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * SPEC §3's flow counts computed the slow, obvious way from raw stored events (event id,
 * stage index, timestamp): sort each journey, collapse runs of one stage into visits, and
 * call a visit forward or loop-back by its successor's stage. All events of the fault test
 * lie within one hour, so the 30-day window never cuts a move.
 */
final class NaiveFlow {

    private NaiveFlow() {
    }

    /** Per stage: "visits/forward/loopBack". */
    static List<String> perStage(Map<String, List<Object[]>> journeys, int stages) {
        long[] visits = new long[stages];
        long[] forward = new long[stages];
        long[] loopBack = new long[stages];
        for (List<Object[]> events : journeys.values()) {
            List<Object[]> ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparing((Object[] e) -> (Instant) e[2]).thenComparing(e -> (String) e[0]));
            List<Integer> visitStages = new ArrayList<>();
            for (Object[] e : ordered) {
                int stage = (Integer) e[1];
                if (visitStages.isEmpty() || visitStages.get(visitStages.size() - 1) != stage) {
                    visitStages.add(stage);
                }
            }
            for (int i = 0; i < visitStages.size(); i++) {
                int stage = visitStages.get(i);
                visits[stage]++;
                if (i + 1 < visitStages.size()) {
                    if (visitStages.get(i + 1) > stage) {
                        forward[stage]++;
                    } else {
                        loopBack[stage]++;
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int s = 0; s < stages; s++) {
            out.add(visits[s] + "/" + forward[s] + "/" + loopBack[s]);
        }
        return out;
    }
}

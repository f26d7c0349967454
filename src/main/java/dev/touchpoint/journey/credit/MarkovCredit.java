package dev.touchpoint.journey.credit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The markov model of channel credit (SPEC §3): first-order transition shares over all
 * customers' paths, and each channel's removal effect {@code 1 - P'/P}, where {@code P} is the
 * probability of absorbing in {@code CONVERSION} from {@code START} and {@code P'} the same
 * once every transition into that channel goes to {@code NULL}. Data-driven where the rule
 * models are fixed: a channel that sits on many converting paths, and few others, loses the
 * most conversions when removed.
 */
public final class MarkovCredit {

    /**
     * @param removalEffect {@code 1 - P'/P}, null when {@code P = 0}
     * @param share         the removal effect over the sum of all removal effects, null when {@code P = 0}
     */
    public record Row(String channel, Double removalEffect, Double share) {
    }

    private static final String START = "";
    /** Transition counts by state (START or a channel), then by next state: a channel, or CONVERSION/NULL. */
    private final Map<String, Map<String, Long>> transitions = new HashMap<>();
    private final Map<String, Long> conversions = new HashMap<>();
    private final Map<String, Long> outTotals = new HashMap<>();

    /** Counts one customer's path. */
    public void add(MarkovPath path) {
        String state = START;
        for (String channel : path.channels()) {
            transitions.computeIfAbsent(state, s -> new HashMap<>()).merge(channel, 1L, Long::sum);
            outTotals.merge(state, 1L, Long::sum);
            state = channel;
        }
        if (path.converted()) {
            conversions.merge(state, 1L, Long::sum);
        }
        outTotals.merge(state, 1L, Long::sum);
    }

    /** {@code P}: the probability of absorbing in {@code CONVERSION} from {@code START}. */
    public double conversionProbability() {
        return solve(null);
    }

    /** Every channel seen on a path, by removal effect (largest first), then by name. */
    public List<Row> channels() {
        List<String> channels = new ArrayList<>(new TreeMap<>(outTotals).keySet());
        channels.remove(START);
        double p = conversionProbability();
        Map<String, Double> effects = new HashMap<>();
        double sum = 0;
        for (String channel : channels) {
            double effect = p == 0 ? 0 : 1 - solve(channel) / p;
            effects.put(channel, effect);
            sum += effect;
        }
        List<Row> rows = new ArrayList<>();
        for (String channel : channels) {
            double effect = effects.get(channel);
            rows.add(p == 0 ? new Row(channel, null, null) : new Row(channel, effect, effect / sum));
        }
        rows.sort(Comparator.comparing((Row row) -> row.removalEffect() == null ? 0 : -row.removalEffect())
                .thenComparing(Row::channel));
        return rows;
    }

    /** {@code P} with transitions into {@code removed} sent to {@code NULL}; {@code removed} null for none. */
    private double solve(String removed) {
        if (!outTotals.containsKey(START)) {
            return 0;
        }
        List<String> states = new ArrayList<>(new TreeMap<>(outTotals).keySet()); // START ("") sorts first
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < states.size(); i++) {
            index.put(states.get(i), i);
        }
        int n = states.size();
        double[][] q = new double[n][n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            String state = states.get(i);
            double total = outTotals.get(state);
            int row = i;
            transitions.getOrDefault(state, Map.of()).forEach((next, count) -> {
                if (!next.equals(removed)) {
                    q[row][index.get(next)] += count / total;
                }
            });
            r[i] = conversions.getOrDefault(state, 0L) / total;
        }
        return AbsorbingChain.conversionProbabilities(q, r)[index.get(START)];
    }
}

package dev.touchpoint.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The markov removal effects of the raw-SQL baseline, from transition counts alone: the
 * absorbing chain solved by Gaussian elimination, written here apart from the service's code
 * so that the benchmark's agreement check holds one against the other.
 */
final class RemovalEffects {

    static final String START = "";
    static final String CONVERSION = "(conversion)";
    static final String NULL = "(null)";

    private RemovalEffects() {
    }

    /** @param counts by state ({@link #START} or a channel), the count of each next state */
    static Map<String, Double> of(Map<String, Map<String, Long>> counts) {
        Map<String, Double> effects = new TreeMap<>();
        double p = probability(counts, null);
        for (String channel : counts.keySet()) {
            if (!channel.equals(START) && p > 0) {
                effects.put(channel, 1 - probability(counts, channel) / p);
            }
        }
        return effects;
    }

    /** The probability of absorbing in CONVERSION from START, transitions into {@code removed} sent to NULL. */
    private static double probability(Map<String, Map<String, Long>> counts, String removed) {
        List<String> states = new ArrayList<>(counts.keySet());
        Map<String, Integer> index = new HashMap<>();
        states.forEach(s -> index.put(s, index.size()));
        int n = states.size();
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            Map<String, Long> next = counts.get(states.get(i));
            double total = next.values().stream().mapToLong(Long::longValue).sum();
            a[i][i] = 1;
            for (Map.Entry<String, Long> e : next.entrySet()) {
                if (e.getKey().equals(CONVERSION)) {
                    a[i][n] += e.getValue() / total;
                } else if (!e.getKey().equals(NULL) && !e.getKey().equals(removed)) {
                    a[i][index.get(e.getKey())] -= e.getValue() / total;
                }
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                pivot = Math.abs(a[row][col]) > Math.abs(a[pivot][col]) ? row : pivot;
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int row = 0; row < n; row++) {
                double f = row == col ? 0 : a[row][col] / a[col][col];
                for (int k = col; k <= n && f != 0; k++) {
                    a[row][k] -= f * a[col][k];
                }
            }
        }
        Integer start = index.get(START);
        return start == null ? 0 : a[start][n] / a[start][start];
    }
}

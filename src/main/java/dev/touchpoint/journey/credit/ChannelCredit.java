package dev.touchpoint.journey.credit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.journey.CreditKey;


/**
 * Adds up rule-model channel credit (SPEC §3) over journeys: each forward visit entered in
 * {@code [from, to)} earns one unit of advancement credit, each loop-back visit one unit of
 * loop-back credit, split over the visit's events and its successor's first event. The credit
 * goes to the stage of the visit that moved, so a stage's row answers "which channels move
 * customers on from here, and which bring them back".
 */
public final class ChannelCredit {

    /**
     * One channel's credit in one stage (or in the whole funnel).
     *
     * @param advancementShare its part of the stage's advancement credit, null when that is 0
     * @param loopBackShare    its part of the stage's loop-back credit, null when that is 0
     */
    public record Row(String channel, double advancement, double loopBack, Double advancementShare,
            Double loopBackShare) {
    }

    private final CreditModel model;
    private final Duration halfLife;
    /** Per stage and channel: advancement, loop-back, and the touchpoints credited (a channel with none is left out). */
    private final List<Map<String, double[]>> byStage = new ArrayList<>();

    public ChannelCredit(int stageCount, CreditModel model, Duration halfLife) {
        this.model = model;
        this.halfLife = halfLife;
        for (int s = 0; s < stageCount; s++) {
            byStage.add(new TreeMap<>());
        }
    }

    /** Credits the moves of one journey, given in journey order. */
    public void add(List<AttributedEvent> journey, Instant from, Instant to, Duration window) {
        int start = 0;
        while (start < journey.size()) {
            AttributedEvent first = journey.get(start);
            int successor = start + 1;
            while (successor < journey.size() && journey.get(successor).stage() == first.stage()) {
                successor++;
            }
            boolean inRange = !first.timestamp().isBefore(from) && first.timestamp().isBefore(to);
            if (inRange && successor < journey.size()
                    && Duration.between(first.timestamp(), journey.get(successor).timestamp()).compareTo(window) <= 0) {
                credit(journey.subList(start, successor + 1), journey.get(successor).stage() > first.stage());
            }
            start = successor;
        }
    }

    /**
     * Credits {@code count} touchpoints of moves out of {@code stage} by their role and the moves'
     * number of touchpoints, as a visit row names them ({@link CreditKey#touches}; a negative count
     * takes them back); {@link CreditModel#byRole} models only.
     */
    public void addTouches(int stage, boolean forward, String channel, int touchpoints, int role, long count) {
        add(byStage.get(stage), channel, forward, model.weight(role, touchpoints) * count, count);
    }

    /**
     * Credits a row of the credit rollup ({@link CreditKey}) to moves out of {@code stage}
     * ({@link CreditModel#byRole} models only).
     *
     * @param touchpoints the row's moves' {@code n}, or 0 for its short moves, weighed in units
     * @param values      its {@link CreditKey#VALUES} values
     */
    public void addRow(int stage, boolean forward, String channel, int touchpoints, long[] values) {
        double credit;
        if (touchpoints == 0 && model == CreditModel.LINEAR) {
            credit = values[CreditKey.LINEAR] / (double) CreditKey.LINEAR_UNIT;
        } else if (touchpoints == 0 && model == CreditModel.POSITION) {
            credit = values[CreditKey.POSITION] / (double) CreditKey.POSITION_UNIT;
        } else {
            credit = 0;
            for (int role : new int[] { CreditKey.FIRST, CreditKey.MIDDLE, CreditKey.LAST }) {
                // a short row's n is not kept, but first and last weigh by role alone
                credit += values[role] == 0 ? 0 : model.weight(role, touchpoints) * values[role];
            }
        }
        add(byStage.get(stage), channel, forward, credit,
                values[CreditKey.FIRST] + values[CreditKey.MIDDLE] + values[CreditKey.LAST]);
    }

    /**
     * Adds credit and touchpoints to a channel of a stage; a touchpoint of weight 0 still lists its
     * channel, as one credited from the events does.
     */
    private static void add(Map<String, double[]> stage, String channel, boolean forward, double credit, long touches) {
        double[] sums = stage.computeIfAbsent(channel, c -> new double[3]);
        sums[forward ? 0 : 1] += credit;
        sums[2] += touches;
    }

    private void credit(List<AttributedEvent> touchpoints, boolean forward) {
        double[] weights = model.weights(touchpoints.stream().map(AttributedEvent::timestamp).toList(), halfLife);
        Map<String, double[]> stage = byStage.get(touchpoints.get(0).stage());
        for (int i = 0; i < weights.length; i++) {
            add(stage, touchpoints.get(i).channel(), forward, weights[i], 1);
        }
    }

    /** The rows of one stage, most advancement credit first, then most loop-back credit, then by channel. */
    public List<Row> stage(int stage) {
        return rows(byStage.get(stage));
    }

    /** The rows of the whole funnel: each channel's credit summed over the stages. */
    public List<Row> total() {
        Map<String, double[]> total = new TreeMap<>();
        for (Map<String, double[]> stage : byStage) {
            stage.forEach((channel, credit) -> {
                double[] sum = total.computeIfAbsent(channel, c -> new double[3]);
                sum[0] += credit[0];
                sum[1] += credit[1];
                sum[2] += credit[2];
            });
        }
        return rows(total);
    }

    private static List<Row> rows(Map<String, double[]> credits) {
        double advancement = 0;
        double loopBack = 0;
        for (double[] credit : credits.values()) {
            advancement += credit[0];
            loopBack += credit[1];
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> entry : credits.entrySet()) {
            double[] credit = entry.getValue();
            if (credit[2] == 0) {
                continue; // credited and then taken back (CreditRepository): no touchpoint in range
            }
            rows.add(new Row(entry.getKey(), credit[0], credit[1], share(credit[0], advancement),
                    share(credit[1], loopBack)));
        }
        rows.sort(Comparator.comparingDouble(Row::advancement).reversed()
                .thenComparing(Comparator.comparingDouble(Row::loopBack).reversed())
                .thenComparing(Row::channel));
        return rows;
    }

    private static Double share(double part, double total) {
        return total == 0 ? null : part / total;
    }
}

package dev.touchpoint.journey;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One row of the daily credit rollup: the touchpoints of moves (visits with a successor) entered on
 * a UTC day, of a stage, with a successor stage and a delay bucket as {@link FlowKey} counts the
 * visits, per touchpoint channel. Every rule model but timeDecay weighs a touchpoint by its role
 * in the move ({@code t1}, {@code tn} or one between) and the move's number of touchpoints
 * {@code n} alone (SPEC §3), so a row keeps, in integers, what each model needs: how many
 * touchpoints of each role ({@link #FIRST}, {@link #MIDDLE}, {@link #LAST}), and for moves of at
 * most {@link #SHORT} touchpoints the linear and position weights summed in units of
 * {@code 1/}{@link #LINEAR_UNIT} and {@code 1/}{@link #POSITION_UNIT} (exact: every weight of such a move is a
 * whole number of units). Longer moves, rare, keep their {@code n} in the key
 * ({@code touchpoints}; 0 for the short ones) and are weighed from their role counts. So a
 * stage's credit per channel over whole days is read from as many rows as the flow rollup has,
 * and equals the weights added touch by touch to within rounding. Ordered as the table's primary
 * key, so that writers lock rollup rows in one order.
 *
 * <p>Also the encoding of {@link Visit#middleChannels}, the only touchpoints a visit row does
 * not otherwise name: channels in ascending order, each followed by how many of the visit's events
 * after its first have it, separated by single spaces ({@code "email 2 web 1"}). Channels match
 * {@code [a-z0-9][a-z0-9_.:-]*} (EventValidator), so they hold no space.
 *
 * @param touchpoints the moves' {@code n} when it exceeds {@link #SHORT}, else 0
 */
public record CreditKey(int day, int stage, int nextStage, long delayBucket, String channel, int touchpoints)
        implements Comparable<CreditKey> {

    /** A move's first touchpoint, the visit's first event; also the index of its count in a row's values. */
    public static final int FIRST = 0;
    /** A touchpoint between: one of the visit's events after its first. */
    public static final int MIDDLE = 1;
    /** A move's last touchpoint, the successor's first event. */
    public static final int LAST = 2;
    /** Index in a row's values of the linear weights of its short moves' touchpoints, in {@link #LINEAR_UNIT}s. */
    public static final int LINEAR = 3;
    /** Index of the position weights, in {@link #POSITION_UNIT}s. */
    public static final int POSITION = 4;
    /** How many values a row keeps. */
    public static final int VALUES = 5;

    /** The most touchpoints of a move weighed in units, not keyed by its {@code n}. */
    public static final int SHORT = 20;
    /** The least common multiple of 1 … {@link #SHORT}: {@code 1/n} of it is whole for every short move. */
    public static final long LINEAR_UNIT = 232_792_560L;
    /**
     * Ten times that: position's 0.5, 0.4 and {@code 0.2/(n-2)} (n - 2 at most 18) are whole numbers
     * of {@code 1/POSITION_UNIT}.
     */
    public static final long POSITION_UNIT = 10 * LINEAR_UNIT;

    private static final Comparator<CreditKey> ORDER = Comparator.comparingInt(CreditKey::day)
            .thenComparingInt(CreditKey::stage).thenComparingInt(CreditKey::nextStage)
            .thenComparingLong(CreditKey::delayBucket).thenComparing(CreditKey::channel)
            .thenComparingInt(CreditKey::touchpoints);

    /** Receives touchpoints of one move: {@code count} of them with this channel and role. */
    public interface Touches {
        void accept(String channel, int touchpoints, int role, long count);
    }

    /**
     * The touchpoints of the move of a visit with a successor, from what its row keeps.
     *
     * @param channel     the visit's channel (its first event's)
     * @param nextChannel its successor's channel
     * @param eventCount  how many events the visit has
     * @param middle      {@link Visit#middleChannels}
     */
    public static void touches(String channel, String nextChannel, int eventCount, String middle, Touches into) {
        int n = eventCount + 1;
        into.accept(channel, n, FIRST, 1);
        counts(middle).forEach((c, k) -> into.accept(c, n, MIDDLE, k));
        into.accept(nextChannel, n, LAST, 1);
    }

    /**
     * The rows the move of a visit with a successor counts in, with what it adds to each row's
     * {@link #VALUES} values (a row of a channel with several touchpoints of the move is passed once
     * per touchpoint role).
     */
    public static void rows(int day, int stage, int nextStage, long delayBucket, String channel, String nextChannel,
            int eventCount, String middle, BiConsumer<CreditKey, long[]> into) {
        touches(channel, nextChannel, eventCount, middle, (c, n, role, count) -> {
            long[] values = new long[VALUES];
            values[role] = count;
            if (n <= SHORT) {
                values[LINEAR] = count * (LINEAR_UNIT / n);
                values[POSITION] = count * (n == 2 ? POSITION_UNIT / 2
                        : role == MIDDLE ? 2 * LINEAR_UNIT / (n - 2) : 4 * LINEAR_UNIT);
            }
            into.accept(new CreditKey(day, stage, nextStage, delayBucket, c, n <= SHORT ? 0 : n), values);
        });
    }

    /** The rows a visit counts in ({@link #rows}); none without a successor. */
    static void contribute(Visit v, BiConsumer<CreditKey, long[]> into) {
        if (v.nextStage() == null) {
            return;
        }
        FlowKey flow = FlowKey.of(v);
        rows(flow.day(), flow.stage(), flow.nextStage(), flow.delayBucket(), v.channel(), v.nextChannel(),
                v.eventCount(), v.middleChannels(), into);
    }

    /** The encoding of a tally of channels ("" for none). */
    public static String tally(Map<String, Integer> counts) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((channel, n) -> {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(channel).append(' ').append(n);
        });
        return text.toString();
    }

    /** The tally of an encoding, in channel order; empty for "" or null. */
    public static TreeMap<String, Integer> counts(String tally) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        if (tally == null || tally.isEmpty()) {
            return counts;
        }
        String[] parts = tally.split(" ");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            counts.put(parts[i], Integer.parseInt(parts[i + 1]));
        }
        return counts;
    }

    @Override
    public int compareTo(CreditKey other) {
        return ORDER.compare(this, other);
    }
}

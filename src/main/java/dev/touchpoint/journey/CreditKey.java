package dev.touchpoint.journey;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;

/**
 * One row of the daily credit rollup: the touchpoints of moves (visits with a successor) entered on
 * a UTC day, of a stage, with a successor stage and a delay bucket as {@link FlowKey} counts the
 * visits, per channel, per number of touchpoints {@code n} of the move and per role in it. Every
 * rule model but timeDecay weighs a touchpoint by its role and {@code n} alone (SPEC §3), so a
 * stage's credit per channel over whole days is a weighted sum of these integer counts, exact to
 * the last bit a double can carry, whatever the model. Ordered as the table's primary key, so that
 * writers lock rollup rows in one order.
 *
 * <p>Also the encoding of {@link Visit#middleChannels}, the only touchpoints a visit row does
 * not otherwise name: channels in ascending order, each followed by how many of the visit's events
 * after its first have it, separated by single spaces ({@code "email 2 web 1"}). Channels match
 * {@code [a-z0-9][a-z0-9_.:-]*} (EventValidator), so they hold no space.
 *
 * @param touchpoints the move's {@code n}: the visit's events and its successor's first
 * @param role        {@link #FIRST} ({@code t1}), {@link #MIDDLE} or {@link #LAST} ({@code tn})
 */
public record CreditKey(int day, int stage, int nextStage, long delayBucket, String channel, int touchpoints, int role)
        implements Comparable<CreditKey> {

    /** The move's first touchpoint, the visit's first event. */
    public static final int FIRST = 0;
    /** A touchpoint between: one of the visit's events after its first. */
    public static final int MIDDLE = 1;
    /** The move's last touchpoint, the successor's first event. */
    public static final int LAST = 2;

    private static final Comparator<CreditKey> ORDER = Comparator.comparingInt(CreditKey::day)
            .thenComparingInt(CreditKey::stage).thenComparingInt(CreditKey::nextStage)
            .thenComparingLong(CreditKey::delayBucket).thenComparing(CreditKey::channel)
            .thenComparingInt(CreditKey::touchpoints).thenComparingInt(CreditKey::role);

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

    /** Passes the rows a visit counts in, with how many touchpoints it adds to each; none without a successor. */
    static void contribute(Visit v, ObjLongConsumer<CreditKey> into) {
        if (v.nextStage() == null) {
            return;
        }
        FlowKey flow = FlowKey.of(v);
        touches(v.channel(), v.nextChannel(), v.eventCount(), v.middleChannels(),
                (channel, n, role, count) -> into.accept(new CreditKey(flow.day(), flow.stage(), flow.nextStage(),
                        flow.delayBucket(), channel, n, role), count));
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

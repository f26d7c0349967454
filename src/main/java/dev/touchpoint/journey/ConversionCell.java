package dev.touchpoint.journey;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.ObjIntConsumer;

/**
 * One conversion cell: a signed count of pairs of UTC days ({@code dayX <= dayY}) in one mode,
 * of starts with a level and channel at the default window ({@link StartLinks#WINDOW_MILLIS}).
 *
 * <p>For a range of whole days {@code [D1, D2)}, a start {@code s} with links {@code p} (prev)
 * and {@code n} (next) is its customer's chosen start ({@link StartLink}) exactly when
 * {@code s} is in range, {@code p} is not (or missing) and {@code n} is not (or missing).
 * Because {@code p <= s <= n}, that indicator is
 * {@code [D1 <= s < D2] - [D1 <= p, s < D2] - [D1 <= s, n < D2] + [D1 <= p, n < D2]} (a term with a
 * missing link is 0): each term asks whether a pair {@code (x, y)} has {@code x} from {@code D1}
 * on and {@code y} before {@code D2}. So a start counts +1 in cell {@code (s, s)}, -1 in
 * {@code (p, s)} and {@code (s, n)}, and +1 in {@code (p, n)}, and the customers reaching each
 * level are the sum of the cells with {@code dayX >= D1} and {@code dayY < D2}: a few thousand
 * cells rather than a million start rows. Ordered, so that writers lock cells in one order.
 *
 * @param skip  {@code true} for {@code mode=skip}
 * @param dayX  the day of the pair's earlier instant (days since 1970-01-01)
 * @param dayY  the day of its later instant
 * @param level the start's level in that mode
 * @param channel the start's channel
 */
public record ConversionCell(boolean skip, int dayX, int dayY, int level, String channel) implements Comparable<ConversionCell> {

    private static final Comparator<ConversionCell> ORDER = Comparator.comparing(ConversionCell::skip)
            .thenComparingInt(ConversionCell::dayX).thenComparingInt(ConversionCell::dayY).thenComparingInt(ConversionCell::level)
            .thenComparing(ConversionCell::channel);

    /** Passes each cell a linked start counts in, in both modes, with its sign. */
    static void contribute(Start start, ObjIntConsumer<ConversionCell> cells) {
        contribute(start.startAt(), start.channel(), start.strictLink(), start.skipLink(), cells);
    }

    /** The same for a start given by what the cells depend on: when and where it began, and its links. */
    public static void contribute(Instant startAt, String channel, StartLink strict, StartLink skip,
            ObjIntConsumer<ConversionCell> cells) {
        contribute(FlowKey.dayOf(startAt), channel, false, strict, cells);
        contribute(FlowKey.dayOf(startAt), channel, true, skip, cells);
    }

    private static void contribute(int s, String channel, boolean skip, StartLink link, ObjIntConsumer<ConversionCell> cells) {
        terms(s, link, (dayX, dayY, sign) -> cells.accept(new ConversionCell(skip, dayX, dayY, link.level(), channel), sign));
    }

    /** One signed term of a start's indicator: the pair of days {@code (dayX, dayY)} and its sign. */
    interface Term {
        void accept(int dayX, int dayY, int sign);
    }

    /**
     * The terms of the indicator above for a start on day {@code s} with {@code link}: +1 for
     * {@code (s, s)}, -1 for {@code (p, s)} and {@code (s, n)}, +1 for {@code (p, n)}, leaving out
     * those with a missing link. {@link StepTimeCell} counts with the same terms.
     */
    static void terms(int s, StartLink link, Term term) {
        Integer p = day(link.prevAt());
        Integer n = day(link.nextAt());
        term.accept(s, s, 1);
        if (p != null) {
            term.accept(p, s, -1);
        }
        if (n != null) {
            term.accept(s, n, -1);
        }
        if (p != null && n != null) {
            term.accept(p, n, 1);
        }
    }

    private static Integer day(Instant at) {
        return at == null ? null : FlowKey.dayOf(at);
    }

    @Override
    public int compareTo(ConversionCell other) {
        return ORDER.compare(this, other);
    }
}

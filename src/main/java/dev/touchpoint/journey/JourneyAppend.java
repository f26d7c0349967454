package dev.touchpoint.journey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What events appended to a journey change in its stored rows, worked out from a few of those
 * rows instead of from the journey's events: the incremental path of attribution
 * (docs/design/identity-and-throughput.md, decision 5). "Appended" means every new event comes
 * after the journey's stored events in journey order ({@link #follows}); anything else (a late
 * event, a move, an erasure) is recomputed whole by {@link Journey}, which stays the reference
 * this class must agree with row for row.
 *
 * <p>Visits: only the last visit changes (it grows, or gets a successor), and new ones follow it.
 *
 * <p>Starts: the new events add starts of their own, which only reach into the new events, and
 * extend a stored start whose chain they continue, whatever its age (a start keeps its delays
 * for every window): in strict mode one whose chain reached exactly as many levels as a new
 * event's 0-based stage, in skip mode one whose chain reached no more levels than a new event's
 * stage; the store selects exactly those ({@link #mayExtend}). The links ({@link StartLinks})
 * change from the first stored start whose default-window level rose on (within the window
 * before the new events), and before it only where a {@code nextAt} was unset ({@link Starts}).
 * With no level risen, only the new starts are linked, from the latest stored start reaching
 * each level, and stored starts still waiting for a later higher start may get one.
 */
public final class JourneyAppend {

    /** Journey order of starts: the order of their start events. */
    private static final Comparator<Start> ORDER =
            Comparator.comparing(Start::startAt).thenComparing(Start::startEventId);

    private JourneyAppend() {
    }

    /**
     * @param last     the journey's stored last visit in the funnel, null when it has none
     * @param appended the new events attributed to the funnel, in journey order, at least one
     * @return whether every new event comes after every stored one; false when the last visit was
     *         stored before its row said which event was last
     */
    public static boolean follows(Visit last, List<AttributedEvent> appended) {
        if (last == null) {
            return true;
        }
        if (last.lastEventAt() == null || last.journeyEvents() == null) {
            return false;
        }
        AttributedEvent first = appended.get(0);
        int byTime = first.timestamp().compareTo(last.lastEventAt());
        return byTime > 0 || byTime == 0 && first.eventId().compareTo(last.lastEventId()) > 0;
    }

    /** The visit rows appending these events replaces ({@code removed}: the stored last visit) and writes. */
    public static RowDiff<Visit> visits(Visit last, List<AttributedEvent> appended, int stageCount) {
        if (last == null) {
            return new RowDiff<>(List.of(), Journey.of(appended).visits(stageCount));
        }
        int lastStage = stageCount - 1;
        List<Visit> added = new ArrayList<>();
        int seq = last.seq();
        int stage = last.stage();
        int count = last.eventCount();
        int cycle = last.cycle();
        Instant entered = last.enteredAt();
        String channel = last.channel();
        String firstId = last.firstEventId();
        Map<String, Integer> middle = CreditKey.counts(last.middleChannels());
        for (AttributedEvent e : appended) {
            if (e.stage() == stage) {
                count++;
                middle.merge(e.channel(), 1, Integer::sum);
                continue;
            }
            added.add(new Visit(seq, stage, entered, channel, firstId, count, CreditKey.tally(middle), cycle, e.stage(),
                    e.timestamp(), e.channel()));
            if (stage == lastStage && e.stage() == 0) {
                cycle++;
            }
            seq++;
            stage = e.stage();
            entered = e.timestamp();
            channel = e.channel();
            firstId = e.eventId();
            count = 1;
            middle.clear();
        }
        AttributedEvent end = appended.get(appended.size() - 1);
        added.add(new Visit(seq, stage, entered, channel, firstId, count, CreditKey.tally(middle), cycle, null, null,
                null, end.timestamp(), end.eventId(), last.journeyEvents() + appended.size()));
        return new RowDiff<>(List.of(last), added);
    }

    /**
     * Whether appended events with these stages extend this stored start's chains: the strict one
     * when one of them has the 0-based stage equal to the levels it reached, the skip one when one
     * has a stage at least that. The store selects the candidates with the same condition
     * ({@code strict_reached in (stages) or cardinality(skip_ms) <= maxStage}).
     *
     * @param stages   the appended events' stages
     * @param maxStage the highest of them
     */
    public static boolean mayExtend(Start stored, Set<Integer> stages, int maxStage) {
        return stages.contains(stored.strictReached()) || stored.skipReached() <= maxStage;
    }

    /**
     * @param extendable the stored starts {@link #mayExtend} selects (any superset will do), each knowing
     *                   its skip chain's end ({@link Start#skipLastAt()})
     * @param appended   the new events attributed to the funnel, in journey order, after every stored one
     */
    public static Starts starts(List<Start> extendable, List<AttributedEvent> appended, int stageCount) {
        Starts change = new Starts(StartFinder.starts(appended, stageCount), stageCount);
        for (Start stored : extendable) {
            if (stored.skipLastAt() == null) {
                throw new IllegalArgumentException("start " + stored.startEventId() + " does not say where its skip"
                        + " chain ends; recompute the journey whole");
            }
            Start extended = extend(stored, appended);
            if (extended != stored) {
                change.before.put(stored.startEventId(), stored);
                change.after.put(stored.startEventId(), extended);
                if (extended.level(StartLinks.WINDOW_MILLIS, false) != stored.strictLink().level()
                        || extended.level(StartLinks.WINDOW_MILLIS, true) != stored.skipLink().level()) {
                    change.risen.add(extended);
                }
            }
        }
        return change;
    }

    /** The stored start continued by the appended events, with its stored links, or the same object if neither chain continues. */
    static Start extend(Start s, List<AttributedEvent> appended) {
        int stages = s.strictDelayMs().length;
        long[] strict = null;
        long[] strictSteps = null;
        int need = s.strictReached();
        if (need < stages) {
            Instant at = strictLastAt(s);
            // The greedy chain (StartFinder): the first later event of the next stage, from the stored last link on.
            for (AttributedEvent e : appended) {
                if (e.stage() == need) {
                    if (strict == null) {
                        strict = s.strictDelayMs().clone();
                        strictSteps = s.strictStepMicros().clone();
                    }
                    strict[need] = StartFinder.delayMillis(s.startAt(), e.timestamp());
                    strictSteps[need] = ChronoUnit.MICROS.between(at, e.timestamp());
                    at = e.timestamp();
                    if (++need == stages) {
                        break;
                    }
                }
            }
        }
        long[] skip = null;
        long[] skipSteps = null;
        // Level k's event is the first after the start of a stage >= k; no stored one is for a level not yet reached.
        Instant reachedAt = s.skipLastAt();
        Instant before = null;
        int reached = -1;
        int j = 0;
        for (int level = s.skipReached(); level < stages; level++) {
            while (j < appended.size() && appended.get(j).stage() < level) {
                j++;
            }
            if (j == appended.size()) {
                break;
            }
            if (j != reached) {
                before = reachedAt;
                reachedAt = appended.get(j).timestamp();
                reached = j;
            }
            if (skip == null) {
                skip = s.skipDelayMs().clone();
                skipSteps = s.skipStepMicros().clone();
            }
            skip[level] = StartFinder.delayMillis(s.startAt(), reachedAt);
            skipSteps[level] = ChronoUnit.MICROS.between(before, reachedAt);
        }
        if (strict == null && skip == null) {
            return s;
        }
        return new Start(s.startEventId(), s.startAt(), s.channel(), strict == null ? s.strictDelayMs() : strict,
                skip == null ? s.skipDelayMs() : skip, strictSteps == null ? s.strictStepMicros() : strictSteps,
                skipSteps == null ? s.skipStepMicros() : skipSteps, s.strictLink(), s.skipLink(), reachedAt);
    }

    /** The strict chain's last event: its steps are whole microseconds between stored timestamps, so they add up exactly. */
    private static Instant strictLastAt(Start s) {
        long micros = 0;
        for (int level = 1; level < s.strictReached(); level++) {
            micros += s.strictStepMicros()[level];
        }
        return s.startAt().plus(micros, ChronoUnit.MICROS);
    }

    /**
     * What appended events do to one journey's starts in one funnel. The links change from the
     * first start whose default-window level rose ({@link #risenAt()}) on: from there the starts
     * are relinked, begun from the latest earlier start reaching each level; before it every
     * {@code prevAt} stands and a {@code nextAt} can only come earlier, to a risen or new start.
     * With no level risen that leaves the new starts' links and the {@code nextAt}s they give.
     */
    public static final class Starts {
        private final List<Start> fresh;
        /** Stored versions of the rows that change, by start event id. */
        private final Map<String, Start> before = new LinkedHashMap<>();
        /** Their new versions, links as stored until relinked. */
        private final Map<String, Start> after = new LinkedHashMap<>();
        /** The extended starts whose default-window level rose in a mode. */
        private final List<Start> risen = new ArrayList<>();

        private final int stages;

        private Starts(List<Start> fresh, int stages) {
            this.fresh = fresh;
            this.stages = stages;
        }

        /** When the first stored start whose default-window level rose starts; null when none rose. */
        public Instant risenAt() {
            return risen.stream().map(Start::startAt).min(Comparator.naturalOrder()).orElse(null);
        }

        /** The highest default-window level in a mode of the risen and the new starts; 0 when there are none. */
        public int raisedLevel(boolean skip) {
            int level = 0;
            for (List<Start> starts : List.of(risen, fresh)) {
                for (Start s : starts) {
                    level = Math.max(level, s.level(StartLinks.WINDOW_MILLIS, skip));
                }
            }
            return level;
        }

        /**
         * Whether the store must pass this stored start, from before the cut, in {@code waiting}: in
         * some mode it has no {@code nextAt} and a level below {@link #raisedLevel}. One with a
         * {@code nextAt} keeps it: a start that rises to a level must be later than any stored start
         * already there (an earlier start reaches that level through the later one's chain sooner
         * than through new events), so it is never an earlier {@code nextAt}. The store's condition
         * is the same.
         */
        public boolean mayWait(Start stored) {
            return waits(stored.strictLink(), raisedLevel(false)) || waits(stored.skipLink(), raisedLevel(true));
        }

        private static boolean waits(StartLink link, int raised) {
            return link.level() < raised && link.nextAt() == null;
        }

        /**
         * The rows that change. The store answers for a cut {@code from} of its choosing, at or
         * before {@link #risenAt()} (null, meaning after every stored start, when none rose):
         *
         * @param from         the cut
         * @param storedFrom   every stored start at or after {@code from}, in any order
         * @param latestStrict element {@code k}: when the latest stored start before {@code from} reaching
         *                     at least level {@code k} in strict mode starts, null if none
         * @param latestSkip   the same in skip mode
         * @param waiting      the stored starts before {@code from} that {@link #mayWait} (any superset of them
         *                     from before {@code from} will do)
         */
        public RowDiff<Start> diff(Instant from, List<Start> storedFrom, Instant[] latestStrict, Instant[] latestSkip,
                List<Start> waiting) {
            Instant risenAt = risenAt();
            if (risenAt != null && (from == null || from.isAfter(risenAt))) {
                throw new IllegalArgumentException("the cut " + from + " is after the first risen start " + risenAt);
            }
            Instant[][] latest = {copy(latestStrict), copy(latestSkip)};
            List<Start> tail = new ArrayList<>();
            List<Start> candidates = new ArrayList<>(waiting);
            Map<String, Start> stored = new HashMap<>();
            for (Start s : storedFrom) {
                stored.put(s.startEventId(), s);
                if (risenAt != null && !s.startAt().isBefore(risenAt)) {
                    tail.add(after.getOrDefault(s.startEventId(), s));
                } else {
                    // Before the first risen start: its level is as stored, so it only moves the latest starts on.
                    for (int m = 0; m < 2; m++) {
                        int level = (m == 0 ? s.strictLink() : s.skipLink()).level();
                        for (int k = 1; k <= level; k++) {
                            if (latest[m][k] == null || s.startAt().isAfter(latest[m][k])) {
                                latest[m][k] = s.startAt();
                            }
                        }
                    }
                    candidates.add(s);
                }
            }
            tail.sort(ORDER);
            tail.addAll(fresh);
            List<Start> linkedFresh = new ArrayList<>();
            Instant[][] earliest = new Instant[2][];
            if (!tail.isEmpty()) {
                StartLink[] strict = StartLinks.links(tail, false, latest[0]);
                StartLink[] skip = StartLinks.links(tail, true, latest[1]);
                for (int i = 0; i < tail.size(); i++) {
                    Start linked = tail.get(i).withLinks(strict[i], skip[i]);
                    Start old = stored.get(linked.startEventId());
                    if (old == null) {
                        linkedFresh.add(linked);
                    } else if (!linked.equals(old)) {
                        before.put(old.startEventId(), old);
                        after.put(old.startEventId(), linked);
                    }
                }
                earliest[0] = earliest(tail, false, stages);
                earliest[1] = earliest(tail, true, stages);
                for (Start s : candidates) {
                    if (!mayWait(s)) {
                        continue;
                    }
                    Start base = after.getOrDefault(s.startEventId(), s);
                    Start relinked = base.withLinks(gainNext(base.strictLink(), earliest[0]),
                            gainNext(base.skipLink(), earliest[1]));
                    if (!relinked.equals(s)) {
                        before.put(s.startEventId(), s);
                        after.put(s.startEventId(), relinked);
                    }
                }
            }
            List<Start> added = new ArrayList<>(after.values());
            added.addAll(linkedFresh);
            return new RowDiff<>(new ArrayList<>(before.values()), added);
        }

        /** One element per level and one more, null where {@code latest} has none. */
        private Instant[] copy(Instant[] latest) {
            Instant[] copy = new Instant[stages + 2];
            for (int k = 1; latest != null && k < Math.min(latest.length, copy.length); k++) {
                copy[k] = latest[k];
            }
            return copy;
        }

        /** Element {@code k}: when the earliest of these starts reaching at least level {@code k} starts, null if none. */
        private static Instant[] earliest(List<Start> starts, boolean skip, int stages) {
            Instant[] earliest = new Instant[stages + 2];
            for (int i = starts.size() - 1; i >= 0; i--) {
                int level = starts.get(i).level(StartLinks.WINDOW_MILLIS, skip);
                for (int k = 1; k <= level; k++) {
                    earliest[k] = starts.get(i).startAt();
                }
            }
            return earliest;
        }

        /** A link before the relinked starts with no {@code nextAt} gains the earliest of them above its level. */
        private static StartLink gainNext(StartLink link, Instant[] earliest) {
            Instant gained = earliest[link.level() + 1];
            if (gained == null || link.nextAt() != null) {
                return link;
            }
            return new StartLink(link.level(), link.prevAt(), gained);
        }
    }
}

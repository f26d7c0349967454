package dev.touchpoint.journey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * stage. Both need a new stage at least the chain's strict level count, which is how the store
 * selects the candidates ({@link #mayExtend}). The links ({@link StartLinks}) change in two
 * ways. If a stored start's default-window level rose, every link can change and the journey's
 * starts are relinked whole ({@link Starts#relinkAll}). Otherwise stored links keep their
 * {@code prevAt} (nothing before them changed) and only a stored start with no {@code nextAt}
 * and a level below a new start's can gain one; the new starts' {@code prevAt} come from the
 * latest stored start reaching each level ({@link Starts#diff}).
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
        if (last.lastEventAt() == null) {
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
        for (AttributedEvent e : appended) {
            if (e.stage() == stage) {
                count++;
                continue;
            }
            added.add(new Visit(seq, stage, entered, channel, firstId, count, cycle, e.stage(), e.timestamp()));
            if (stage == lastStage && e.stage() == 0) {
                cycle++;
            }
            seq++;
            stage = e.stage();
            entered = e.timestamp();
            channel = e.channel();
            firstId = e.eventId();
            count = 1;
        }
        AttributedEvent end = appended.get(appended.size() - 1);
        added.add(new Visit(seq, stage, entered, channel, firstId, count, cycle, null, null, end.timestamp(),
                end.eventId()));
        return new RowDiff<>(List.of(last), added);
    }

    /**
     * Whether appended events whose highest stage is {@code maxStage} may extend this stored start:
     * the store's condition ({@code strict_reached <= maxStage}) for the starts it passes to
     * {@link #starts}. Skip mode reaches at least as far as strict mode, so this covers both.
     */
    public static boolean mayExtend(Start stored, int maxStage) {
        return stored.strictReached() <= maxStage;
    }

    /**
     * @param extendable the stored starts {@link #mayExtend} selects (any superset will do), each knowing
     *                   its skip chain's end ({@link Start#skipLastAt()})
     * @param appended   the new events attributed to the funnel, in journey order, after every stored one
     */
    public static Starts starts(List<Start> extendable, List<AttributedEvent> appended, int stageCount) {
        Starts change = new Starts(StartFinder.starts(appended, stageCount));
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
                    change.levelsRose = true;
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

    /** What appended events do to one journey's starts in one funnel; finished by {@link #relinkAll} or {@link #diff}. */
    public static final class Starts {
        private final List<Start> fresh;
        /** Stored versions of the rows that change, by start event id. */
        private final Map<String, Start> before = new LinkedHashMap<>();
        /** Their new versions, links as stored until relinked. */
        private final Map<String, Start> after = new LinkedHashMap<>();
        private boolean levelsRose;

        private Starts(List<Start> fresh) {
            this.fresh = fresh;
        }

        /** Whether a stored start's default-window level rose, so that only {@link #relinkAll} is exact. */
        public boolean levelsRose() {
            return levelsRose;
        }

        /** The highest default-window level a new start reaches in a mode; 0 when the events add no start. */
        public int freshLevel(boolean skip) {
            int level = 0;
            for (Start s : fresh) {
                level = Math.max(level, s.level(StartLinks.WINDOW_MILLIS, skip));
            }
            return level;
        }

        /** @param stored every stored start of the journey, in any order */
        public RowDiff<Start> relinkAll(List<Start> stored) {
            List<Start> all = new ArrayList<>(stored.size() + fresh.size());
            for (Start s : stored) {
                all.add(after.getOrDefault(s.startEventId(), s));
            }
            all.sort(ORDER);
            all.addAll(fresh);
            return RowDiff.of(stored, StartLinks.link(all), Start::startEventId);
        }

        /**
         * The exact change when no stored level rose ({@link #levelsRose()} false).
         *
         * @param latestStrict element {@code k}: when the latest stored start reaching at least level {@code k}
         *                     at the default window in strict mode starts, null if none; read up to
         *                     {@link #freshLevel}{@code (false)}, and not at all when the events add no start
         * @param latestSkip   the same in skip mode
         * @param openNext     the stored starts that have no {@code nextAt} in a mode and a level below
         *                     {@link #freshLevel} in it (any superset will do)
         */
        public RowDiff<Start> diff(Instant[] latestStrict, Instant[] latestSkip, List<Start> openNext) {
            if (levelsRose) {
                throw new IllegalStateException("a stored level rose: relink the journey whole");
            }
            List<Start> linked = new ArrayList<>(fresh.size());
            if (!fresh.isEmpty()) {
                int stages = fresh.get(0).strictDelayMs().length;
                // StartLinks' passes, begun from what the stored starts leave.
                StartLink[] strict = StartLinks.links(fresh, false, latestStrict);
                StartLink[] skip = StartLinks.links(fresh, true, latestSkip);
                for (int i = 0; i < fresh.size(); i++) {
                    linked.add(fresh.get(i).withLinks(strict[i], skip[i]));
                }
                Instant[] earliestStrict = earliest(false, stages);
                Instant[] earliestSkip = earliest(true, stages);
                for (Start stored : openNext) {
                    Start base = after.getOrDefault(stored.startEventId(), stored);
                    Start relinked = base.withLinks(gainNext(base.strictLink(), earliestStrict),
                            gainNext(base.skipLink(), earliestSkip));
                    if (!relinked.equals(stored)) {
                        before.put(stored.startEventId(), stored);
                        after.put(stored.startEventId(), relinked);
                    }
                }
            }
            List<Start> added = new ArrayList<>(after.values());
            added.addAll(linked);
            return new RowDiff<>(new ArrayList<>(before.values()), added);
        }

        /** Element {@code k}: when the earliest new start reaching at least level {@code k} starts, null if none. */
        private Instant[] earliest(boolean skip, int stages) {
            Instant[] earliest = new Instant[stages + 2];
            for (int i = fresh.size() - 1; i >= 0; i--) {
                int level = fresh.get(i).level(StartLinks.WINDOW_MILLIS, skip);
                for (int k = 1; k <= level; k++) {
                    earliest[k] = fresh.get(i).startAt();
                }
            }
            return earliest;
        }

        /** A stored link with no later start above it gains the earliest new one, if any. */
        private static StartLink gainNext(StartLink link, Instant[] earliest) {
            if (link.nextAt() != null || earliest[link.level() + 1] == null) {
                return link;
            }
            return new StartLink(link.level(), link.prevAt(), earliest[link.level() + 1]);
        }
    }
}

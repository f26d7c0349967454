package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The incremental path against the whole-journey recompute: random journeys arrive in batches,
 * mostly in order but with late and out-of-order events; a batch that {@link JourneyAppend#follows}
 * the stored rows is applied from those rows alone (selected as the store selects them), any other
 * is recomputed whole, and after every batch the stored rows must equal the whole recompute of
 * everything so far, row for row, with every removed row exactly the stored one.
 */
public class JourneyAppendTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long DAY_MICROS = 86_400_000_000L;

    @Test
    void appendedBatchesLeaveTheRowsOfTheWholeRecompute() {
        Random random = new Random(19);
        int appended = 0;
        int risen = 0;
        int recomputedWhole = 0;
        for (int journey = 0; journey < 3000; journey++) {
            int stages = 2 + random.nextInt(4);
            List<AttributedEvent> events = randomJourney(random, stages, 1 + random.nextInt(random.nextInt(4) == 0 ? 120 : 25));
            Store store = new Store(stages);
            List<AttributedEvent> soFar = new ArrayList<>();
            for (List<AttributedEvent> batch : arrivals(random, events)) {
                List<AttributedEvent> sorted = new ArrayList<>(batch);
                sorted.sort(AttributedEvent.JOURNEY_ORDER);
                soFar.addAll(batch);
                Visit last = store.lastVisit();
                if (JourneyAppend.follows(last, sorted)) {
                    appended++;
                    if (store.append(sorted, random)) {
                        risen++;
                    }
                } else {
                    recomputedWhole++;
                    store.replaceWith(soFar);
                }
                Store whole = new Store(stages);
                whole.replaceWith(soFar);
                assertEquals(whole.visits, store.visits, "visits after " + soFar.size() + " events of journey " + journey);
                assertEquals(whole.starts, store.starts, "starts after " + soFar.size() + " events of journey " + journey);
            }
        }
        // Every path was taken often enough to mean something.
        assertTrue(appended > 10_000, "appended batches: " + appended);
        assertTrue(risen > 1_000, "appended batches where a stored level rose: " + risen);
        assertTrue(recomputedWhole > 1_000, "batches recomputed whole: " + recomputedWhole);
    }

    @Test
    void aNewEventOfTheNextStageExtendsEveryStartWaitingForIt() {
        // Three page views (stage 0) and then a signup (stage 1): all three starts reach level 2.
        List<AttributedEvent> stored = List.of(event("a", 0, 0), event("b", 10, 0), event("c", 20, 0));
        Store store = new Store(2);
        store.replaceWith(stored);
        List<AttributedEvent> appended = List.of(event("d", 30, 1));
        assertTrue(JourneyAppend.follows(store.lastVisit(), appended));

        JourneyAppend.Starts change = JourneyAppend.starts(List.copyOf(store.starts.values()), appended, 2);
        assertEquals(T0, change.risenAt());
        RowDiff<Start> diff = change.diff(T0, List.copyOf(store.starts.values()), null, null, List.of());
        assertEquals(3, diff.removed().size());
        assertEquals(3, diff.added().size());
        for (Start s : diff.added()) {
            assertEquals(2, s.strictReached());
            assertEquals(T0.plusSeconds(30), s.skipLastAt());
        }
        // Each start now reaches level 2, so none waits for a later higher one; each follows one as high.
        Map<String, StartLink> links = new HashMap<>();
        diff.added().forEach(s -> links.put(s.startEventId(), s.strictLink()));
        assertEquals(new StartLink(2, null, null), links.get("a"));
        assertEquals(new StartLink(2, T0, null), links.get("b"));
        assertEquals(new StartLink(2, T0.plusSeconds(10), null), links.get("c"));
    }

    @Test
    void anotherFirstStageEventOnlyAddsItsOwnStart() {
        // A bot's page views: a new one extends no stored start and changes no stored link.
        Store store = new Store(3);
        store.replaceWith(List.of(event("a", 0, 0), event("b", 10, 0)));
        List<AttributedEvent> appended = List.of(event("c", 20, 0));

        JourneyAppend.Starts change = JourneyAppend.starts(List.of(), appended, 3);
        assertNull(change.risenAt());
        assertEquals(1, change.raisedLevel(false));
        RowDiff<Start> diff = change.diff(null, List.of(), new Instant[] {null, T0.plusSeconds(10)},
                new Instant[] {null, T0.plusSeconds(10)}, List.of());
        assertEquals(List.of(), diff.removed());
        assertEquals(1, diff.added().size());
        assertEquals(new StartLink(1, T0.plusSeconds(10), null), diff.added().get(0).strictLink());
    }

    @Test
    void aChainThatDoesNotContinueIsTheSameObject() {
        Start stored = StartLinks.link(Journey.of(List.of(event("a", 0, 0), event("b", 5, 2))).starts(3)).get(0);
        assertSame(stored, JourneyAppend.extend(stored, List.of(event("c", 9, 0))));
    }

    @Test
    void eventsBeforeOrTiedBeforeTheLastStoredOneDoNotFollow() {
        Store store = new Store(2);
        store.replaceWith(List.of(event("m", 10, 0)));
        assertFalse(JourneyAppend.follows(store.lastVisit(), List.of(event("z", 9, 1))));
        assertFalse(JourneyAppend.follows(store.lastVisit(), List.of(event("a", 10, 1))));
        assertTrue(JourneyAppend.follows(store.lastVisit(), List.of(event("n", 10, 1))));
        assertTrue(JourneyAppend.follows(null, List.of(event("a", 0, 1))));
        Visit old = store.lastVisit();
        Visit unknown = new Visit(old.seq(), old.stage(), old.enteredAt(), old.channel(), old.firstEventId(),
                old.eventCount(), old.middleChannels(), old.cycle(), null, null, null);
        assertNull(unknown.lastEventAt());
        assertFalse(JourneyAppend.follows(unknown, List.of(event("n", 11, 1))));
    }

    /** One journey's rows as the database keeps them, by key, and the queries the attributor asks of them. */
    private static final class Store {
        final int stages;
        final Map<Integer, Visit> visits = new HashMap<>();
        final Map<String, Start> starts = new HashMap<>();

        Store(int stages) {
            this.stages = stages;
        }

        void replaceWith(List<AttributedEvent> events) {
            visits.clear();
            starts.clear();
            Journey j = Journey.of(events);
            for (Visit v : j.visits(stages)) {
                visits.put(v.seq(), v);
            }
            for (Start s : StartLinks.link(j.starts(stages))) {
                starts.put(s.startEventId(), s);
            }
        }

        Visit lastVisit() {
            return visits.values().stream().filter(v -> v.nextStage() == null).findFirst().orElse(null);
        }

        /**
         * Applies an appended batch as the attributor does, the store answering for a cut at the
         * first risen start or, at random, an earlier stored start; returns whether a level rose.
         */
        boolean append(List<AttributedEvent> sorted, Random random) {
            apply(visits, JourneyAppend.visits(lastVisit(), sorted, stages), Visit::seq);
            Set<Integer> newStages = new HashSet<>();
            sorted.forEach(e -> newStages.add(e.stage()));
            int maxStage = Collections.max(newStages);
            List<Start> extendable = starts.values().stream()
                    .filter(s -> JourneyAppend.mayExtend(s, newStages, maxStage)).toList();
            JourneyAppend.Starts change = JourneyAppend.starts(extendable, sorted, stages);
            List<Start> stored = List.copyOf(starts.values());
            Instant from = change.risenAt();
            if (from != null && random.nextBoolean()) {
                Instant cut = from;
                List<Instant> earlier = stored.stream().map(Start::startAt).filter(t -> t.isBefore(cut)).toList();
                if (!earlier.isEmpty()) {
                    from = earlier.get(random.nextInt(earlier.size()));
                }
            }
            Instant cut = from;
            List<Start> before = stored.stream().filter(s -> cut == null || s.startAt().isBefore(cut)).toList();
            List<Start> storedFrom = stored.stream().filter(s -> cut != null && !s.startAt().isBefore(cut)).toList();
            List<Start> waiting = before.stream().filter(change::mayWait).toList();
            apply(starts, change.diff(cut, storedFrom, latest(before, false), latest(before, true), waiting),
                    Start::startEventId);
            return change.risenAt() != null;
        }

        /** Element k: the latest stored start reaching level k at the default window (the store's aggregate). */
        private Instant[] latest(List<Start> stored, boolean skip) {
            Instant[] latest = new Instant[stages + 1];
            for (Start s : stored) {
                int level = (skip ? s.skipLink() : s.strictLink()).level();
                for (int k = 1; k <= level; k++) {
                    if (latest[k] == null || s.startAt().isAfter(latest[k])) {
                        latest[k] = s.startAt();
                    }
                }
            }
            return latest;
        }

        private static <T, K> void apply(Map<K, T> rows, RowDiff<T> diff, java.util.function.Function<T, K> key) {
            for (T removed : diff.removed()) {
                assertEquals(rows.get(key.apply(removed)), removed, "a removed row is the stored one");
                rows.remove(key.apply(removed));
            }
            Set<K> seen = new HashSet<>();
            for (T added : diff.added()) {
                assertTrue(seen.add(key.apply(added)), "one row per key");
                assertFalse(rows.containsKey(key.apply(added)), "an added row replaces none still stored");
                rows.put(key.apply(added), added);
            }
        }
    }

    /** Events in clusters (ties to the microsecond included) spread over about three months, so that P30D levels rise and do not. */
    private static List<AttributedEvent> randomJourney(Random random, int stages, int n) {
        List<AttributedEvent> events = new ArrayList<>();
        long at = 0;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(4)) {
                case 0 -> at += 0;
                case 1 -> at += random.nextInt(2_000_000);
                case 2 -> at += random.nextLong(3 * DAY_MICROS);
                default -> at += random.nextLong(25 * DAY_MICROS);
            }
            String id;
            do {
                id = "e" + random.nextInt(10_000);
            } while (!ids.add(id));
            int stage = random.nextInt(3) == 0 ? 0 : random.nextInt(stages);
            events.add(new AttributedEvent(id, T0.plus(at, ChronoUnit.MICROS), "c" + random.nextInt(3), stage));
        }
        return events;
    }

    /** Batches in arrival order: mostly the journey in order, cut anywhere, with some events held back and sent late. */
    private static List<List<AttributedEvent>> arrivals(Random random, List<AttributedEvent> events) {
        List<AttributedEvent> order = new ArrayList<>(events);
        order.sort(AttributedEvent.JOURNEY_ORDER);
        if (random.nextInt(3) == 0) {
            for (int i = 0; i < order.size() / 8 + 1; i++) {
                Collections.swap(order, random.nextInt(order.size()), random.nextInt(order.size()));
            }
        }
        List<List<AttributedEvent>> batches = new ArrayList<>();
        int from = 0;
        while (from < order.size()) {
            int to = Math.min(order.size(), from + 1 + random.nextInt(random.nextBoolean() ? 2 : 8));
            batches.add(new ArrayList<>(order.subList(from, to)));
            from = to;
        }
        return batches;
    }

    private static AttributedEvent event(String id, long seconds, int stage) {
        return new AttributedEvent(id, T0.plusSeconds(seconds), "web", stage);
    }
}

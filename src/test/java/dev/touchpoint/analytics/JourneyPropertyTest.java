package dev.touchpoint.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.touchpoint.analytics.ReferenceMetrics.Conversion;
import dev.touchpoint.analytics.ReferenceMetrics.Flow;
import dev.touchpoint.analytics.ReferenceMetrics.StageFlow;
import dev.touchpoint.analytics.ReferenceMetrics.Transition;
import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.journey.Journey;
import dev.touchpoint.journey.Start;
import dev.touchpoint.journey.Visit;
import dev.touchpoint.journey.VisitOutcome;

/**
 * Holds visits and reach rows against {@link ReferenceMetrics} on random journeys: loop-backs,
 * runs of one stage, equal timestamps, sub-millisecond offsets and gaps that land exactly on
 * a window's edge. The seed is fixed so a failure can be replayed.
 */
class JourneyPropertyTest {

    private static final long SEED = 20250301L;
    private static final int DATASETS = 1000;
    private static final Instant DAY_0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    /** Gaps between generated events; arrival order is shuffled separately. */
    private static final Duration[] GAPS = {Duration.ZERO, Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(1),
        Duration.ofHours(12), DAY, DAY, DAY.plusMillis(1), DAY.plusNanos(1), Duration.ofDays(2)};
    private static final Duration[] WINDOWS = {Duration.ZERO, Duration.ofMillis(1), DAY, Duration.ofDays(2),
        Duration.ofDays(30)};
    private static final Instant[][] RANGES = {
        {DAY_0, DAY_0.plus(Duration.ofDays(60))},
        {DAY_0.plus(DAY), DAY_0.plus(Duration.ofDays(3))},
        {DAY_0.plus(Duration.ofHours(60)), DAY_0.plus(Duration.ofDays(5))},
        {DAY_0.plus(Duration.ofDays(2)), DAY_0.plus(Duration.ofDays(2))}};
    private static final String[] CHANNELS = {"web", "tiktok", "store"};

    @Test
    void visitsAndReachesIgnoreArrivalOrder() {
        Random shuffler = new Random(SEED + 1);
        forEachDataset((data, stageCount, where) -> {
            for (List<AttributedEvent> events : data.values()) {
                List<Visit> visits = Journey.of(events).visits(stageCount);
                List<Start> reaches = Journey.of(events).starts(stageCount);
                List<AttributedEvent> arrival = new ArrayList<>(events);
                for (int i = 0; i < 5; i++) {
                    Collections.shuffle(arrival, shuffler);
                    assertEquals(visits, Journey.of(arrival).visits(stageCount), where);
                    assertEquals(reaches, Journey.of(arrival).starts(stageCount), where);
                }
            }
        });
    }

    @Test
    void conversionFromReachesEqualsTheReference() {
        forEachDataset((data, stageCount, where) -> {
            for (Instant[] range : RANGES) {
                for (Duration window : WINDOWS) {
                    for (boolean skip : new boolean[] {false, true}) {
                        assertEquals(ReferenceMetrics.conversion(data, stageCount, range[0], range[1], window, skip),
                                conversionFromReaches(data, stageCount, range[0], range[1], window, skip),
                                () -> where + query(range, window) + (skip ? ", skip" : ", strict"));
                    }
                }
            }
        });
    }

    @Test
    void flowFromVisitsEqualsTheReference() {
        forEachDataset((data, stageCount, where) -> {
            for (Instant[] range : RANGES) {
                for (Duration window : WINDOWS) {
                    assertEquals(ReferenceMetrics.flow(data, stageCount, range[0], range[1], window),
                            flowFromVisits(data, stageCount, range[0], range[1], window),
                            () -> where + query(range, window));
                }
            }
        });
    }

    private interface DatasetCheck {
        void check(Map<String, List<AttributedEvent>> data, int stageCount, String where);
    }

    /** Every test sees the same datasets, so a failure names a dataset that every test can replay. */
    private static void forEachDataset(DatasetCheck check) {
        Random random = new Random(SEED);
        int journeys = 0;
        for (int dataset = 0; dataset < DATASETS; dataset++) {
            int stageCount = 2 + random.nextInt(4);
            Map<String, List<AttributedEvent>> data = randomCustomers(random, stageCount);
            journeys += data.size();
            check.check(data, stageCount, "dataset " + dataset + " of seed " + SEED + " with " + stageCount
                    + " stages: " + data);
        }
        assertTrue(journeys > 2500, "too few journeys generated: " + journeys);
    }

    private static String query(Instant[] range, Duration window) {
        return ", range [" + range[0] + ", " + range[1] + "), window " + window;
    }

    /** The flow metrics as a query would compute them from stored visits. */
    private static Flow flowFromVisits(Map<String, List<AttributedEvent>> data, int stageCount,
            Instant from, Instant to, Duration window) {
        long[][] counts = new long[stageCount][4]; // visits, forward, loop-back, stalled
        Map<Transition, Long> transitions = new HashMap<>();
        for (List<AttributedEvent> events : data.values()) {
            for (Visit visit : Journey.of(events).visits(stageCount)) {
                if (visit.enteredAt().isBefore(from) || !visit.enteredAt().isBefore(to)) {
                    continue;
                }
                long[] stage = counts[visit.stage()];
                stage[0]++;
                switch (visit.outcome(window)) {
                    case FORWARD -> stage[1]++;
                    case LOOP_BACK -> stage[2]++;
                    case STALLED -> stage[3]++;
                }
                if (visit.outcome(window) != VisitOutcome.STALLED) {
                    transitions.merge(new Transition(visit.stage(), visit.nextStage()), 1L, Long::sum);
                }
            }
        }
        List<StageFlow> stages = new ArrayList<>();
        for (int s = 0; s < stageCount; s++) {
            stages.add(StageFlow.of(s, counts[s][0], counts[s][1], counts[s][2], counts[s][3]));
        }
        return new Flow(stages, transitions);
    }

    /** The ordered funnel as a query would compute it from stored reach rows. */
    private static Conversion conversionFromReaches(Map<String, List<AttributedEvent>> data, int stageCount,
            Instant from, Instant to, Duration window, boolean skip) {
        Map<String, Integer> levels = new HashMap<>();
        Map<String, String> channels = new HashMap<>();
        data.forEach((customer, events) -> {
            for (Start reach : Journey.of(events).starts(stageCount)) {
                if (reach.startAt().isBefore(from) || !reach.startAt().isBefore(to)) {
                    continue;
                }
                int level = reach.level(window.toMillis(), skip);
                if (level > levels.getOrDefault(customer, 0)) {
                    levels.put(customer, level);
                    channels.put(customer, reach.channel());
                }
            }
        });
        return Conversion.of(levels, channels, stageCount);
    }

    /** Up to 5 customers of up to 12 events that mostly move forward, sometimes loop back, sometimes stay. */
    private static Map<String, List<AttributedEvent>> randomCustomers(Random random, int stageCount) {
        Map<String, List<AttributedEvent>> data = new LinkedHashMap<>();
        int customers = 1 + random.nextInt(5);
        for (int c = 0; c < customers; c++) {
            List<AttributedEvent> events = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            Instant at = DAY_0.plus(Duration.ofDays(random.nextInt(4)));
            int stage = random.nextInt(stageCount);
            int size = random.nextInt(13);
            for (int i = 0; i < size; i++) {
                stage = nextStage(random, stage, stageCount);
                at = at.plus(GAPS[random.nextInt(GAPS.length)]);
                String id;
                do {
                    // Random ids, so ties on the timestamp are broken independently of generation order.
                    id = "e" + random.nextInt(100);
                } while (!ids.add(id));
                events.add(new AttributedEvent(id, at, CHANNELS[random.nextInt(CHANNELS.length)], stage));
            }
            data.put("customer-" + c, events);
        }
        return data;
    }

    private static int nextStage(Random random, int stage, int stageCount) {
        int move = random.nextInt(10);
        if (move < 4) {
            return Math.min(stage + 1, stageCount - 1);
        }
        if (move < 6) {
            return 0;
        }
        if (move < 8) {
            return stage;
        }
        return random.nextInt(stageCount);
    }
}

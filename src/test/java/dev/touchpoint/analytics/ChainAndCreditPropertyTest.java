package dev.touchpoint.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.journey.Journey;
import dev.touchpoint.journey.Visit;
import dev.touchpoint.journey.ChainSearch;
import dev.touchpoint.journey.credit.ChannelCredit;
import dev.touchpoint.journey.credit.CreditModel;
import dev.touchpoint.journey.FunnelChain;
import dev.touchpoint.journey.credit.MarkovCredit;
import dev.touchpoint.journey.credit.MarkovPath;
import dev.touchpoint.journey.StallSplit;
import dev.touchpoint.journey.StepBounds;

/**
 * Holds the pure journey classes for per-step windows, the stall split and channel credit
 * against {@link ReferenceMetrics} on random journeys (fixed seed), including journeys on
 * which taking the first next-stage event misses the customer's level.
 */
class ChainAndCreditPropertyTest {

    private static final long SEED = 20261201L;
    private static final Instant DAY_0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration[] GAPS = {Duration.ZERO, Duration.ofNanos(1), Duration.ofMinutes(1), HOUR,
        Duration.ofHours(5), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2)};
    private static final Duration[] WINDOWS = {Duration.ZERO, Duration.ofHours(6), Duration.ofDays(1),
        Duration.ofDays(3), Duration.ofDays(30)};
    private static final Duration[] STEPS = {Duration.ofNanos(1), HOUR, Duration.ofHours(6), Duration.ofDays(1)};
    private static final String[] CHANNELS = {"web", "tiktok", "store", "email"};

    @Test
    void levelAndEarliestChainEqualTheReference() {
        Random random = new Random(SEED);
        int greedyMisses = 0;
        int checked = 0;
        for (int dataset = 0; dataset < 2500; dataset++) {
            int stageCount = 2 + random.nextInt(4);
            Map<String, List<AttributedEvent>> data = randomCustomers(random, stageCount);
            Duration window = WINDOWS[random.nextInt(WINDOWS.length)];
            Duration[] steps = random.nextInt(4) == 0 ? null : randomSteps(random, stageCount);
            Instant from = DAY_0.plus(Duration.ofHours(random.nextInt(3) * 12L));
            Instant to = from.plus(Duration.ofDays(1 + random.nextInt(5)));
            StepBounds bounds = steps == null ? StepBounds.total(window)
                    : StepBounds.of(window, Arrays.asList(steps), stageCount);
            for (boolean skip : new boolean[] {false, true}) {
                for (List<AttributedEvent> raw : data.values()) {
                    List<AttributedEvent> events = Journey.of(raw).events();
                    List<List<Integer>> chains = ReferenceMetrics.allChains(events, from, to, window, steps, skip);
                    int level = chains.stream().mapToInt(c -> events.get(c.get(c.size() - 1)).stage() + 1).max().orElse(0);
                    String where = "dataset " + dataset + (skip ? " skip" : " strict") + " window " + window
                            + " steps " + Arrays.toString(steps) + " from " + from + " to " + to + ": " + events;
                    ChainSearch search = new ChainSearch(events, stageCount, bounds, skip);
                    assertEquals(level, search.level(from, to), where);
                    FunnelChain chain = search.earliestChain(from, to);
                    if (level == 0) {
                        assertNull(chain, where);
                        continue;
                    }
                    List<Integer> earliest = chains.stream()
                            .filter(c -> events.get(c.get(c.size() - 1)).stage() + 1 == level).findFirst().orElseThrow();
                    assertEquals(earliest.stream().map(events::get).toList(), chain.events(), where);
                    checked++;
                    if (greedyLevel(events, from, to, window, steps, skip) < level) {
                        greedyMisses++;
                    }
                }
            }
        }
        assertTrue(checked > 1000, "too few customers with a level: " + checked);
        assertTrue(greedyMisses >= 10, "too few journeys where a greedy scan fails: " + greedyMisses);
    }

    @Test
    void withoutStepWindowsTheLevelsAreThoseOfTheReference() {
        Random random = new Random(SEED + 1);
        for (int dataset = 0; dataset < 500; dataset++) {
            int stageCount = 2 + random.nextInt(4);
            Map<String, List<AttributedEvent>> data = randomCustomers(random, stageCount);
            Duration window = WINDOWS[random.nextInt(WINDOWS.length)];
            for (boolean skip : new boolean[] {false, true}) {
                ReferenceMetrics.Conversion expected = ReferenceMetrics.conversion(data, stageCount, DAY_0,
                        DAY_0.plus(Duration.ofDays(3)), window, skip);
                Map<String, Integer> levels = new LinkedHashMap<>();
                Map<String, String> channels = new LinkedHashMap<>();
                data.forEach((customer, raw) -> {
                    FunnelChain chain = new ChainSearch(Journey.of(raw).events(), stageCount, StepBounds.total(window), skip)
                            .earliestChain(DAY_0, DAY_0.plus(Duration.ofDays(3)));
                    if (chain != null) {
                        levels.put(customer, chain.level());
                        channels.put(customer, chain.start().channel());
                    }
                });
                assertEquals(expected.levelByCustomer(), levels, "dataset " + dataset);
                assertEquals(expected.channelByCustomer(), channels, "dataset " + dataset);
            }
        }
    }

    @Test
    void stallSplitAddsUpToStalledAndEqualsTheReference() {
        Random random = new Random(SEED + 2);
        for (int dataset = 0; dataset < 500; dataset++) {
            int stageCount = 2 + random.nextInt(4);
            Map<String, List<AttributedEvent>> data = randomCustomers(random, stageCount);
            Duration window = WINDOWS[random.nextInt(WINDOWS.length)];
            Instant from = DAY_0;
            Instant to = DAY_0.plus(Duration.ofDays(2));
            long[][] split = new long[stageCount][2];
            for (List<AttributedEvent> raw : data.values()) {
                for (Visit visit : Journey.of(raw).visits(stageCount)) {
                    StallSplit why = StallSplit.of(visit, window);
                    if (why != null && !visit.enteredAt().isBefore(from) && visit.enteredAt().isBefore(to)) {
                        split[visit.stage()][why.ordinal()]++;
                    }
                }
            }
            long[][] expected = ReferenceMetrics.stallSplit(data, stageCount, from, to, window);
            ReferenceMetrics.Flow flow = ReferenceMetrics.flow(data, stageCount, from, to, window);
            for (int s = 0; s < stageCount; s++) {
                assertEquals(Arrays.toString(expected[s]), Arrays.toString(split[s]), "dataset " + dataset);
                assertEquals(flow.stages().get(s).stalled(), split[s][0] + split[s][1], "dataset " + dataset);
            }
        }
    }

    @Test
    void ruleCreditEqualsTheReferenceAndAddsUpToTheMoves() {
        Random random = new Random(SEED + 3);
        for (int dataset = 0; dataset < 500; dataset++) {
            int stageCount = 2 + random.nextInt(4);
            Map<String, List<AttributedEvent>> data = randomCustomers(random, stageCount);
            Duration window = WINDOWS[random.nextInt(WINDOWS.length)];
            Duration halfLife = STEPS[1 + random.nextInt(STEPS.length - 1)];
            Instant from = DAY_0;
            Instant to = DAY_0.plus(Duration.ofDays(2));
            ReferenceMetrics.Flow flow = ReferenceMetrics.flow(data, stageCount, from, to, window);
            for (CreditModel model : CreditModel.values()) {
                ChannelCredit credit = new ChannelCredit(stageCount, model, halfLife);
                data.values().forEach(raw -> credit.add(Journey.of(raw).events(), from, to, window));
                List<Map<String, double[]>> expected = ReferenceMetrics.ruleCredit(data, stageCount, from, to, window,
                        model.apiName(), halfLife);
                for (int s = 0; s < stageCount; s++) {
                    String where = "dataset " + dataset + " model " + model + " stage " + s;
                    double advancement = 0;
                    double loopBack = 0;
                    for (ChannelCredit.Row row : credit.stage(s)) {
                        double[] want = expected.get(s).getOrDefault(row.channel(), new double[2]);
                        assertEquals(want[0], row.advancement(), 1e-9, where);
                        assertEquals(want[1], row.loopBack(), 1e-9, where);
                        advancement += row.advancement();
                        loopBack += row.loopBack();
                    }
                    assertEquals(expected.get(s).size(), credit.stage(s).size(), where);
                    assertEquals(flow.stages().get(s).forward(), advancement, 1e-9, where);
                    assertEquals(flow.stages().get(s).loopBack(), loopBack, 1e-9, where);
                }
            }
        }
    }

    @Test
    void markovRemovalEffectsEqualTheReference() {
        Random random = new Random(SEED + 4);
        for (int dataset = 0; dataset < 300; dataset++) {
            int stageCount = 2 + random.nextInt(4);
            Map<String, List<AttributedEvent>> data = randomCustomers(random, stageCount);
            int target = 1 + random.nextInt(stageCount - 1);
            Instant from = DAY_0;
            Instant to = DAY_0.plus(Duration.ofDays(3));
            MarkovCredit markov = new MarkovCredit();
            for (List<AttributedEvent> raw : data.values()) {
                MarkovPath path = MarkovPath.of(Journey.of(raw).events(), from, to, target);
                if (path != null) {
                    markov.add(path);
                }
            }
            Map<String, Double> expected = ReferenceMetrics.markov(data, from, to, target);
            String where = "dataset " + dataset + " target " + target + ": " + data;
            assertEquals(expected.get(null), markov.conversionProbability(), 1e-9, where);
            List<MarkovCredit.Row> rows = markov.channels();
            assertEquals(expected.size() - 1, rows.size(), where);
            double shares = 0;
            for (MarkovCredit.Row row : rows) {
                if (expected.get(row.channel()) == null) {
                    assertNull(row.removalEffect(), where);
                    assertNull(row.share(), where);
                } else {
                    assertEquals(expected.get(row.channel()), row.removalEffect(), 1e-9, where);
                    shares += row.share();
                }
            }
            if (expected.get(null) > 0) {
                assertEquals(1.0, shares, 1e-9, where);
            }
        }
    }

    /** The level a scan reaches that always takes the first allowed next event: what SPEC warns about. */
    private static int greedyLevel(List<AttributedEvent> events, Instant from, Instant to, Duration window,
            Duration[] steps, boolean skip) {
        int best = 0;
        for (int i = 0; i < events.size(); i++) {
            AttributedEvent first = events.get(i);
            if (first.stage() != 0 || first.timestamp().isBefore(from) || !first.timestamp().isBefore(to)) {
                continue;
            }
            AttributedEvent last = first;
            for (int j = i + 1; j < events.size(); j++) {
                AttributedEvent e = events.get(j);
                boolean stageOk = skip ? e.stage() > last.stage() : e.stage() == last.stage() + 1;
                Duration bound = Duration.ofDays(365000);
                if (steps != null) {
                    bound = Duration.ZERO;
                    for (int s = last.stage(); s < e.stage(); s++) {
                        bound = bound.plus(steps[s]);
                    }
                }
                if (stageOk && Duration.between(first.timestamp(), e.timestamp()).compareTo(window) <= 0
                        && Duration.between(last.timestamp(), e.timestamp()).compareTo(bound) <= 0) {
                    last = e;
                }
            }
            best = Math.max(best, last.stage() + 1);
        }
        return best;
    }

    private static Duration[] randomSteps(Random random, int stageCount) {
        Duration[] steps = new Duration[stageCount - 1];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = STEPS[random.nextInt(STEPS.length)];
        }
        return steps;
    }

    /** Up to 4 customers of up to 10 events; random ids so ties on the timestamp break independently. */
    private static Map<String, List<AttributedEvent>> randomCustomers(Random random, int stageCount) {
        Map<String, List<AttributedEvent>> data = new LinkedHashMap<>();
        int customers = 1 + random.nextInt(4);
        for (int c = 0; c < customers; c++) {
            List<AttributedEvent> events = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            Instant at = DAY_0.plus(Duration.ofHours(random.nextInt(48)));
            int size = random.nextInt(11);
            for (int i = 0; i < size; i++) {
                at = at.plus(GAPS[random.nextInt(GAPS.length)]);
                String id;
                do {
                    id = "e" + random.nextInt(100);
                } while (!ids.add(id));
                int stage = random.nextInt(3) == 0 ? 0 : random.nextInt(stageCount);
                events.add(new AttributedEvent(id, at, CHANNELS[random.nextInt(CHANNELS.length)], stage));
            }
            java.util.Collections.shuffle(events, random);
            data.put("customer-" + c, events);
        }
        return data;
    }
}

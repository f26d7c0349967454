package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.credit.ChannelCredit;
import dev.touchpoint.journey.credit.CreditModel;

/**
 * The credit rollup's rows against the rule models applied to the events themselves: credit added up
 * from the touchpoints each visit's row names ({@link CreditKey#contribute}, weighted by
 * {@link CreditModel#weight}) equals {@link ChannelCredit#add} over the journey's events, for every
 * model that weighs by role; and a move worked out by hand.
 */
class CreditKeyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final CreditModel[] BY_ROLE = { CreditModel.FIRST, CreditModel.LAST, CreditModel.LINEAR,
        CreditModel.POSITION };

    @Test
    void aMoveOfThreeTouchpointsByHand() {
        // A (tiktok), A (web), then B (email): one forward move of n = 3 out of A.
        List<AttributedEvent> events = List.of(new AttributedEvent("1", T0, "tiktok", 0),
                new AttributedEvent("2", T0.plusSeconds(60), "web", 0),
                new AttributedEvent("3", T0.plusSeconds(120), "email", 1));
        Map<String, Double> linear = credit(events, 2, CreditModel.LINEAR).get(0);
        assertEquals(Map.of("email", 1 / 3.0, "tiktok", 1 / 3.0, "web", 1 / 3.0), linear);
        Map<String, Double> position = credit(events, 2, CreditModel.POSITION).get(0);
        assertEquals(0.4, position.get("tiktok"), 1e-15);
        assertEquals(0.2, position.get("web"), 1e-15);
        assertEquals(0.4, position.get("email"), 1e-15);
        // first and last list every touchpoint's channel, with 0 where the model gives it nothing
        assertEquals(Map.of("email", 0.0, "tiktok", 1.0, "web", 0.0), credit(events, 2, CreditModel.FIRST).get(0));
        assertEquals(Map.of("email", 1.0, "tiktok", 0.0, "web", 0.0), credit(events, 2, CreditModel.LAST).get(0));
    }

    @Test
    void rowsCreditAsTheEventsDoOnRandomJourneys() {
        Random random = new Random(23);
        int moves = 0;
        int longMoves = 0;
        for (int j = 0; j < 600; j++) {
            int stages = 2 + random.nextInt(4);
            List<AttributedEvent> events = new ArrayList<>();
            Instant at = T0;
            // runs of one stage, so that visits of many events with mixed channels are common; in one journey
            // of ten, runs long enough for moves of more than CreditKey.SHORT touchpoints
            int repeat = random.nextInt(10) == 0 ? 19 : 2;
            for (int i = 0, n = 1 + random.nextInt(repeat == 19 ? 120 : 40); i < n; i++) {
                at = at.plusSeconds(random.nextInt(4) == 0 ? 0 : random.nextInt(3 * 86_400));
                int stage = random.nextInt(repeat + 1) > 0 && !events.isEmpty() ? events.get(events.size() - 1).stage()
                        : random.nextInt(stages);
                events.add(new AttributedEvent("e" + i, at, "c" + random.nextInt(4), stage));
            }
            for (CreditModel model : BY_ROLE) {
                List<Map<String, Double>> fromRows = credit(events, stages, model);
                ChannelCredit fromEvents = new ChannelCredit(stages, model, Duration.ofDays(7));
                fromEvents.add(Journey.of(events).events(), Instant.MIN, Instant.MAX, Duration.ofDays(365 * 100));
                for (int s = 0; s < stages; s++) {
                    Map<String, Double> expected = new TreeMap<>();
                    fromEvents.stage(s).forEach(r -> expected.put(r.channel(), r.advancement() + r.loopBack()));
                    assertEquals(expected.keySet(), fromRows.get(s).keySet(), model + " stage " + s);
                    for (String channel : expected.keySet()) {
                        assertEquals(expected.get(channel), fromRows.get(s).get(channel), 1e-9,
                                model + " stage " + s + " " + channel);
                    }
                }
            }
            List<Visit> visits = Journey.of(events).visits(stages);
            moves += (int) visits.stream().filter(v -> v.nextStage() != null).count();
            longMoves += (int) visits.stream().filter(v -> v.nextStage() != null && v.eventCount() >= CreditKey.SHORT)
                    .count();
        }
        assertTrue(moves > 2000, "moves: " + moves);
        assertTrue(longMoves > 20, "moves of more than " + CreditKey.SHORT + " touchpoints: " + longMoves);
    }

    @Test
    void theTallyOfMiddleChannelsRoundTrips() {
        Map<String, Integer> counts = Map.of("web", 2, "email", 1, "a.b:c-d_e", 7);
        String tally = CreditKey.tally(counts);
        assertEquals("a.b:c-d_e 7 email 1 web 2", tally);
        assertEquals(new TreeMap<>(counts), CreditKey.counts(tally));
        assertEquals("", CreditKey.tally(Map.of()));
        assertTrue(CreditKey.counts("").isEmpty());
        assertTrue(CreditKey.counts(null).isEmpty());
    }

    @Test
    void aVisitWithoutSuccessorCountsNowhere() {
        List<Visit> visits = Journey.of(List.of(new AttributedEvent("1", T0, "web", 0),
                new AttributedEvent("2", T0.plusSeconds(1), "tv", 0))).visits(2);
        List<CreditKey> keys = new ArrayList<>();
        CreditKey.contribute(visits.get(0), (key, values) -> keys.add(key));
        assertFalse(visits.isEmpty());
        assertEquals(List.of(), keys);
    }

    /** Per stage, each channel's credit (advancement plus loop-back) from the rows of the journey's visits. */
    private static List<Map<String, Double>> credit(List<AttributedEvent> events, int stages, CreditModel model) {
        ChannelCredit credit = new ChannelCredit(stages, model, null);
        Map<CreditKey, long[]> rows = new HashMap<>();
        for (Visit v : Journey.of(events).visits(stages)) {
            CreditKey.contribute(v, (key, values) -> {
                long[] sum = rows.computeIfAbsent(key, k -> new long[CreditKey.VALUES]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += values[i];
                }
            });
        }
        rows.forEach((key, values) -> credit.addRow(key.stage(), key.nextStage() > key.stage(), key.channel(),
                key.touchpoints(), values));
        List<Map<String, Double>> byStage = new ArrayList<>();
        for (int s = 0; s < stages; s++) {
            Map<String, Double> channels = new TreeMap<>();
            credit.stage(s).forEach(r -> channels.put(r.channel(), r.advancement() + r.loopBack()));
            byStage.add(channels);
        }
        return byStage;
    }
}

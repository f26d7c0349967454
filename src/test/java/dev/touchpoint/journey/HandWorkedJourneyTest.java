package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.credit.ChannelCredit;
import dev.touchpoint.journey.credit.CreditModel;
import dev.touchpoint.journey.credit.MarkovCredit;
import dev.touchpoint.journey.credit.MarkovPath;


/** Small cases worked out by hand (and written up in docs/design/analysis-metrics.md) for the journey classes. */
class HandWorkedJourneyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = T0.plus(Duration.ofDays(60));

    private static AttributedEvent at(String id, double hours, int stage, String channel) {
        return new AttributedEvent(id, T0.plusSeconds((long) (hours * 3600)), channel, stage);
    }

    @Test
    void aLaterStepFindsTheChainThatTheFirstNextEventMisses() {
        // A@0h B@2h B@20h C@40h, step windows P1D,P1D: B@2h is 38h from C, B@20h only 20h.
        List<AttributedEvent> events = Journey.of(List.of(at("a", 0, 0, "tiktok"), at("b1", 2, 1, "web"),
                at("b2", 20, 1, "email"), at("c", 40, 2, "store"))).events();
        StepBounds bounds = StepBounds.of(Duration.ofDays(30), List.of(Duration.ofDays(1), Duration.ofDays(1)), 3);
        FunnelChain chain = new ChainSearch(events, 3, bounds, false).earliestChain(T0, END);
        assertEquals(3, chain.level());
        assertEquals(List.of("a", "b2", "c"), chain.events().stream().map(AttributedEvent::eventId).toList());
        assertEquals(Duration.ofHours(20), chain.timeToStep(2));
        TimeToConvert times = new TimeToConvert(3);
        times.add(chain);
        assertEquals(new TimeToConvert.Bucket(Duration.ofDays(1), 1), times.step(2).get(5)); // [6h, 1d)
        assertEquals(null, times.step(1));
        assertEquals(11, times.step(3).size());
    }

    @Test
    void skipModeSumsTheStepWindowsItJumpsOver() {
        List<AttributedEvent> events = Journey.of(List.of(at("a", 0, 0, "web"), at("c", 1.5, 2, "web"))).events();
        StepBounds bounds = StepBounds.of(Duration.ofDays(30), List.of(Duration.ofHours(1), Duration.ofHours(1)), 3);
        assertEquals(1, new ChainSearch(events, 3, bounds, false).level(T0, END));
        FunnelChain skip = new ChainSearch(events, 3, bounds, true).earliestChain(T0, END);
        assertEquals(3, skip.level());
        assertEquals(Duration.ofMinutes(90), skip.timeToStep(2));
        assertEquals(Duration.ofMinutes(90), skip.timeToStep(3));
    }

    @Test
    void bucketEdgesAreExclusiveUpperBounds() {
        assertEquals(0, TimeToConvert.bucketOf(Duration.ofSeconds(59)));
        assertEquals(1, TimeToConvert.bucketOf(Duration.ofMinutes(1)));
        assertEquals(10, TimeToConvert.bucketOf(Duration.ofDays(30)));
    }

    @Test
    void stepWindowsAreCheckedForCountAndSign() {
        assertThrows(IllegalArgumentException.class, () -> StepBounds.of(Duration.ofDays(1), List.of(Duration.ofHours(1)), 3));
        assertThrows(IllegalArgumentException.class,
                () -> StepBounds.of(Duration.ofDays(1), List.of(Duration.ofHours(1), Duration.ZERO), 3));
    }

    @Test
    void ruleModelWeights() {
        List<Instant> times = List.of(T0, T0.plus(Duration.ofDays(7)), T0.plus(Duration.ofDays(14)));
        Duration week = Duration.ofDays(7);
        assertArrayEquals(new double[] {1, 0, 0}, CreditModel.FIRST.weights(times, week));
        assertArrayEquals(new double[] {0, 0, 1}, CreditModel.LAST.weights(times, week));
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, CreditModel.LINEAR.weights(times, week), 1e-15);
        assertArrayEquals(new double[] {0.4, 0.2, 0.4}, CreditModel.POSITION.weights(times, week), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, CreditModel.POSITION.weights(times.subList(0, 2), week));
        // Raw weights 1/4, 1/2, 1 normalised by 7/4.
        assertArrayEquals(new double[] {1 / 7.0, 2 / 7.0, 4 / 7.0}, CreditModel.TIME_DECAY.weights(times, week), 1e-15);
        assertEquals(CreditModel.TIME_DECAY, CreditModel.fromApiName("timeDecay"));
        assertEquals(null, CreditModel.fromApiName("markov"));
    }

    @Test
    void aLoopBackCreditsTheVisitsEventsAndTheSuccessorsFirst() {
        // Stage 1 visit (email, web) loops back to stage 0 by tiktok: linear gives a third each.
        List<AttributedEvent> events = Journey.of(List.of(at("1", 0, 1, "email"), at("2", 1, 1, "web"),
                at("3", 2, 0, "tiktok"), at("4", 3, 0, "web"))).events();
        ChannelCredit credit = new ChannelCredit(2, CreditModel.LINEAR, Duration.ofDays(7));
        credit.add(events, T0, END, Duration.ofDays(1));
        List<ChannelCredit.Row> rows = credit.stage(1);
        assertEquals(3, rows.size());
        rows.forEach(row -> assertEquals(1 / 3.0, row.loopBack(), 1e-15));
        rows.forEach(row -> assertEquals(null, row.advancementShare()));
        assertEquals(List.of(), credit.stage(0)); // the last visit stalls: no credit
    }

    @Test
    void markovRemovalEffectsOfThreePaths() {
        // START>a>CONV, START>b>NULL, START>a>b>CONV: P = 2/3; without a 1/6, without b 1/3.
        MarkovCredit markov = new MarkovCredit();
        markov.add(new MarkovPath(List.of("a"), true));
        markov.add(new MarkovPath(List.of("b"), false));
        markov.add(new MarkovPath(List.of("a", "b"), true));
        assertEquals(2 / 3.0, markov.conversionProbability(), 1e-15);
        List<MarkovCredit.Row> rows = markov.channels();
        assertEquals("a", rows.get(0).channel());
        assertEquals(0.75, rows.get(0).removalEffect(), 1e-15);
        assertEquals(0.6, rows.get(0).share(), 1e-15);
        assertEquals(0.5, rows.get(1).removalEffect(), 1e-15);
        assertEquals(0.4, rows.get(1).share(), 1e-15);
    }

    @Test
    void markovPathStopsAtTheFirstTargetEventAndCollapsesRepeats() {
        List<AttributedEvent> events = Journey.of(List.of(at("1", 0, 0, "tiktok"), at("2", 1, 0, "tiktok"),
                at("3", 2, 1, "web"), at("4", 3, 2, "store"), at("5", 4, 0, "email"))).events();
        assertEquals(new MarkovPath(List.of("tiktok", "web", "store"), true), MarkovPath.of(events, T0, END, 2));
        assertEquals(new MarkovPath(List.of("tiktok"), false), MarkovPath.of(events, T0, T0.plusSeconds(3600), 2));
    }
}

package dev.touchpoint.analytics;

import static dev.touchpoint.analytics.MetricsMatchReferenceTest.exact;
import static dev.touchpoint.analytics.MetricsMatchReferenceTest.instant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code /channels} against {@link ReferenceMetrics} (rule models written out there, markov solved
 * there by value iteration) over random journeys posted in random order through the API: every
 * stage's and the funnel's credit per channel, their shares, and that the credits add up to the
 * flow endpoint's forward and loop-back visits.
 */
@QuarkusTest
class ChannelCreditMatchesReferenceTest {

    private static final int STAGES = 4;
    private static final String[] CHANNELS = { "tiktok", "email", "store", "web", "tv" };
    private static final Instant DAY_0 = Instant.parse("2025-06-01T00:00:00Z");
    private static final double EPS = 1e-9;

    @Inject
    DataSource db;

    @Test
    void everyModelMatchesTheReference() {
        Random random = new Random(16);
        String prefix = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String funnel = Funnels.uniqueId("credit");
        Funnels.create(Funnels.definition(funnel, prefix, STAGES));
        Funnels.awaitBackfillDone(funnel);

        // Each customer's events in time order; the first two thirds are posted in random order, the
        // rest afterwards in time order, so that stored visits grow and gain successors from their rows.
        Map<String, List<AttributedEvent>> early = new HashMap<>();
        Map<String, List<AttributedEvent>> journeys = new HashMap<>();
        List<String[]> posts = new ArrayList<>();
        List<String[]> later = new ArrayList<>();
        for (int c = 0; c < 250; c++) {
            String customer = prefix + "-c" + c;
            Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            // A few customers with runs of 22 events of one stage: moves of more than CreditKey.SHORT touchpoints.
            boolean runs = c < 5;
            for (int i = 0, n = runs ? 70 : 1 + random.nextInt(14); i < n; i++) {
                // Ties, gaps of minutes to days, some of weeks; repeats of a stage make visits of several events.
                int gap = random.nextInt(20);
                t = t.plus(runs ? Duration.ofMinutes(random.nextInt(600)) : gap < 4 ? Duration.ofDays(random.nextInt(3))
                        : gap < 6 ? Duration.ofDays(8 + random.nextInt(20))
                        : Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                String id = customer + "-e" + i;
                String channel = CHANNELS[random.nextInt(CHANNELS.length)];
                int stage = runs ? i / 22 % STAGES : random.nextInt(STAGES + 1) - 1; // -1: a type no rule matches
                boolean first = 3 * i < 2 * n;
                (first ? posts : later).add(new String[] { customer, id, stage < 0 ? prefix + "_none"
                        : prefix + "_" + (stage + 1), channel, t.toString() });
                if (stage >= 0) {
                    AttributedEvent event = new AttributedEvent(id, t, channel, stage);
                    journeys.computeIfAbsent(customer, k -> new ArrayList<>()).add(event);
                    if (first) {
                        early.computeIfAbsent(customer, k -> new ArrayList<>()).add(event);
                    }
                }
            }
        }
        Collections.shuffle(posts, random);
        MetricsMatchReferenceTest.postAndAwait(funnel, STAGES, posts, early);
        later.sort(Comparator.comparing(p -> Instant.parse(p[4])));
        MetricsMatchReferenceTest.postAndAwait(funnel, STAGES, later, journeys);
        FlowRollupCheck.assertRollupMatchesVisits(db, funnel);

        // The whole month, and ranges that cut journeys at both ends at odd instants: more than half a day
        // at each end (credited as whole days less the rest of those days), then less.
        String[][] ranges = { { "2025-06-01", "2025-07-01" }, { "2025-06-04T07:15:00Z", "2025-06-19T13:45:30.500Z" },
            { "2025-06-03T19:20:00Z", "2025-06-17T05:30:00Z" } };
        String[][] models = { { "first", null }, { "last", null }, { "linear", null }, { "position", null },
                { "timeDecay", null }, { "timeDecay", "PT12H" } };
        int loopBacks = 0;
        for (String[] range : ranges) {
            Instant from = instant(range[0]);
            Instant to = instant(range[1]);
            for (String window : new String[] { "P1D", "PT36H", "P30D" }) {
                JsonPath flow = MetricsMatchReferenceTest.flow(funnel, range[0], range[1], window);
                for (String[] model : models) {
                    Duration halfLife = model[1] == null ? Duration.ofDays(7) : Duration.parse(model[1]);
                    List<Map<String, double[]>> expected = ReferenceMetrics.ruleCredit(journeys, STAGES, from, to,
                            Duration.parse(window), model[0], halfLife);
                    JsonPath actual = channels(funnel, range[0], range[1], window, model[0], model[1]);
                    String what = model[0] + (model[1] == null ? "" : " " + model[1]) + " " + range[0] + ".." + range[1]
                            + " " + window;
                    assertEquals(model[0], actual.getString("model"), what);
                    assertCredit(expected, actual, flow, what);
                }
                loopBacks += flow.getList("stages.loopBack", Long.class).stream().mapToLong(Long::longValue).sum();
            }
            for (String target : new String[] { null, "s2" }) {
                int targetStage = target == null ? STAGES - 1 : 1;
                assertMarkov(ReferenceMetrics.markov(journeys, from, to, targetStage), markov(funnel, range[0], range[1],
                        target), "s" + (targetStage + 1), "markov " + target + " " + range[0] + ".." + range[1]);
            }
        }
        assertTrue(loopBacks > 0, "the journeys must hold loop-backs");
    }

    private static JsonPath channels(String funnel, String from, String to, String window, String model, String halfLife) {
        var request = exact().queryParam("from", from).queryParam("to", to).queryParam("window", window)
                .queryParam("model", model);
        if (halfLife != null) {
            request = request.queryParam("halfLife", halfLife);
        }
        return request.get("/v1/funnels/{id}/channels", funnel).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath markov(String funnel, String from, String to, String target) {
        var request = exact().queryParam("from", from).queryParam("to", to).queryParam("model", "markov");
        if (target != null) {
            request = request.queryParam("target", target);
        }
        return request.get("/v1/funnels/{id}/channels", funnel).then().statusCode(200).extract().jsonPath();
    }

    private static void assertCredit(List<Map<String, double[]>> expected, JsonPath actual, JsonPath flow, String what) {
        Map<String, double[]> expectedTotal = new HashMap<>();
        for (int s = 0; s < STAGES; s++) {
            String path = "stages[" + s + "]";
            assertEquals("s" + (s + 1), actual.getString(path + ".stage"), what);
            expected.get(s).forEach((channel, credit) -> {
                double[] sum = expectedTotal.computeIfAbsent(channel, k -> new double[2]);
                sum[0] += credit[0];
                sum[1] += credit[1];
            });
            double[] sums = assertChannels(expected.get(s), actual, path + ".channels", what);
            assertEquals(flow.getLong(path + ".forward"), sums[0], EPS, what + " " + path + " advancement = forward");
            assertEquals(flow.getLong(path + ".loopBack"), sums[1], EPS, what + " " + path + " loopBack = loopBack");
        }
        double[] sums = assertChannels(expectedTotal, actual, "total.channels", what);
        long forward = flow.getList("stages.forward", Long.class).stream().mapToLong(Long::longValue).sum();
        long loopBack = flow.getList("stages.loopBack", Long.class).stream().mapToLong(Long::longValue).sum();
        assertEquals(forward, sums[0], EPS, what + " total advancement");
        assertEquals(loopBack, sums[1], EPS, what + " total loopBack");
    }

    /** One list of channel rows against the reference's credits; returns the list's advancement and loop-back sums. */
    private static double[] assertChannels(Map<String, double[]> expected, JsonPath actual, String path, String what) {
        List<Map<String, Object>> rows = actual.getList(path);
        assertEquals(expected.keySet(), rows.stream().map(r -> (String) r.get("channel")).collect(Collectors.toSet()),
                what + " " + path + " channels");
        assertEquals(expected.size(), rows.size(), what + " " + path + " one row per channel");
        double advancement = 0;
        double loopBack = 0;
        for (Map<String, Object> row : rows) {
            advancement += ((Number) row.get("advancement")).doubleValue();
            loopBack += ((Number) row.get("loopBack")).doubleValue();
        }
        for (Map<String, Object> row : rows) {
            String channel = (String) row.get("channel");
            String at = what + " " + path + " " + channel;
            double a = ((Number) row.get("advancement")).doubleValue();
            double l = ((Number) row.get("loopBack")).doubleValue();
            assertEquals(expected.get(channel)[0], a, EPS, at + " advancement");
            assertEquals(expected.get(channel)[1], l, EPS, at + " loopBack");
            assertShare(advancement, a, row.get("advancementShare"), at + " advancementShare");
            assertShare(loopBack, l, row.get("loopBackShare"), at + " loopBackShare");
        }
        return new double[] { advancement, loopBack };
    }

    private static void assertShare(double total, double part, Object share, String what) {
        if (total == 0) {
            assertNull(share, what);
        } else {
            assertEquals(part / total, ((Number) share).doubleValue(), EPS, what);
        }
    }

    private static void assertMarkov(Map<String, Double> expected, JsonPath actual, String target, String what) {
        assertEquals("markov", actual.getString("model"), what);
        assertEquals(target, actual.getString("target"), what);
        List<Map<String, Object>> rows = actual.getList("channels");
        assertEquals(expected.size() - 1, rows.size(), what + " channels");
        assertTrue(expected.get(null) > 0, what + ": some paths must convert");
        double shares = 0;
        for (Map<String, Object> row : rows) {
            String channel = (String) row.get("channel");
            assertEquals(expected.get(channel), ((Number) row.get("removalEffect")).doubleValue(), EPS,
                    what + " " + channel);
            shares += ((Number) row.get("share")).doubleValue();
        }
        assertEquals(1.0, shares, EPS, what + " shares");
    }
}

package dev.touchpoint.analytics;

import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.support.ConversionCellsCheck;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint against {@link ReferenceMetrics}, a plain and obviously correct computation
 * of docs/metrics.md, over a few thousand random events of a few hundred customers posted in random
 * order through the API: loop-backs, skipped stages, ties, events outside the funnel.
 */
@QuarkusTest
class MetricsMatchReferenceTest {

    @Inject
    DataSource db;

    private static final int STAGES = 4;
    private static final String[] CHANNELS = { "tiktok", "email", "store", "web" };
    private static final Instant DAY_0 = Instant.parse("2025-06-01T00:00:00Z");

    @Test
    void everyEndpointMatchesTheReference() {
        Random random = new Random(42);
        String prefix = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String funnel = Funnels.uniqueId("ref");
        Funnels.create(Funnels.definition(funnel, prefix, STAGES));
        Funnels.awaitBackfillDone(funnel);

        Map<String, List<AttributedEvent>> journeys = new HashMap<>();
        List<String[]> posts = new ArrayList<>();
        for (int c = 0; c < 300; c++) {
            String customer = prefix + "-c" + c;
            int n = 1 + random.nextInt(12);
            Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            for (int i = 0; i < n; i++) {
                // Gaps from zero (ties) to a few days, some landing exactly on whole days, and a
                // few of weeks: a later start may then reach higher within P30D than an earlier one.
                int gap = random.nextInt(20);
                t = t.plus(gap < 4 ? Duration.ofDays(random.nextInt(3))
                        : gap < 7 ? Duration.ofDays(8 + random.nextInt(20))
                        : Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                String id = customer + "-e" + i;
                String channel = CHANNELS[random.nextInt(CHANNELS.length)];
                int stage = random.nextInt(STAGES + 1) - 1; // -1: a type no rule matches
                String type = stage < 0 ? prefix + "_none" : prefix + "_" + (stage + 1);
                posts.add(new String[] { customer, id, type, channel, t.toString() });
                if (stage >= 0) {
                    journeys.computeIfAbsent(customer, k -> new ArrayList<>()).add(new AttributedEvent(id, t, channel, stage));
                }
            }
        }
        // Journeys of rounds, each a start climbing to a random level: a start whose earlier start
        // reaches as high and whose later start reaches higher is linked both ways, which counts in
        // four conversion cells at once.
        for (int c = 300; c < 380; c++) {
            String customer = prefix + "-c" + c;
            Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            for (int round = 0, rounds = 2 + random.nextInt(5); round < rounds; round++) {
                t = t.plus(Duration.ofMinutes(random.nextInt(12 * 24 * 60)));
                for (int stage = 0, level = 1 + random.nextInt(STAGES); stage < level; stage++) {
                    t = t.plus(Duration.ofMinutes(random.nextInt(2 * 24 * 60)));
                    String id = customer + "-r" + round + "s" + stage;
                    String channel = CHANNELS[random.nextInt(CHANNELS.length)];
                    posts.add(new String[] { customer, id, prefix + "_" + (stage + 1), channel, t.toString() });
                    journeys.computeIfAbsent(customer, k -> new ArrayList<>()).add(new AttributedEvent(id, t, channel, stage));
                }
            }
        }
        Collections.shuffle(posts, random);
        // Two rounds, the second stored only after the first: journeys stored in the first are
        // recomputed in the second, so their stored visits (and rollup rows) are replaced.
        List<String[]> firstRound = posts.subList(0, posts.size() / 2);
        Set<String> firstIds = firstRound.stream().map(p -> p[1]).collect(Collectors.toSet());
        Map<String, List<AttributedEvent>> firstJourneys = new HashMap<>();
        journeys.forEach((customer, events) -> events.stream().filter(e -> firstIds.contains(e.eventId()))
                .forEach(e -> firstJourneys.computeIfAbsent(customer, k -> new ArrayList<>()).add(e)));
        postAndAwait(funnel, STAGES, firstRound, firstJourneys);
        postAndAwait(funnel, STAGES, posts.subList(posts.size() / 2, posts.size()), journeys);

        FlowRollupCheck.assertRollupMatchesVisits(db, funnel);
        assertTrue(startsLinkedBothWays(funnel) > 0, "the journeys must hold starts linked both ways");
        ConversionCellsCheck.assertCellsMatchStarts(db, funnel);
        // Whole days (the daily rollup), partial days around whole ones (rollup and visits), and
        // part of one day (visits only); windows the rollup's buckets answer and one they don't.
        // Conversion takes a partial end's whole day when it is the longer part of that day (the
        // fourth range), leaves it out when it is the shorter (the sixth), and takes both whole
        // when leaving them out would leave no whole day (the fifth and the last).
        String[][] ranges = { { "2025-06-01", "2025-07-01" }, { "2025-05-20", "2025-08-20" }, { "2025-06-05", "2025-06-12" },
                { "2025-06-04T07:15:00Z", "2025-06-19T13:45:30.500Z" }, { "2025-06-03T06:30:00Z", "2025-06-03T18:00:00Z" },
                { "2025-06-04T20:00:00Z", "2025-06-19T05:30:00Z" }, { "2025-06-03T22:00:00Z", "2025-06-04T02:00:00Z" } };
        for (String[] range : ranges) {
            Instant from = instant(range[0]);
            Instant to = instant(range[1]);
            for (String window : new String[] { "PT5H", "P1D", "PT36H", "P3D", "P30D" }) {
                Duration w = Duration.parse(window);
                JsonPath flow = flow(funnel, range[0], range[1], window);
                assertFlow(ReferenceMetrics.flow(journeys, STAGES, from, to, w), flow,
                        "flow " + range[0] + ".." + range[1] + " " + window);
                assertStallSplit(ReferenceMetrics.stallSplit(journeys, STAGES, from, to, w), flow, "stages",
                        "flow " + range[0] + ".." + range[1] + " " + window);
                for (boolean skip : new boolean[] { false, true }) {
                    ReferenceMetrics.Conversion expected = ReferenceMetrics.conversion(journeys, STAGES, from, to, w, skip);
                    JsonPath actual = exact().queryParam("from", range[0]).queryParam("to", range[1])
                            .queryParam("window", window).queryParam("mode", skip ? "skip" : "strict")
                            .queryParam("breakdown", "channel").get("/v1/funnels/{id}/conversion", funnel)
                            .then().statusCode(200).extract().jsonPath();
                    assertConversion(expected, actual, "conversion " + (skip ? "skip " : "strict ") + range[0] + " " + window);
                    assertTimeToConvert(ReferenceMetrics.timeToConvert(journeys, STAGES, from, to, w, skip), actual,
                            "time to convert " + (skip ? "skip " : "strict ") + range[0] + " " + window);
                }
            }
        }

        // Trends: each day's bucket is the flow of that day.
        JsonPath trends = exact().queryParam("from", "2025-06-01").queryParam("to", "2025-06-08")
                .queryParam("window", "P1D").queryParam("interval", "day").get("/v1/funnels/{id}/trends", funnel)
                .then().statusCode(200).extract().jsonPath();
        for (int d = 0; d < 7; d++) {
            Instant from = DAY_0.plus(Duration.ofDays(d));
            assertEquals(from.toString(), trends.getString("buckets[" + d + "].start"));
            ReferenceMetrics.Flow expected = ReferenceMetrics.flow(journeys, STAGES, from, from.plus(Duration.ofDays(1)),
                    Duration.ofDays(1));
            for (int s = 0; s < STAGES; s++) {
                assertStage(expected.stages().get(s), trends, "buckets[" + d + "].stages[" + s + "]", "trends day " + d);
            }
            assertStallSplit(ReferenceMetrics.stallSplit(journeys, STAGES, from, from.plus(Duration.ofDays(1)),
                    Duration.ofDays(1)), trends, "buckets[" + d + "].stages", "trends day " + d);
        }
    }

    private long startsLinkedBothWays(String funnel) {
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement("select count(*)"
                + " from funnel_start where funnel_id = ? and strict_prev_at is not null and strict_next_at is not null")) {
            ps.setString(1, funnel);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts the events ({customer, id, type, channel, timestamp} each) and waits until the flow of a
     * funnel of {@code stages} stages counts every visit of {@code journeys}.
     */
    static void postAndAwait(String funnel, int stages, List<String[]> posts, Map<String, List<AttributedEvent>> journeys) {
        Events events = new Events();
        posts.forEach(p -> events.add(p[0], p[1], p[2], p[3], p[4]));
        events.post();
        long expectedVisits = ReferenceMetrics.flow(journeys, stages, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"),
                Duration.ofDays(1)).stages().stream().mapToLong(ReferenceMetrics.StageFlow::visits).sum();
        await().atMost(Duration.ofSeconds(60)).until(() -> flow(funnel, "2025-01-01", "2026-01-01", "P1D")
                .getList("stages.visits", Long.class).stream().mapToLong(Long::longValue).sum() == expectedVisits);
    }

    /** Rates compared to the last bit: decimals parsed as double, not REST Assured's default float. */
    static RequestSpecification exact() {
        return reader().config(RestAssured.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)));
    }

    static JsonPath flow(String funnel, String from, String to, String window) {
        return exact().queryParam("from", from).queryParam("to", to).queryParam("window", window)
                .get("/v1/funnels/{id}/flow", funnel).then().statusCode(200).extract().jsonPath();
    }

    static Instant instant(String value) {
        return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
    }

    static void assertFlow(ReferenceMetrics.Flow expected, JsonPath actual, String what) {
        for (int s = 0; s < STAGES; s++) {
            assertStage(expected.stages().get(s), actual, "stages[" + s + "]", what);
        }
        Map<String, Long> expectedTransitions = new HashMap<>();
        expected.transitions().forEach((t, n) -> expectedTransitions.put("s" + (t.from() + 1) + ">s" + (t.to() + 1), n));
        Map<String, Long> actualTransitions = new HashMap<>();
        for (Map<String, Object> t : actual.<Map<String, Object>>getList("transitions")) {
            actualTransitions.put(t.get("from") + ">" + t.get("to"), ((Number) t.get("count")).longValue());
        }
        assertEquals(expectedTransitions, actualTransitions, what + " transitions");
    }

    /** {@code movedAfterWindow} and {@code noSuccessor} per stage, against the reference's split. */
    static void assertStallSplit(long[][] expected, JsonPath actual, String stagesPath, String what) {
        for (int s = 0; s < STAGES; s++) {
            String path = stagesPath + "[" + s + "]";
            assertEquals(expected[s][0], actual.getLong(path + ".movedAfterWindow"), what + " " + path + " movedAfterWindow");
            assertEquals(expected[s][1], actual.getLong(path + ".noSuccessor"), what + " " + path + " noSuccessor");
        }
    }

    static void assertStage(ReferenceMetrics.StageFlow e, JsonPath actual, String path, String what) {
        String at = what + " " + path;
        assertEquals(e.visits(), actual.getLong(path + ".visits"), at + " visits");
        assertEquals(e.forward(), actual.getLong(path + ".forward"), at + " forward");
        assertEquals(e.loopBack(), actual.getLong(path + ".loopBack"), at + " loopBack");
        assertEquals(e.stalled(), actual.getLong(path + ".stalled"), at + " stalled");
        assertEquals(e.conversionRate(), actual.get(path + ".conversionRate") == null ? null
                : actual.getDouble(path + ".conversionRate"), at + " conversionRate");
        assertEquals(e.loopBackRate(), actual.get(path + ".loopBackRate") == null ? null
                : actual.getDouble(path + ".loopBackRate"), at + " loopBackRate");
    }

    /** Every step's buckets, for all customers and per channel of the breakdown: the counts and the edges. */
    static void assertTimeToConvert(Map<String, long[][]> expected, JsonPath actual, String what) {
        List<String> edges = java.util.Arrays.asList("PT1M", "PT5M", "PT15M", "PT1H", "PT6H", "P1D", "P3D", "P7D", "P14D",
                "P30D", null);
        assertTrue(actual.get("steps[0].timeToConvert") == null, what + ": the first step has none");
        List<String> groups = new ArrayList<>(List.of(""));
        for (Map<String, Object> b : actual.<Map<String, Object>>getList("breakdown")) {
            groups.add((String) b.get("value"));
        }
        for (int g = 0; g < groups.size(); g++) {
            String prefix = g == 0 ? "" : "breakdown[" + (g - 1) + "].";
            long[][] counts = expected.getOrDefault(groups.get(g), new long[STAGES + 1][edges.size()]);
            for (int k = 2; k <= STAGES; k++) {
                String path = prefix + "steps[" + (k - 1) + "].timeToConvert";
                assertEquals(edges, actual.getList(path + ".upTo"), what + " " + path + " edges");
                List<Long> got = actual.<Number>getList(path + ".customers").stream().map(Number::longValue).toList();
                assertEquals(java.util.Arrays.stream(counts[k]).boxed().toList(), got, what + " " + groups.get(g) + " " + path);
            }
        }
    }

    static void assertConversion(ReferenceMetrics.Conversion expected, JsonPath actual, String what) {
        for (int k = 0; k < STAGES; k++) {
            ReferenceMetrics.Step step = expected.steps().get(k);
            assertEquals(step.customers(), actual.getLong("steps[" + k + "].customers"), what + " customers[" + (k + 1) + "]");
            assertEquals(step.stepConversionRate(), actual.get("steps[" + k + "].stepConversionRate") == null ? null
                    : actual.getDouble("steps[" + k + "].stepConversionRate"), what + " step rate " + (k + 1));
            assertEquals(step.overallConversionRate(), actual.get("steps[" + k + "].overallConversionRate") == null ? null
                    : actual.getDouble("steps[" + k + "].overallConversionRate"), what + " overall rate " + (k + 1));
        }
        Map<String, long[]> expectedByChannel = new HashMap<>();
        expected.levelByCustomer().forEach((customer, level) -> {
            long[] atLeast = expectedByChannel.computeIfAbsent(expected.channelByCustomer().get(customer), k -> new long[STAGES]);
            for (int k = 0; k < level; k++) {
                atLeast[k]++;
            }
        });
        Map<String, long[]> actualByChannel = new HashMap<>();
        for (Map<String, Object> b : actual.<Map<String, Object>>getList("breakdown")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> steps = (List<Map<String, Object>>) b.get("steps");
            actualByChannel.put((String) b.get("value"),
                    steps.stream().mapToLong(s -> ((Number) s.get("customers")).longValue()).toArray());
        }
        assertEquals(expectedByChannel.keySet(), actualByChannel.keySet(), what + " breakdown channels");
        expectedByChannel.forEach((channel, counts) -> assertEquals(java.util.Arrays.toString(counts),
                java.util.Arrays.toString(actualByChannel.get(channel)), what + " breakdown " + channel));
    }
}

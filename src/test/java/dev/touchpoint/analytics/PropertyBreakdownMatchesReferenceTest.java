package dev.touchpoint.analytics;

import static dev.touchpoint.analytics.MetricsMatchReferenceTest.exact;
import static dev.touchpoint.analytics.MetricsMatchReferenceTest.instant;
import static dev.touchpoint.support.Api.admin;
import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code breakdown=property:NAME} with {@code limit} and the {@code other} group against
 * {@link ReferenceMetrics}' grouping, over random journeys whose events carry a random property
 * (strings, numbers, booleans, null, absent, objects, arrays), posted in random order: flow,
 * trends and conversion (strict and skip, the default window and others, ranges that cut
 * journeys) per group, the groups adding up to the totals; and a property equal to the channel
 * answering exactly as {@code breakdown=channel}, medians included.
 */
@QuarkusTest
class PropertyBreakdownMatchesReferenceTest {

    @Inject
    DataSource db;

    private static final int STAGES = 4;
    private static final String[] CHANNELS = { "tiktok", "email", "store", "web" };
    private static final Instant DAY_0 = Instant.parse("2025-06-01T00:00:00Z");
    private static final String ABSENT = "(absent)";
    /** The property's JSON text and the value a breakdown groups it by; the first ones most often. */
    private static final String[][] VALUES = { { "\"bf26\"", "bf26" }, { "7", "7" }, { "\"7\"", "7" },
            { "\"spring, \\\"26\\\"\"", "spring, \"26\"" }, { "true", "true" }, { ABSENT, null }, { "2.5", "2.5" },
            { "null", null }, { "{\"a\":1}", null }, { "false", "false" }, { "[1,2]", null }, { "\"\"", "" },
            { "-3", "-3" }, { "\"Zeta\"", "Zeta" }, longest("y", 500), longest("z", 501), longest("w", 2_000) };

    /** A string value of {@code length} characters: up to the longest a dimension rollup key holds, or beyond. */
    private static String[] longest(String c, int length) {
        return new String[] { "\"" + c.repeat(length) + "\"", c.repeat(length) };
    }

    @Test
    void everyGroupMatchesTheReference() {
        Random random = new Random(7);
        String prefix = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String funnel = Funnels.uniqueId("prop");
        Funnels.create(Funnels.definition(funnel, prefix, STAGES));
        Funnels.awaitBackfillDone(funnel);

        Map<String, List<AttributedEvent>> journeys = new HashMap<>();
        Map<String, String> valueById = new HashMap<>();
        List<String[]> posts = new ArrayList<>();
        for (int c = 0; c < 260; c++) {
            String customer = prefix + "-c" + c;
            Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
                int gap = random.nextInt(20);
                t = t.plus(gap < 4 ? Duration.ofDays(random.nextInt(3))
                        : gap < 7 ? Duration.ofDays(8 + random.nextInt(20))
                        : Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                int stage = random.nextInt(STAGES + 1) - 1; // -1: a type no rule matches
                add(posts, journeys, valueById, random, customer, customer + "-e" + i, stage, prefix, t);
            }
        }
        // Rounds climbing to a random level: starts linked both ways at the default window.
        for (int c = 260; c < 330; c++) {
            String customer = prefix + "-c" + c;
            Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            for (int round = 0, rounds = 2 + random.nextInt(5); round < rounds; round++) {
                t = t.plus(Duration.ofMinutes(random.nextInt(12 * 24 * 60)));
                for (int stage = 0, level = 1 + random.nextInt(STAGES); stage < level; stage++) {
                    t = t.plus(Duration.ofMinutes(random.nextInt(2 * 24 * 60)));
                    add(posts, journeys, valueById, random, customer, customer + "-r" + round + "s" + stage, stage, prefix, t);
                }
            }
        }
        Collections.shuffle(posts, random);
        // Two rounds: journeys stored in the first are recomputed in the second.
        post(posts.subList(0, posts.size() / 2));
        post(posts.subList(posts.size() / 2, posts.size()));
        long expectedVisits = ReferenceMetrics.visitEntries(journeys, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                .size();
        await().atMost(Duration.ofSeconds(60)).until(() -> MetricsMatchReferenceTest.flow(funnel, "2025-01-01",
                "2026-01-01", "P1D").getList("stages.visits", Long.class).stream().mapToLong(Long::longValue)
                .sum() == expectedVisits);

        Function<AttributedEvent, String> valueOf = e -> valueById.get(e.eventId());
        Map<List<String>, Object> undeclared = new HashMap<>();
        String[][] ranges = { { "2025-06-01", "2025-07-01" }, { "2025-06-04T07:15:00Z", "2025-06-19T13:45:30.500Z" },
                { "2025-06-03T06:30:00Z", "2025-06-03T18:00:00Z" } };
        for (String[] range : ranges) {
            Instant from = instant(range[0]);
            Instant to = instant(range[1]);
            for (String window : new String[] { "P1D", "P3D", "P30D" }) {
                Duration w = Duration.parse(window);
                for (Integer limit : new Integer[] { 3, null }) {
                    String what = range[0] + ".." + range[1] + " " + window + " limit " + limit;
                    Tree flow = query(funnel, "flow", range[0], range[1], window, "property:p", limit).get();
                    undeclared.put(List.of("flow", range[0], range[1], window, "property:p", String.valueOf(limit)),
                            flow.root());
                    assertFlowGroups(journeys, valueOf, from, to, w, flow, limit == null ? 25 : limit, "flow " + what);
                    for (boolean skip : new boolean[] { false, true }) {
                        Tree conversion = query(funnel, "conversion", range[0], range[1], window, "property:p", limit)
                                .mode(skip).get();
                        assertConversionGroups(ReferenceMetrics.conversion(journeys, STAGES, from, to, w, skip, valueOf),
                                conversion, limit == null ? 25 : limit, "conversion " + (skip ? "skip " : "strict ") + what);
                        // The totals are the plain answer's, medians included (both exact here).
                        Tree plain = query(funnel, "conversion", range[0], range[1], window, null, null).mode(skip).get();
                        assertEquals(plain.getList("steps"), conversion.getList("steps"), what + " totals");
                        // Under step windows no chain can break, the journeys read back give the same groups.
                        Tree stepped = query(funnel, "conversion", range[0], range[1], window, "property:p", limit)
                                .mode(skip).stepWindows("P365D,P365D,P365D").get();
                        assertEquals(conversion.get("steps"), stepped.get("steps"), what + " step windows, totals");
                        assertEquals(conversion.get("breakdown"), stepped.get("breakdown"), what + " step windows, groups");
                    }
                }
                // A property equal to the channel answers as breakdown=channel, medians included.
                for (String endpoint : new String[] { "flow", "conversion" }) {
                    for (boolean skip : new boolean[] { false, true }) {
                        Map<Object, Object> byChannel = groupsByValue(query(funnel, endpoint, range[0], range[1], window,
                                "channel", null).mode(skip).get());
                        Tree answer = query(funnel, endpoint, range[0], range[1], window, "property:ch", 100).mode(skip)
                                .get();
                        undeclared.put(List.of(endpoint, range[0], range[1], window, "property:ch", "100", "" + skip),
                                answer.root());
                        Map<Object, Object> byProperty = groupsByValue(answer);
                        assertEquals(byChannel, byProperty, endpoint + " by ch " + range[0] + " " + window);
                    }
                }
            }
        }

        // Trends: groups by the visits of the whole range, each day's bucket the flow of that day.
        for (Integer limit : new Integer[] { 2, 4 }) {
            Tree trends = query(funnel, "trends", "2025-06-01", "2025-06-08", "P1D", "property:p", limit)
                    .interval("day").get();
            undeclared.put(List.of("trends", String.valueOf(limit)), trends.root());
            ReferenceMetrics.Groups groups = groups(ReferenceMetrics.visitEntries(journeys, DAY_0,
                    DAY_0.plus(Duration.ofDays(7))), valueOf, limit);
            List<Predicate<AttributedEvent>> members = members(groups, valueOf);
            assertGroupHeads(groups, trends, "trends limit " + limit);
            for (int g = 0; g < members.size(); g++) {
                for (int d = 0; d < 7; d++) {
                    Instant from = DAY_0.plus(Duration.ofDays(d));
                    Instant to = from.plus(Duration.ofDays(1));
                    String at = "breakdown[" + g + "].buckets[" + d + "]";
                    assertEquals(from.toString(), trends.getString(at + ".start"));
                    ReferenceMetrics.Flow expected = ReferenceMetrics.flow(journeys, STAGES, from, to, Duration.ofDays(1),
                            members.get(g));
                    for (int s = 0; s < STAGES; s++) {
                        assertStage(expected.stages().get(s), trends, at + ".stages[" + s + "]", "trends limit " + limit);
                    }
                    assertStallSplit(ReferenceMetrics.stallSplit(journeys, STAGES, from, to, Duration.ofDays(1),
                            members.get(g)), trends, at + ".stages", "trends limit " + limit);
                }
            }
            assertAddUp(trends, "buckets[3].stages", g -> "breakdown[" + g + "].buckets[3].stages", "trends");
        }

        // Declared as dimensions, the same properties answer the same, from the values attribution
        // now keeps on the visits (re-attributed like a rule change).
        admin().body(withDimensions(Funnels.definition(funnel, prefix, STAGES), "[\"ch\",\"p\"]"))
                .put("/v1/funnels/{id}", funnel).then().statusCode(200).body("version", equalTo(2));
        Funnels.awaitBackfillDone(funnel);
        assertEquals(0, count("select count(*) from funnel_visit where funnel_id = ? and (dim_1 is null or dim_1 <> channel"
                + " or dim_3 is not null)", funnel), "dim_1 holds the property ch, the channel");
        assertTrue(count("select count(*) from funnel_visit where funnel_id = ? and dim_2 is not null", funnel) > 0,
                "dim_2 holds the property p");
        undeclared.forEach((key, answer) -> {
            Tree declared = key.get(0).equals("trends")
                    ? query(funnel, "trends", "2025-06-01", "2025-06-08", "P1D", "property:p", Integer.valueOf(key.get(1)))
                            .interval("day").get()
                    : query(funnel, key.get(0), key.get(1), key.get(2), key.get(3), key.get(4),
                            key.get(5).equals("null") ? null : Integer.valueOf(key.get(5)))
                            .mode(key.size() > 6 && Boolean.parseBoolean(key.get(6))).get();
            assertEquals(answer, declared.root(), "declared as a dimension: " + key);
        });
        FlowRollupCheck.assertRollupMatchesVisits(db, funnel);

        // Events arriving after the declaration, late and in order: the consumer rewrites and extends
        // stored visits, and what it removes from the dimension rollup comes from the stored rows.
        List<String[]> late = new ArrayList<>();
        for (int c = 0; c < 330; c += 2) {
            String customer = prefix + "-c" + c;
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(30 * 24 * 60)));
                add(late, journeys, valueById, random, customer, customer + "-late" + i, random.nextInt(STAGES), prefix, t);
            }
        }
        Collections.shuffle(late, random);
        post(late);
        long allVisits = ReferenceMetrics.visitEntries(journeys, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                .size();
        await().atMost(Duration.ofSeconds(60)).until(() -> MetricsMatchReferenceTest.flow(funnel, "2025-01-01",
                "2026-01-01", "P1D").getList("stages.visits", Long.class).stream().mapToLong(Long::longValue)
                .sum() == allVisits);
        FlowRollupCheck.assertRollupMatchesVisits(db, funnel);
        for (String[] range : ranges) {
            for (String window : new String[] { "P1D", "P30D", "PT36H" }) {
                Tree flow = query(funnel, "flow", range[0], range[1], window, "property:p", 100).get();
                assertFlowGroups(journeys, valueOf, instant(range[0]), instant(range[1]), Duration.parse(window), flow,
                        100, "declared, after late events: " + range[0] + ".." + range[1] + " " + window);
            }
        }
        Tree trends = query(funnel, "trends", "2025-06-01", "2025-06-08", "P1D", "property:p", 100).interval("day").get();
        for (int d = 0; d < 7; d++) {
            Instant from = DAY_0.plus(Duration.ofDays(d));
            ReferenceMetrics.Groups groups = groups(ReferenceMetrics.visitEntries(journeys, DAY_0,
                    DAY_0.plus(Duration.ofDays(7))), valueOf, 100);
            List<Predicate<AttributedEvent>> members = members(groups, valueOf);
            for (int g = 0; g < members.size(); g++) {
                ReferenceMetrics.Flow expected = ReferenceMetrics.flow(journeys, STAGES, from, from.plus(Duration.ofDays(1)),
                        Duration.ofDays(1), members.get(g));
                for (int s = 0; s < STAGES; s++) {
                    assertStage(expected.stages().get(s), trends, "breakdown[" + g + "].buckets[" + d + "].stages[" + s + "]",
                            "declared trends, after late events");
                }
            }
        }
    }

    private long count(String sql, String funnel) {
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, funnel);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** docs/design/analysis-metrics.md's example: bf26, bf26, 7, {} with limit=1. */
    @Test
    void handWorkedExample() {
        String prefix = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String funnel = Funnels.uniqueId("prop-hand");
        Funnels.create(Funnels.definition(funnel, prefix, 2));
        Funnels.awaitBackfillDone(funnel);
        String[] properties = { "{\"campaign\":\"bf26\"}", "{\"campaign\":\"bf26\"}", "{\"campaign\":7}", "{}" };
        Events events = new Events();
        for (int c = 0; c < properties.length; c++) {
            events.addWithProperties(prefix + "-c" + c, prefix + "-e" + c, prefix + "_1", "web",
                    "2026-03-0" + (c + 1) + "T10:00:00Z", properties[c]);
        }
        events.post();
        await().atMost(Duration.ofSeconds(30)).until(() -> MetricsMatchReferenceTest.flow(funnel, "2026-03-01",
                "2026-04-01", "P30D").getLong("stages[0].visits") == 4);

        String body = reader().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .queryParam("breakdown", "property:campaign").queryParam("limit", 1).get("/v1/funnels/{id}/flow", funnel)
                .then().statusCode(200).body("breakdown.value", contains("bf26", null))
                .body("breakdown.other", contains(false, true))
                .body("breakdown.stages.visits", contains(List.of(2, 0), List.of(2, 0)))
                .extract().asString();
        assertTrue(body.contains("\"value\":null,\"other\":true"), "null is written, not left out: " + body);
        reader().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .queryParam("breakdown", "property:campaign").queryParam("limit", 3).get("/v1/funnels/{id}/flow", funnel)
                .then().statusCode(200).body("breakdown.value", contains("bf26", "7", null))
                .body("breakdown.other", contains(false, false, false))
                .body("breakdown.stages.visits", contains(List.of(2, 0), List.of(1, 0), List.of(1, 0)));
        reader().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .queryParam("breakdown", "property:campaign").queryParam("limit", 1)
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200)
                .body("breakdown.value", contains("bf26", null)).body("breakdown.other", contains(false, true))
                .body("breakdown.steps.customers", contains(List.of(2, 0), List.of(2, 0)));
        reader().queryParam("from", "2026-03-01").queryParam("to", "2026-03-08").queryParam("interval", "week")
                .queryParam("breakdown", "property:campaign").queryParam("limit", 1)
                .get("/v1/funnels/{id}/trends", funnel).then().statusCode(200)
                .body("breakdown.value", contains("bf26", null))
                .body("breakdown[0].buckets.stages.visits", contains(List.of(1, 0), List.of(1, 0)))
                .body("breakdown[1].buckets.stages.visits", contains(List.of(0, 0), List.of(2, 0)));
        reader().accept("text/csv").queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .queryParam("breakdown", "property:campaign").queryParam("limit", 1).get("/v1/funnels/{id}/flow", funnel)
                .then().statusCode(200).body(containsString("value,other,stage,visits"))
                .body(containsString("\r\nbf26,false,s1,2,")).body(containsString("\r\n,true,s1,2,"));
    }

    @Test
    void badInputNamesTheParameter() {
        String[][] cases = {
                { "breakdown=property:1bad", "breakdown", "flow" },
                { "breakdown=property:", "breakdown", "trends" },
                { "breakdown=property:a%20b", "breakdown", "conversion" },
                { "breakdown=prop:x", "breakdown", "flow" },
                { "breakdown=property:x&limit=0", "limit", "flow" },
                { "breakdown=property:x&limit=101", "limit", "conversion" },
                { "breakdown=property:x&limit=ten", "limit", "trends" },
                { "breakdown=property:x&limit=2.5", "limit", "flow" },
                { "limit=5", "limit", "flow" },
                { "breakdown=channel&limit=5", "limit", "conversion" },
        };
        for (String[] c : cases) {
            reader().get("/v1/funnels/customer-journey/" + c[2] + "?" + c[0]).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem(c[1]));
        }
        String id = Funnels.uniqueId("dims");
        String base = Funnels.definition(id, "dims", 2);
        String[][] dimensionCases = { { "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]", "dimensions" },
                { "[\"campaign\",\"1bad\"]", "dimensions[1]" }, { "[\"plan\",\"plan\"]", "dimensions[1]" },
                { "[\"ok\",null]", "dimensions[1]" } };
        for (String[] c : dimensionCases) {
            admin().body(withDimensions(base, c[0])).post("/v1/funnels").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem(c[1]));
        }
    }

    /** Dimensions are stored, shown, and changing them re-attributes the funnel like a rule change. */
    @Test
    void dimensionsAreStoredAndTheirChangeReattributes() {
        String id = Funnels.uniqueId("dims");
        String base = Funnels.definition(id, "dims", 2);
        admin().body(withDimensions(base, "[\"campaign\",\"plan\"]")).post("/v1/funnels").then().statusCode(201)
                .body("dimensions", contains("campaign", "plan")).body("version", equalTo(1));
        Funnels.awaitBackfillDone(id);
        reader().get("/v1/funnels/{id}", id).then().statusCode(200).body("dimensions", contains("campaign", "plan"));
        admin().body(withDimensions(base, "[\"campaign\",\"plan\"]")).put("/v1/funnels/{id}", id).then()
                .statusCode(200).body("version", equalTo(1));
        admin().body(withDimensions(base, "[\"plan\"]")).put("/v1/funnels/{id}", id).then()
                .statusCode(200).body("version", equalTo(2)).body("dimensions", contains("plan"));
        admin().body(base).put("/v1/funnels/{id}", id).then().statusCode(200).body("version", equalTo(3))
                .body("dimensions.size()", equalTo(0));
        admin().body(withDimensions(base, "[]")).put("/v1/funnels/{id}", id).then().statusCode(200)
                .body("version", equalTo(3));
    }

    private static String withDimensions(String definition, String dimensions) {
        return definition.substring(0, definition.length() - 1) + ",\"dimensions\":" + dimensions + "}";
    }

    // ---------------------------------------------------------------- generation and posting

    private static void add(List<String[]> posts, Map<String, List<AttributedEvent>> journeys,
            Map<String, String> valueById, Random random, String customer, String id, int stage, String prefix,
            Instant t) {
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        double r = random.nextDouble();
        String[] value = VALUES[(int) (VALUES.length * r * r)];
        StringBuilder properties = new StringBuilder("{\"n\":{\"p\":\"nested\"}");
        if (!value[0].equals(ABSENT)) {
            properties.append(",\"p\":").append(value[0]);
        }
        properties.append(",\"ch\":\"").append(channel).append("\"}");
        String type = stage < 0 ? prefix + "_none" : prefix + "_" + (stage + 1);
        posts.add(new String[] { customer, id, type, channel, t.toString(), properties.toString() });
        if (stage >= 0) {
            journeys.computeIfAbsent(customer, k -> new ArrayList<>()).add(new AttributedEvent(id, t, channel, stage));
            valueById.put(id, value[1]);
        }
    }

    private static void post(List<String[]> posts) {
        Events events = new Events();
        posts.forEach(p -> events.addWithProperties(p[0], p[1], p[2], p[3], p[4], p[5]));
        events.post();
    }

    /** A query with its parameters. */
    private record Query(String funnel, String endpoint, Map<String, Object> params) {

        Query mode(boolean skip) {
            if (endpoint.equals("conversion")) {
                params.put("mode", skip ? "skip" : "strict");
            }
            return this;
        }

        Query interval(String interval) {
            params.put("interval", interval);
            return this;
        }

        Query stepWindows(String stepWindows) {
            params.put("stepWindows", stepWindows);
            return this;
        }

        Tree get() {
            return new Tree(exact().queryParams(params).get("/v1/funnels/{id}/" + endpoint, funnel).then().statusCode(200)
                    .extract().jsonPath().get("$"));
        }
    }

    private static Query query(String funnel, String endpoint, String from, String to, String window, String breakdown,
            Integer limit) {
        Map<String, Object> params = new HashMap<>(Map.of("from", from, "to", to, "window", window));
        if (breakdown != null) {
            params.put("breakdown", breakdown);
        }
        if (limit != null) {
            params.put("limit", limit);
        }
        return new Query(funnel, endpoint, params);
    }

    // ---------------------------------------------------------------- checks

    private static ReferenceMetrics.Groups groups(List<AttributedEvent> occurrences, Function<AttributedEvent, String> valueOf,
            int limit) {
        return ReferenceMetrics.Groups.of(occurrences.stream().map(valueOf).collect(Collectors.toList()), limit);
    }

    /** Who belongs to each group, the listed values then (if any) the other group. */
    private static List<Predicate<AttributedEvent>> members(ReferenceMetrics.Groups groups,
            Function<AttributedEvent, String> valueOf) {
        List<Predicate<AttributedEvent>> members = new ArrayList<>();
        for (String value : groups.listed()) {
            members.add(e -> Objects.equals(valueOf.apply(e), value));
        }
        if (!groups.rest().isEmpty()) {
            Set<String> rest = groups.rest();
            members.add(e -> rest.contains(valueOf.apply(e)));
        }
        return members;
    }

    /** The breakdown's values and other flags are the reference's groups, in order. */
    private static void assertGroupHeads(ReferenceMetrics.Groups groups, Tree actual, String what) {
        List<String> values = new ArrayList<>(groups.listed());
        List<Boolean> others = new ArrayList<>(Collections.nCopies(values.size(), false));
        if (!groups.rest().isEmpty()) {
            values.add(null);
            others.add(true);
        }
        assertEquals(values, actual.getList("breakdown.value"), what + " values");
        assertEquals(others, actual.getList("breakdown.other"), what + " other");
    }

    private static void assertFlowGroups(Map<String, List<AttributedEvent>> journeys,
            Function<AttributedEvent, String> valueOf, Instant from, Instant to, Duration window, Tree actual, int limit,
            String what) {
        ReferenceMetrics.Groups groups = groups(ReferenceMetrics.visitEntries(journeys, from, to), valueOf, limit);
        assertGroupHeads(groups, actual, what);
        List<Predicate<AttributedEvent>> members = members(groups, valueOf);
        for (int g = 0; g < members.size(); g++) {
            String at = "breakdown[" + g + "]";
            ReferenceMetrics.Flow expected = ReferenceMetrics.flow(journeys, STAGES, from, to, window, members.get(g));
            for (int s = 0; s < STAGES; s++) {
                assertStage(expected.stages().get(s), actual, at + ".stages[" + s + "]", what);
            }
            assertStallSplit(ReferenceMetrics.stallSplit(journeys, STAGES, from, to, window, members.get(g)), actual,
                    at + ".stages", what + " " + at);
            Map<String, Long> expectedTransitions = new HashMap<>();
            expected.transitions().forEach((t, n) -> expectedTransitions.put("s" + (t.from() + 1) + ">s" + (t.to() + 1), n));
            Map<String, Long> actualTransitions = new HashMap<>();
            for (Map<String, Object> t : actual.<Map<String, Object>>getList(at + ".transitions")) {
                actualTransitions.put(t.get("from") + ">" + t.get("to"), ((Number) t.get("count")).longValue());
            }
            assertEquals(expectedTransitions, actualTransitions, what + " " + at + " transitions");
        }
        assertAddUp(actual, "stages", g -> "breakdown[" + g + "].stages", what);
    }

    /** Per stage, the groups' counts add up to the total's. */
    private static void assertAddUp(Tree actual, String total, Function<Integer, String> group, String what) {
        int groups = actual.getList("breakdown").size();
        for (String field : new String[] { "visits", "forward", "loopBack", "stalled", "movedAfterWindow", "noSuccessor" }) {
            for (int s = 0; s < STAGES; s++) {
                long sum = 0;
                for (int g = 0; g < groups; g++) {
                    sum += actual.getLong(group.apply(g) + "[" + s + "]." + field);
                }
                assertEquals(actual.getLong(total + "[" + s + "]." + field), sum, what + " groups add up: " + field);
            }
        }
    }

    private static void assertConversionGroups(ReferenceMetrics.Conversion expected, Tree actual, int limit,
            String what) {
        for (int k = 0; k < STAGES; k++) {
            assertEquals(expected.steps().get(k).customers(), actual.getLong("steps[" + k + "].customers"),
                    what + " customers[" + (k + 1) + "]");
        }
        ReferenceMetrics.Groups groups = ReferenceMetrics.Groups.of(new ArrayList<>(expected.channelByCustomer().values()),
                limit);
        assertGroupHeads(groups, actual, what);
        List<Set<String>> members = new ArrayList<>();
        groups.listed().forEach(v -> members.add(Collections.singleton(v)));
        if (!groups.rest().isEmpty()) {
            members.add(groups.rest());
        }
        long[] sums = new long[STAGES];
        for (int g = 0; g < members.size(); g++) {
            Set<String> values = members.get(g);
            Map<String, Integer> levels = new HashMap<>();
            expected.levelByCustomer().forEach((customer, level) -> {
                if (values.contains(expected.channelByCustomer().get(customer))) {
                    levels.put(customer, level);
                }
            });
            ReferenceMetrics.Conversion group = ReferenceMetrics.Conversion.of(levels, Map.of(), STAGES);
            for (int k = 0; k < STAGES; k++) {
                String at = "breakdown[" + g + "].steps[" + k + "]";
                ReferenceMetrics.Step step = group.steps().get(k);
                assertEquals(step.customers(), actual.getLong(at + ".customers"), what + " " + at + " customers");
                assertEquals(step.stepConversionRate(), actual.get(at + ".stepConversionRate") == null ? null
                        : actual.getDouble(at + ".stepConversionRate"), what + " " + at + " step rate");
                assertEquals(step.overallConversionRate(), actual.get(at + ".overallConversionRate") == null ? null
                        : actual.getDouble(at + ".overallConversionRate"), what + " " + at + " overall rate");
                sums[k] += actual.getLong(at + ".customers");
            }
        }
        for (int k = 0; k < STAGES; k++) {
            assertEquals(actual.getLong("steps[" + k + "].customers"), sums[k], what + " groups add up, step " + (k + 1));
        }
    }

    /**
     * An answer as plain maps and lists, read by dotted paths ({@code breakdown[2].stages[0].visits}):
     * REST Assured's JsonPath evaluates each path as a Groovy expression, far too slowly for the
     * thousands of figures compared here.
     */
    record Tree(Object root) {

        Object get(String path) {
            Object node = root;
            for (String part : path.split("\\.")) {
                int bracket = part.indexOf('[');
                String name = bracket < 0 ? part : part.substring(0, bracket);
                if (!name.isEmpty()) {
                    if (node instanceof List<?> list) {
                        node = list.stream().map(e -> ((Map<?, ?>) e).get(name)).collect(Collectors.toList());
                        continue;
                    }
                    node = ((Map<?, ?>) node).get(name);
                }
                if (bracket >= 0) {
                    node = ((List<?>) node).get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
                }
            }
            return node;
        }

        long getLong(String path) {
            return ((Number) get(path)).longValue();
        }

        double getDouble(String path) {
            return ((Number) get(path)).doubleValue();
        }

        String getString(String path) {
            return (String) get(path);
        }

        @SuppressWarnings("unchecked")
        <T> List<T> getList(String path) {
            return (List<T>) get(path);
        }
    }

    static void assertStage(ReferenceMetrics.StageFlow e, Tree actual, String path, String what) {
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

    static void assertStallSplit(long[][] expected, Tree actual, String stagesPath, String what) {
        for (int s = 0; s < STAGES; s++) {
            String path = stagesPath + "[" + s + "]";
            assertEquals(expected[s][0], actual.getLong(path + ".movedAfterWindow"), what + " " + path + " movedAfterWindow");
            assertEquals(expected[s][1], actual.getLong(path + ".noSuccessor"), what + " " + path + " noSuccessor");
        }
    }

    /** The breakdown's groups keyed by value, without the {@code other} flag's order. */
    private static Map<Object, Object> groupsByValue(Tree answer) {
        Map<Object, Object> byValue = new HashMap<>();
        for (Map<String, Object> group : answer.<Map<String, Object>>getList("breakdown")) {
            byValue.put(group.get("value"), group);
        }
        return byValue;
    }
}

package dev.touchpoint.analytics;

import static dev.touchpoint.analytics.MetricsMatchReferenceTest.exact;
import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.as;
import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import dev.touchpoint.ops.ApiExamples;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code /channels} on the design note's examples worked out by hand, its CSV, and its bad input. */
@QuarkusTest
class ChannelCreditEndpointTest {

    @Inject
    EntityManager em;

    private static String prefix() {
        return "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private void awaitStored(Events events, String prefix) {
        events.post();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedWithPrefix(prefix) == events.size());
    }

    @Transactional
    long storedWithPrefix(String prefix) {
        return ((Number) em.createNativeQuery("select count(*) from touchpoint where type like ?1")
                .setParameter(1, prefix + "\\_%").getSingleResult()).longValue();
    }

    private static JsonPath channels(String funnel, String query) {
        return exact().get("/v1/funnels/{id}/channels?from=2026-01-01&to=2026-01-20&" + query, funnel).then()
                .statusCode(200).extract().jsonPath();
    }

    /** {@code stage} (or the total, for null) as channel -> {advancement, loopBack, advancementShare, loopBackShare}. */
    private static Map<String, List<Object>> rows(JsonPath report, Integer stage) {
        List<Map<String, Object>> rows = report.getList(stage == null ? "total.channels" : "stages[" + stage + "].channels");
        Map<String, List<Object>> byChannel = new java.util.TreeMap<>();
        rows.forEach(r -> byChannel.put((String) r.get("channel"), java.util.Arrays.asList(r.get("advancement"),
                r.get("loopBack"), r.get("advancementShare"), r.get("loopBackShare"))));
        return byChannel;
    }

    private static void assertRow(List<Object> row, double advancement, double loopBack, Double advancementShare,
            Double loopBackShare) {
        assertEquals(advancement, ((Number) row.get(0)).doubleValue(), 1e-15);
        assertEquals(loopBack, ((Number) row.get(1)).doubleValue(), 1e-15);
        if (advancementShare == null) {
            assertNull(row.get(2));
        } else {
            assertEquals(advancementShare, ((Number) row.get(2)).doubleValue(), 1e-15);
        }
        if (loopBackShare == null) {
            assertNull(row.get(3));
        } else {
            assertEquals(loopBackShare, ((Number) row.get(3)).doubleValue(), 1e-15);
        }
    }

    @Test
    void aLoopBackIsSplitOverTheVisitAndItsSuccessorsFirstEvent() {
        // The design note's example: a consideration (s3) visit of email (day 0) then web (day 7),
        // whose successor is an awareness (s1) event from tiktok on day 14.
        String p = prefix();
        String f = Funnels.uniqueId("credit");
        Funnels.create(Funnels.definition(f, p, 3));
        Funnels.awaitBackfillDone(f);
        String c = "loop-" + p;
        awaitStored(new Events()
                .add(c, c + "-1", p + "_3", "email", "2026-01-01T00:00:00Z")
                .add(c, c + "-2", p + "_3", "web", "2026-01-08T00:00:00Z")
                .add(c, c + "-3", p + "_1", "tiktok", "2026-01-15T00:00:00Z"), p);

        JsonPath linear = channels(f, "");
        assertEquals("linear", linear.getString("model"), "linear is the default");
        assertNull(linear.get("halfLife"));
        assertEquals(List.of("s1", "s2", "s3"), linear.getList("stages.stage"));
        assertEquals(List.of(), linear.getList("stages[0].channels"), "the tiktok visit has no successor");
        Map<String, List<Object>> s3 = rows(linear, 2);
        assertEquals(List.of("email", "tiktok", "web"), List.copyOf(s3.keySet()));
        s3.values().forEach(row -> assertRow(row, 0, 1 / 3.0, null, 1 / 3.0));
        assertEquals(s3, rows(linear, null), "the funnel's total is the one stage's");

        JsonPath decay = channels(f, "model=timeDecay");
        assertEquals("P7D", decay.getString("halfLife"));
        assertRow(rows(decay, 2).get("email"), 0, 1 / 7.0, null, 1 / 7.0);
        assertRow(rows(decay, 2).get("web"), 0, 2 / 7.0, null, 2 / 7.0);
        assertRow(rows(decay, 2).get("tiktok"), 0, 4 / 7.0, null, 4 / 7.0);
        // Channels by most advancement, then most loop-back: tiktok (4/7) before web (2/7) before email.
        assertEquals(List.of("tiktok", "web", "email"), decay.getList("stages[2].channels.channel"));
        JsonPath slow = channels(f, "model=timeDecay&halfLife=P3500D");
        assertEquals("P3500D", slow.getString("halfLife"));
        assertEquals(1 / 3.0, slow.getDouble("stages[2].channels[0].loopBack"), 1e-3, "a long half-life is nearly linear");

        assertRow(rows(channels(f, "model=first"), 2).get("email"), 0, 1, null, 1.0);
        assertRow(rows(channels(f, "model=first"), 2).get("tiktok"), 0, 0, null, 0.0);
        assertRow(rows(channels(f, "model=last"), 2).get("tiktok"), 0, 1, null, 1.0);
        assertRow(rows(channels(f, "model=position"), 2).get("web"), 0, 0.2, null, 0.2);
        assertRow(rows(channels(f, "model=position"), 2).get("email"), 0, 0.4, null, 0.4);

        // The successor came 14 days after the visit was entered: outside P7D, no move, no credit.
        assertEquals(List.of(), channels(f, "window=P7D").getList("stages[2].channels"));
        // The visit was entered on day 0: a range from day 1 leaves it out, though its second event is in it.
        exact().get("/v1/funnels/{id}/channels?from=2026-01-02&to=2026-01-20", f).then().statusCode(200)
                .body("stages[2].channels", empty()).body("total.channels", empty());

        String csv = reader().accept("text/csv").get("/v1/funnels/{id}/channels?from=2026-01-01&to=2026-01-20&model=last", f)
                .then().statusCode(200).contentType("text/csv").extract().asString();
        assertEquals("stage,channel,advancement,loopBack,advancementShare,loopBackShare\r\n"
                + "s3,tiktok,0.0,1.0,,1.0\r\ns3,email,0.0,0.0,,0.0\r\ns3,web,0.0,0.0,,0.0\r\n"
                + ",tiktok,0.0,1.0,,1.0\r\n,email,0.0,0.0,,0.0\r\n,web,0.0,0.0,,0.0\r\n", csv);
    }

    @Test
    void advancementAndLoopBackAreFiledUnderTheStageThatMoved() {
        String p = prefix();
        String f = Funnels.uniqueId("credit");
        Funnels.create(Funnels.definition(f, p, 3));
        Funnels.awaitBackfillDone(f);
        // s1(tiktok) -> s2(web, email) -> s1(instagram) -> s3(store): three moves.
        String c = "moves-" + p;
        awaitStored(new Events()
                .add(c, c + "-1", p + "_1", "tiktok", "2026-01-01T00:00:00Z")
                .add(c, c + "-2", p + "_2", "web", "2026-01-02T00:00:00Z")
                .add(c, c + "-3", p + "_2", "email", "2026-01-03T00:00:00Z")
                .add(c, c + "-4", p + "_1", "instagram", "2026-01-04T00:00:00Z")
                .add(c, c + "-5", p + "_3", "store", "2026-01-05T00:00:00Z"), p);
        JsonPath report = channels(f, "model=linear");
        // s1: two forward moves, (tiktok, web) and (instagram, store): half a unit each.
        Map<String, List<Object>> s1 = rows(report, 0);
        assertRow(s1.get("tiktok"), 0.5, 0, 0.25, null);
        assertRow(s1.get("instagram"), 0.5, 0, 0.25, null);
        assertRow(s1.get("web"), 0.5, 0, 0.25, null);
        assertRow(s1.get("store"), 0.5, 0, 0.25, null);
        // s2: one loop-back over web, email and instagram.
        Map<String, List<Object>> s2 = rows(report, 1);
        assertEquals(List.of("email", "instagram", "web"), List.copyOf(s2.keySet()));
        s2.values().forEach(row -> assertRow(row, 0, 1 / 3.0, null, 1 / 3.0));
        Map<String, List<Object>> total = rows(report, null);
        assertRow(total.get("web"), 0.5, 1 / 3.0, 0.25, 1 / 3.0);
        assertRow(total.get("tiktok"), 0.5, 0, 0.25, 0.0);
        assertRow(total.get("email"), 0, 1 / 3.0, 0.0, 1 / 3.0);
        exact().get("/v1/funnels/{id}/flow?from=2026-01-01&to=2026-01-20", f).then()
                .body("stages.forward", contains(2, 0, 0)).body("stages.loopBack", contains(0, 1, 0));
    }

    @Test
    void markovRemovalEffectsOfTheDesignNotesExample() {
        // Paths START a CONVERSION, START b NULL, START a b CONVERSION: removal effects a 0.75,
        // b 0.5, shares 0.6 and 0.4. The funnel has a stage `conversion`, the default target.
        String p = prefix();
        String f = Funnels.uniqueId("markov");
        Funnels.create("{\"id\":\"" + f + "\",\"name\":\"Markov\",\"stages\":[{\"key\":\"seen\",\"name\":\"Seen\"},"
                + "{\"key\":\"conversion\",\"name\":\"Bought\"},{\"key\":\"advocacy\",\"name\":\"Told friends\"}],"
                + "\"rules\":[{\"stage\":\"seen\",\"match\":{\"types\":[\"" + p + "_1\"]}},{\"stage\":\"conversion\","
                + "\"match\":{\"types\":[\"" + p + "_2\"]}},{\"stage\":\"advocacy\",\"match\":{\"types\":[\"" + p + "_3\"]}}]}");
        Funnels.awaitBackfillDone(f);
        awaitStored(new Events()
                .add("m1-" + p, "m1-" + p + "-1", p + "_2", "a", "2026-01-02T00:00:00Z")
                .add("m2-" + p, "m2-" + p + "-1", p + "_1", "b", "2026-01-02T00:00:00Z")
                .add("m3-" + p, "m3-" + p + "-1", p + "_1", "a", "2026-01-02T00:00:00Z")
                .add("m3-" + p, "m3-" + p + "-2", p + "_1", "a", "2026-01-03T00:00:00Z")
                .add("m3-" + p, "m3-" + p + "-3", p + "_2", "b", "2026-01-04T00:00:00Z")
                // After the conversion the path stops: this event changes nothing.
                .add("m3-" + p, "m3-" + p + "-4", p + "_1", "tv", "2026-01-05T00:00:00Z"), p);

        JsonPath markov = channels(f, "model=markov");
        assertEquals("conversion", markov.getString("target"));
        assertEquals(List.of("a", "b"), markov.getList("channels.channel"));
        assertEquals(0.75, markov.getDouble("channels[0].removalEffect"), 1e-12);
        assertEquals(0.6, markov.getDouble("channels[0].share"), 1e-12);
        assertEquals(0.5, markov.getDouble("channels[1].removalEffect"), 1e-12);
        assertEquals(0.4, markov.getDouble("channels[1].share"), 1e-12);

        // With advocacy as the target no path converts (P = 0): removal effects and shares are null.
        reader().get("/v1/funnels/{id}/channels?from=2026-01-01&to=2026-01-20&model=markov&target=advocacy", f).then()
                .statusCode(200).body("target", equalTo("advocacy"))
                .body("channels.channel", contains("a", "b", "tv"))
                .body("channels.removalEffect", contains(nullValue(), nullValue(), nullValue()))
                .body("channels.share", contains(nullValue(), nullValue(), nullValue()));

        String csv = reader().accept("text/csv")
                .get("/v1/funnels/{id}/channels?from=2026-01-01&to=2026-01-20&model=markov&target=advocacy", f)
                .then().statusCode(200).extract().asString();
        assertEquals("target,channel,removalEffect,share\r\nadvocacy,a,,\r\nadvocacy,b,,\r\nadvocacy,tv,,\r\n", csv);
    }

    @Test
    void journeysReadBackApplyTheRulesOnProperties() {
        // Only a pro plan's purchase is a conversion: m1's path is START a b CONVERSION, m2's
        // purchase matches no rule, so its path is START a NULL. P = 1/2, and removing either
        // a or b leaves no converting path. A scan that skipped the properties would see none.
        String p = prefix();
        String f = Funnels.uniqueId("plan");
        Funnels.create("{\"id\":\"" + f + "\",\"name\":\"Plans\",\"stages\":[{\"key\":\"seen\",\"name\":\"Seen\"},"
                + "{\"key\":\"conversion\",\"name\":\"Bought pro\"}],\"rules\":[{\"stage\":\"seen\",\"match\":{\"types\":[\""
                + p + "_1\"]}},{\"stage\":\"conversion\",\"match\":{\"types\":[\"" + p + "_2\"],\"properties\":{\"plan\":\"pro\"}}}]}");
        Funnels.awaitBackfillDone(f);
        awaitStored(new Events()
                .add("m1-" + p, "m1-" + p + "-1", p + "_1", "a", "2026-01-02T00:00:00Z")
                .addWithProperties("m1-" + p, "m1-" + p + "-2", p + "_2", "b", "2026-01-02T06:00:00Z", "{\"plan\":\"pro\"}")
                .add("m2-" + p, "m2-" + p + "-1", p + "_1", "a", "2026-01-02T00:00:00Z")
                .addWithProperties("m2-" + p, "m2-" + p + "-2", p + "_2", "c", "2026-01-02T06:00:00Z", "{\"plan\":\"free\"}"), p);

        JsonPath markov = channels(f, "model=markov");
        assertEquals(List.of("a", "b"), markov.getList("channels.channel"));
        assertEquals(1.0, markov.getDouble("channels[0].removalEffect"), 1e-12);
        assertEquals(1.0, markov.getDouble("channels[1].removalEffect"), 1e-12);

        // Per-step windows read the journeys back the same way: one of the two customers converts.
        exact().get("/v1/funnels/{id}/conversion?from=2026-01-01&to=2026-01-20&stepWindows=P1D", f).then()
                .statusCode(200).body("steps.customers", contains(2, 1));
    }

    @Test
    void badInputNamesTheParameter() {
        String[][] cases = {
                { "model=fuzzy", "model" },
                { "model=Linear", "model" },
                { "model=timeDecay&halfLife=PT0S", "halfLife" },
                { "model=timeDecay&halfLife=P0D", "halfLife" },
                { "model=timeDecay&halfLife=-P1D", "halfLife" },
                { "model=timeDecay&halfLife=weekly", "halfLife" },
                { "model=markov&target=nope", "target" },
                { "breakdown=channel", "breakdown" },
                { "window=P0D", "window" },
                { "from=2026-02-01&to=2026-01-01", "from" },
        };
        for (String[] c : cases) {
            reader().get("/v1/funnels/customer-journey/channels?" + c[0]).then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(c[1]));
        }
        reader().get("/v1/funnels/no-such-funnel/channels").then().statusCode(404).contentType("application/problem+json");
        as(WRITE_KEY).get("/v1/funnels/customer-journey/channels").then().statusCode(403);
    }

    @Test
    void aFunnelStillBackfillingAnswersWithItsProgress() {
        String f = Funnels.uniqueId("pending");
        Funnels.create(Funnels.definition(f, prefix(), 2));
        Funnels.awaitBackfillDone(f);
        markRunning(f);
        reader().get("/v1/funnels/{id}/channels", f).then().statusCode(202).body("state", equalTo("running"))
                .body("stages", nullValue());
        reader().get("/v1/funnels/{id}/channels?model=markov", f).then().statusCode(202);
    }

    @Transactional
    void markRunning(String id) {
        em.createNativeQuery("update funnel set backfill_state = 'RUNNING', backfill_total = 10 where id = ?1")
                .setParameter(1, id).executeUpdate();
    }

    @Test
    void openApiDescribesTheEndpoint() {
        JsonPath api = io.restassured.RestAssured.given().queryParam("format", "json").get("/q/openapi").jsonPath();
        String op = "paths.'/v1/funnels/{id}/channels'.get";
        assertEquals(java.util.Set.of("id", "from", "to", "window", "breakdown", "model", "halfLife", "target"),
                java.util.Set.copyOf(api.getList(op + ".parameters.name", String.class)));
        assertEquals(List.of(), api.getList(op + ".parameters.findAll { !it.description }"), "every parameter described");
        String examples = op + ".responses.'200'.content.";
        assertEquals(1.5f, api.getFloat(examples + "'application/json'.examples.linear.value.stages[0].channels[0].advancement"));
        assertEquals("conversion", api.getString(examples + "'application/json'.examples.markov.value.target"));
        assertEquals(ApiExamples.CHANNELS_CSV, api.getString(examples + "'text/csv'.examples.linear.value"));
    }

    /**
     * The OpenAPI examples are what the service answers for the README tour's journeys, posted
     * again here with a property of this run only, to a copy of {@code customer-journey} whose
     * every rule also asks for that property (so no other test's events, nor an earlier run's
     * still on the test broker, are in it).
     */
    @Test
    void theOpenApiExamplesAreRealAnswers() throws Exception {
        String p = prefix();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var definition = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                reader().get("/v1/funnels/customer-journey").asString());
        var copy = json.createObjectNode().put("id", "tour-" + p).put("name", "Tour " + p);
        copy.set("stages", definition.get("stages"));
        copy.set("rules", definition.get("rules"));
        copy.get("rules").forEach(rule -> ((com.fasterxml.jackson.databind.node.ObjectNode) rule.get("match"))
                .putObject("properties").put("run", p));
        Funnels.create(copy.toString());
        Funnels.awaitBackfillDone("tour-" + p);
        String[][] tour = { { "cust-7", null, "video_view", "tiktok", "2026-03-01T10:00:00Z" },
                { "cust-7", null, "follow", "instagram", "2026-03-01T10:05:00Z" },
                { "cust-7", null, "store_visit", "store", "2026-03-04T15:00:00Z" },
                { "cust-7", null, "video_view", "tiktok", "2026-03-06T20:00:00Z" },
                { "cust-7", null, "purchase", "web", "2026-03-08T09:00:00Z" },
                { "cust-9", null, "ad_impression", "tv", "2026-03-02T21:00:00Z" },
                { "cust-9", null, "signup", "web", "2026-03-03T08:00:00Z" },
                { null, "phone-7f3a", "video_view", "tiktok", "2026-03-10T19:00:00Z" },
                { null, "phone-7f3a", "product_view", "web", "2026-03-10T19:04:00Z" },
                { "cust-55", "phone-7f3a", "signup", "web", "2026-03-10T19:06:00Z" } };
        var batch = json.createObjectNode();
        var list = batch.putArray("events");
        for (int i = 0; i < tour.length; i++) {
            String[] e = tour[i];
            var event = list.addObject().put("eventId", "tour-" + (i + 1) + "-" + p);
            if (e[0] != null) {
                event.put("customerId", e[0] + "-" + p);
            }
            if (e[1] != null) {
                event.put("anonymousId", e[1] + "-" + p);
            }
            event.put("type", e[2]).put("channel", e[3]).put("timestamp", e[4]).putObject("properties").put("run", p);
        }
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + WRITE_KEY).contentType("application/json")
                .body(batch.toString()).post("/v1/events/batch").then().statusCode(202);
        String query = "/v1/funnels/tour-" + p + "/channels?from=2026-03-01&to=2026-04-01";
        await().atMost(Duration.ofSeconds(20)).until(() -> reader().get(query).then().extract().jsonPath()
                .getList("total.channels").size() == 5 && reader().get("/v1/customers/{id}/journey", "cust-55-" + p)
                        .then().extract().jsonPath().getList("touchpoints").size() == 3);
        assertEquals(json.readTree(ApiExamples.CHANNELS.replace("customer-journey", "tour-" + p)),
                json.readTree(reader().get(query).asString()));
        assertEquals(json.readTree(ApiExamples.CHANNELS_MARKOV.replace("customer-journey", "tour-" + p)),
                json.readTree(reader().get(query + "&model=markov").asString()));
        assertEquals(ApiExamples.CHANNELS_CSV, reader().accept("text/csv").get(query).asString());
        assertEquals(ApiExamples.CHANNELS_MARKOV_CSV, reader().accept("text/csv").get(query + "&model=markov").asString());
    }
}

package dev.touchpoint.analytics;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.as;
import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import dev.touchpoint.support.Events;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** docs/metrics.md on journeys worked out by hand, one funnel per test so that numbers are exact. */
@QuarkusTest
class MetricsEndpointsTest {

    @Inject
    EntityManager em;

    private static RequestSpecification query(String from, String to, String window) {
        RequestSpecification r = reader().queryParam("from", from).queryParam("to", to);
        return window == null ? r : r.queryParam("window", window);
    }

    private static String prefix() {
        return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private String awaitStored(Events events, String prefix) {
        String id = Funnels.uniqueId("m");
        Funnels.create(Funnels.definition(id, prefix, 3));
        Funnels.awaitBackfillDone(id);
        events.post();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedWithPrefix(prefix) == events.size());
        // Stored events are attributed in the same transaction, so the funnel's rows are complete now.
        return id;
    }

    @Transactional
    long storedWithPrefix(String prefix) {
        return ((Number) em.createNativeQuery("select count(*) from touchpoint where type like ?1")
                .setParameter(1, prefix + "\\_%").getSingleResult()).longValue();
    }

    @Test
    void theWorkedExampleOfTheSpec() {
        String p = prefix();
        String c = "spec-" + p;
        Events e = new Events()
                .add(c, c + "1", p + "_1", "tiktok", "2026-01-01T00:00:00Z")
                .add(c, c + "2", p + "_1", "web", "2026-01-02T00:00:00Z")
                .add(c, c + "3", p + "_2", "web", "2026-01-03T00:00:00Z")
                .add(c, c + "4", p + "_1", "email", "2026-01-04T00:00:00Z")
                .add(c, c + "5", p + "_2", "web", "2026-01-05T00:00:00Z")
                .add(c, c + "6", p + "_3", "store", "2026-01-06T00:00:00Z");
        String f = awaitStored(e, p);

        query("2026-01-01", "2026-01-07", "P30D").get("/v1/funnels/{id}/flow", f).then().statusCode(200)
                .body("window", equalTo("P30D"))
                .body("stages.stage", contains("s1", "s2", "s3"))
                .body("stages.visits", contains(2, 2, 1))
                .body("stages.forward", contains(2, 1, 0))
                .body("stages.loopBack", contains(0, 1, 0))
                .body("stages.stalled", contains(0, 0, 1))
                .body("stages.conversionRate", contains(1.0f, 0.5f, 0.0f))
                .body("stages.loopBackRate", contains(0.0f, 0.5f, 0.0f))
                .body("stages[1].next.s1", equalTo(1))
                .body("stages[1].next.s3", equalTo(1))
                .body("transitions.size()", equalTo(3));
        for (String mode : new String[] { "strict", "skip" }) {
            query("2026-01-01", "2026-01-07", "P30D").queryParam("mode", mode).get("/v1/funnels/{id}/conversion", f)
                    .then().statusCode(200)
                    .body("mode", equalTo(mode))
                    .body("steps.customers", contains(1, 1, 1))
                    .body("steps.overallConversionRate", contains(1.0f, 1.0f, 1.0f));
        }
    }

    @Test
    void windowEdgesAreInclusiveToTheMillisecond() {
        String p = prefix();
        Events e = new Events()
                // on time: B exactly one day after A
                .add("on-" + p, "on1-" + p, p + "_1", "web", "2026-02-01T00:00:00Z")
                .add("on-" + p, "on2-" + p, p + "_2", "web", "2026-02-02T00:00:00Z")
                // late: one millisecond more
                .add("late-" + p, "late1-" + p, p + "_1", "web", "2026-02-01T00:00:00Z")
                .add("late-" + p, "late2-" + p, p + "_2", "web", "2026-02-02T00:00:00.001Z");
        String f = awaitStored(e, p);
        query("2026-02-01", "2026-02-03", "P1D").get("/v1/funnels/{id}/flow", f).then()
                .body("stages[0].visits", equalTo(2))
                .body("stages[0].forward", equalTo(1))
                .body("stages[0].stalled", equalTo(1))
                .body("stages[0].movedAfterWindow", equalTo(1))
                .body("stages[0].noSuccessor", equalTo(0))
                .body("stages[1].noSuccessor", equalTo(2))
                // only the successor within the window is a transition: the late one stalled
                .body("stages[0].next.s2", equalTo(1));
        query("2026-02-01", "2026-02-03", "P1D").get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(2, 1, 0))
                .body("steps[2].stepConversionRate", equalTo(0.0f))
                .body("steps[1].medianSecondsFromPrevious", equalTo(86400.0f));
        query("2026-02-01", "2026-02-03", "PT24H0.001S").get("/v1/funnels/{id}/flow", f).then()
                .body("stages[0].forward", equalTo(2));
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        String p = prefix();
        Events e = new Events()
                .add("at-from-" + p, "f1-" + p, p + "_1", "web", "2026-03-01T00:00:00Z")
                .add("at-to-" + p, "t1-" + p, p + "_1", "web", "2026-03-02T00:00:00Z");
        String f = awaitStored(e, p);
        query("2026-03-01", "2026-03-02", null).get("/v1/funnels/{id}/flow", f).then()
                .body("stages[0].visits", equalTo(1))
                .body("stages[1].visits", equalTo(0))
                .body("stages[1].conversionRate", nullValue());
        query("2026-03-01T00:00:00.001Z", "2026-03-02T00:00:00.001Z", null).get("/v1/funnels/{id}/conversion", f).then()
                .body("steps[0].customers", equalTo(1))
                .body("steps[1].stepConversionRate", equalTo(0.0f));
        query("2026-04-01", "2026-04-02", null).get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(0, 0, 0))
                .body("steps[0].stepConversionRate", nullValue())
                .body("steps[2].overallConversionRate", nullValue());
    }

    @Test
    void eachCustomerCountsOnceWithTheEarliestStartReachingTheirLevel() {
        String p = prefix();
        Events e = new Events()
                // late: the first start reaches B only after 35 days, the second after 16 days and C after 18
                .add("late-" + p, "l1-" + p, p + "_1", "tiktok", "2026-06-01T00:00:00Z")
                .add("late-" + p, "l2-" + p, p + "_1", "email", "2026-06-20T00:00:00Z")
                .add("late-" + p, "l3-" + p, p + "_2", "web", "2026-07-06T00:00:00Z")
                .add("late-" + p, "l4-" + p, p + "_3", "web", "2026-07-08T00:00:00Z")
                // early: the first start reaches B after a day, the second start reaches nothing
                .add("early-" + p, "e1-" + p, p + "_1", "web", "2026-06-01T00:00:00Z")
                .add("early-" + p, "e2-" + p, p + "_2", "web", "2026-06-02T00:00:00Z")
                .add("early-" + p, "e3-" + p, p + "_1", "store", "2026-06-10T00:00:00Z");
        String f = awaitStored(e, p);
        // P30D (the default) and P35D give the same answer, by the two ways of picking the chosen start.
        for (String window : new String[] { null, "P35D" }) {
            query("2026-06-01", "2026-07-10", window).queryParam("breakdown", "channel")
                    .get("/v1/funnels/{id}/conversion", f).then()
                    .body("steps.customers", contains(2, 2, 1))
                    .body("steps[1].medianSecondsFromPrevious", equalTo(734400.0f)) // 1 and 16 days
                    .body("steps[2].medianSecondsFromPrevious", equalTo(172800.0f))
                    .body("breakdown.value", contains("email", "web"))
                    .body("breakdown.find { it.value == 'email' }.steps.customers", contains(1, 1, 1))
                    .body("breakdown.find { it.value == 'web' }.steps.customers", contains(1, 1, 0));
        }
        // Before the late customer's second start only its first, reaching nothing within 30 days, is in range.
        query("2026-06-01", "2026-06-15", null).get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(2, 1, 0));
        query("2026-06-05", "2026-07-10", null).get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(2, 1, 1));
    }

    @Test
    void skipModeMaySkipStagesStrictModeMayNot() {
        String p = prefix();
        Events e = new Events()
                .add("skip-" + p, "s1-" + p, p + "_1", "web", "2026-04-01T00:00:00Z")
                .add("skip-" + p, "s3-" + p, p + "_3", "web", "2026-04-02T00:00:00Z")
                .add("skip-" + p, "s2-" + p, p + "_2", "web", "2026-04-03T00:00:00Z");
        String f = awaitStored(e, p);
        query("2026-04-01", "2026-04-05", null).get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(1, 1, 0));
        query("2026-04-01", "2026-04-05", null).queryParam("mode", "skip").get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(1, 1, 1));
        query("2026-04-01", "2026-04-05", "PT36H").queryParam("mode", "skip").get("/v1/funnels/{id}/conversion", f)
                .then().body("steps.customers", contains(1, 1, 1));
        query("2026-04-01", "2026-04-05", "PT36H").get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(1, 0, 0));
    }

    @Test
    void breakdownByChannelAndCsv() {
        String p = prefix();
        Events e = new Events()
                .add("a-" + p, "a1-" + p, p + "_1", "tiktok", "2026-05-01T00:00:00Z")
                .add("a-" + p, "a2-" + p, p + "_2", "web", "2026-05-02T00:00:00Z")
                .add("b-" + p, "b1-" + p, p + "_1", "email", "2026-05-01T00:00:00Z")
                .add("b-" + p, "b2-" + p, p + "_1", "tiktok", "2026-05-03T00:00:00Z")
                .add("b-" + p, "b3-" + p, p + "_2", "web", "2026-05-04T00:00:00Z")
                .add("b-" + p, "b4-" + p, p + "_3", "store", "2026-05-05T00:00:00Z");
        String f = awaitStored(e, p);
        // Flow: by the channel of each visit's first event.
        query("2026-05-01", "2026-05-06", null).queryParam("breakdown", "channel").get("/v1/funnels/{id}/flow", f).then()
                .body("stages.visits", contains(2, 2, 1))
                .body("breakdown.value", contains("email", "store", "tiktok", "web"))
                .body("breakdown.find { it.value == 'tiktok' }.stages[0].visits", equalTo(1))
                .body("breakdown.find { it.value == 'web' }.stages[1].visits", equalTo(2));
        // Conversion: by the channel of e1 of the customer's earliest chain reaching their level.
        query("2026-05-01", "2026-05-06", null).queryParam("breakdown", "channel").get("/v1/funnels/{id}/conversion", f)
                .then()
                .body("steps.customers", contains(2, 2, 1))
                .body("breakdown.value", contains("email", "tiktok"))
                .body("breakdown.find { it.value == 'email' }.steps.customers", contains(1, 1, 1))
                .body("breakdown.find { it.value == 'tiktok' }.steps.customers", contains(1, 1, 0));

        String csv = query("2026-05-01", "2026-05-06", null).header("Accept", "text/csv")
                .get("/v1/funnels/{id}/flow", f).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        assertEquals("stage,visits,forward,loopBack,stalled,movedAfterWindow,noSuccessor,conversionRate,loopBackRate,"
                + "stallRate\r\ns1,2,2,0,0,0,0,1.0,0.0,0.0\r\ns2,2,1,0,1,0,1,0.5,0.0,0.5\r\ns3,1,0,0,1,0,1,0.0,0.0,1.0\r\n", csv);
        String steps = query("2026-05-01", "2026-05-06", null).queryParam("breakdown", "channel")
                .header("Accept", "text/csv").get("/v1/funnels/{id}/conversion", f).then().statusCode(200)
                .extract().asString();
        assertEquals("channel,stage,customers,stepConversionRate,overallConversionRate,medianSecondsFromPrevious,"
                + "timeToConvertUpToPT1M,timeToConvertUpToPT5M,timeToConvertUpToPT15M,timeToConvertUpToPT1H,"
                + "timeToConvertUpToPT6H,timeToConvertUpToP1D,timeToConvertUpToP3D,timeToConvertUpToP7D,"
                + "timeToConvertUpToP14D,timeToConvertUpToP30D,timeToConvertFromP30D",
                steps.lines().findFirst().orElseThrow());
        assertEquals(7, steps.split("\r\n").length, "a header and three steps for each of two channels");
        String trends = query("2026-05-01", "2026-05-06", null).queryParam("interval", "day")
                .header("Accept", "text/csv").get("/v1/funnels/{id}/trends", f).then().statusCode(200)
                .extract().asString();
        assertEquals(1 + 5 * 3, trends.split("\r\n").length, "a header and three stages for each of five days");
        assertEquals("2026-05-01T00:00:00Z,s1,2,2,0,0,0,0,1.0,0.0,0.0", trends.split("\r\n")[1]);
    }

    @Test
    void trendsBucketByUtcDayWeekAndMonth() {
        String p = prefix();
        Events e = new Events()
                .add("t-" + p, "t1-" + p, p + "_1", "web", "2026-06-01T23:59:59Z")   // Monday
                .add("t-" + p, "t2-" + p, p + "_2", "web", "2026-06-02T00:00:00Z")
                .add("t-" + p, "t3-" + p, p + "_1", "web", "2026-06-08T10:00:00Z")   // next Monday
                .add("t-" + p, "t4-" + p, p + "_3", "web", "2026-07-01T00:00:00Z");
        String f = awaitStored(e, p);
        query("2026-06-01", "2026-06-03", "P1D").queryParam("interval", "day").get("/v1/funnels/{id}/trends", f).then()
                .body("interval", equalTo("day"))
                .body("buckets.start", contains("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"))
                .body("buckets[0].stages[0].visits", equalTo(1))
                .body("buckets[0].stages[0].forward", equalTo(1))
                .body("buckets[1].stages[1].visits", equalTo(1))
                .body("buckets[1].stages[1].loopBack", equalTo(0))
                .body("buckets[1].stages[1].stalled", equalTo(1));
        query("2026-06-01", "2026-06-15", null).queryParam("interval", "week").get("/v1/funnels/{id}/trends", f).then()
                .body("buckets.start", contains("2026-06-01T00:00:00Z", "2026-06-08T00:00:00Z"))
                .body("buckets[0].stages.visits", contains(1, 1, 0))
                .body("buckets[1].stages.visits", contains(1, 0, 0))
                .body("buckets[1].stages[0].forward", equalTo(1));
        query("2026-06-10", "2026-07-02", null).queryParam("interval", "month").get("/v1/funnels/{id}/trends", f).then()
                .body("buckets.start", contains("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z"))
                .body("buckets[0].stages.visits", contains(0, 0, 0))
                .body("buckets[1].stages.visits", contains(0, 0, 1));
    }

    @Test
    void parameterErrorsNameTheParameter() {
        String[][] cases = {
                { "from=2026-02-01&to=2026-01-01", "from", "flow" },
                { "from=soon", "from", "flow" },
                { "to=2026-99-01", "to", "conversion" },
                { "window=P0D", "window", "flow" },
                { "window=P400D", "window", "trends" },
                { "window=forever", "window", "conversion" },
                { "mode=fuzzy", "mode", "conversion" },
                { "interval=hour", "interval", "trends" },
                { "breakdown=country", "breakdown", "flow" },
                { "from=2020-01-01&to=2026-01-01&interval=day", "interval", "trends" },
        };
        for (String[] c : cases) {
            reader().get("/v1/funnels/customer-journey/" + c[2] + "?" + c[0]).then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(c[1]));
        }
        reader().get("/v1/funnels/no-such-funnel/flow").then().statusCode(404).contentType("application/problem+json");
        as(WRITE_KEY).get("/v1/funnels/customer-journey/flow").then().statusCode(403);
    }

    @Test
    void aFunnelStillBackfillingAnswersWithItsProgress() {
        String id = Funnels.uniqueId("pending");
        Funnels.create(Funnels.definition(id, prefix(), 2));
        Funnels.awaitBackfillDone(id);
        markRunning(id);
        reader().get("/v1/funnels/{id}/flow", id).then().statusCode(202)
                .header("Retry-After", equalTo("2"))
                .body("state", equalTo("running"))
                .body("stages", nullValue());
        reader().get("/v1/funnels/{id}/conversion", id).then().statusCode(202);
    }

    @Transactional
    void markRunning(String id) {
        // As if a backfill had just started: no cursor left to finish it, so it stays running.
        em.createNativeQuery("update funnel set backfill_state = 'RUNNING', backfill_total = 10 where id = ?1")
                .setParameter(1, id).executeUpdate();
    }

    @Test
    void theDefaultRangeIsTheLast30Days() {
        String p = prefix();
        Instant now = Instant.now();
        Events e = new Events()
                .add("recent-" + p, "r1-" + p, p + "_1", "web", now.minus(Duration.ofHours(1)).toString())
                .add("old-" + p, "o1-" + p, p + "_1", "web", now.minus(Duration.ofDays(31)).toString());
        String f = awaitStored(e, p);
        reader().get("/v1/funnels/{id}/flow", f).then().body("stages[0].visits", equalTo(1)).body("window", equalTo("P30D"));
    }
}

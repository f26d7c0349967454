package dev.touchpoint.analytics;

import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import dev.touchpoint.support.Events;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** {@code conversion?stepWindows=} on the journeys of docs/design/analysis-metrics.md, worked by hand, and its bad input. */
@QuarkusTest
class StepWindowsEndpointTest {

    @Inject
    EntityManager em;

    private static RequestSpecification query(String stepWindows) {
        RequestSpecification r = reader().queryParam("from", "2026-08-01").queryParam("to", "2026-08-05");
        return stepWindows == null ? r : r.queryParam("stepWindows", stepWindows);
    }

    private String awaitStored(Events events, String prefix) {
        String id = Funnels.uniqueId("sw");
        Funnels.create(Funnels.definition(id, prefix, 3));
        Funnels.awaitBackfillDone(id);
        events.post();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedWithPrefix(prefix) == events.size());
        return id;
    }

    @Transactional
    long storedWithPrefix(String prefix) {
        return ((Number) em.createNativeQuery("select count(*) from touchpoint where type like ?1")
                .setParameter(1, prefix + "\\_%").getSingleResult()).longValue();
    }

    private static String prefix() {
        return "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void theLevelIsTheLongestChainThatExistsNotTheGreedyOne() {
        String p = prefix();
        String c = "greedy-" + p;
        // A@0h B@2h B@20h C@40h: greedy takes B@2h, 38 h from C; A, B@20h, C keeps both one-day bounds.
        Events e = new Events()
                .add(c, c + "a", p + "_1", "tiktok", "2026-08-01T00:00:00Z")
                .add(c, c + "b1", p + "_2", "web", "2026-08-01T02:00:00Z")
                .add(c, c + "b2", p + "_2", "email", "2026-08-01T20:00:00Z")
                .add(c, c + "c", p + "_3", "store", "2026-08-02T16:00:00Z");
        String f = awaitStored(e, p);
        for (String mode : new String[] { "strict", "skip" }) {
            query("P1D,P1D").queryParam("mode", mode).get("/v1/funnels/{id}/conversion", f).then().statusCode(200)
                    .body("stepWindows", contains("P1D", "P1D"))
                    .body("steps.customers", contains(1, 1, 1))
                    .body("steps.medianSecondsFromPrevious", contains(null, 72000.0f, 72000.0f))
                    .body("steps[0].timeToConvert", nullValue())
                    // 20 h each: the bucket [6h, 1d).
                    .body("steps[1].timeToConvert.find { it.upTo == 'P1D' }.customers", equalTo(1))
                    .body("steps[2].timeToConvert.find { it.upTo == 'P1D' }.customers", equalTo(1))
                    .body("steps[2].timeToConvert.findAll { it.upTo != 'P1D' }.customers", everyItem(equalTo(0)))
                    .body("medians.estimated", equalTo(false))
                    .body("medians.customers", equalTo(1));
        }
        // B@2h is already too late for a one-hour first step; B@20h is later still.
        query("PT1H,P1D").get("/v1/funnels/{id}/conversion", f).then().body("steps.customers", contains(1, 0, 0));
        // The total window still bounds the whole chain (40 h).
        query("P1D,P1D").queryParam("window", "PT39H").get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(1, 1, 0));
        // Without step windows: the stored rows, no stepWindows in the answer.
        query(null).get("/v1/funnels/{id}/conversion", f).then().body("steps.customers", contains(1, 1, 1))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("stepWindows")));
    }

    @Test
    void skipModeMayJumpOverStagesWithinTheSumOfTheirBounds() {
        String p = prefix();
        String c = "jump-" + p;
        Events e = new Events()
                .add(c, c + "a", p + "_1", "tiktok", "2026-08-01T00:00:00Z")
                .add(c, c + "c", p + "_3", "web", "2026-08-01T01:30:00Z");
        String f = awaitStored(e, p);
        query("PT1H,PT1H").get("/v1/funnels/{id}/conversion", f).then().body("steps.customers", contains(1, 0, 0));
        // A -> C may take 1 h + 1 h; the one jump serves both steps: 90 minutes, bucket [1h, 6h).
        query("PT1H,PT1H").queryParam("mode", "skip").get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(1, 1, 1))
                .body("steps.medianSecondsFromPrevious", contains(null, 5400.0f, 5400.0f))
                .body("steps[1].timeToConvert.find { it.upTo == 'PT6H' }.customers", equalTo(1))
                .body("steps[2].timeToConvert.find { it.upTo == 'PT6H' }.customers", equalTo(1));
        query("PT1H,PT29M").queryParam("mode", "skip").get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(1, 0, 0));
    }

    @Test
    void breakdownByTheChannelOfTheEarliestChainAndCsv() {
        String p = prefix();
        // x: the first A (email) reaches no B within an hour, the second A (tiktok) does.
        // y: A (web) then B 30 minutes later, C two days later.
        Events e = new Events()
                .add("x-" + p, "x1-" + p, p + "_1", "email", "2026-08-01T00:00:00Z")
                .add("x-" + p, "x2-" + p, p + "_1", "tiktok", "2026-08-01T05:00:00Z")
                .add("x-" + p, "x3-" + p, p + "_2", "web", "2026-08-01T05:10:00Z")
                .add("y-" + p, "y1-" + p, p + "_1", "web", "2026-08-01T00:00:00Z")
                .add("y-" + p, "y2-" + p, p + "_2", "web", "2026-08-01T00:30:00Z")
                .add("y-" + p, "y3-" + p, p + "_3", "web", "2026-08-03T00:30:00Z");
        String f = awaitStored(e, p);
        query("PT1H,P3D").queryParam("breakdown", "channel").get("/v1/funnels/{id}/conversion", f).then()
                .body("steps.customers", contains(2, 2, 1))
                .body("steps.medianSecondsFromPrevious", contains(null, 1200.0f, 172800.0f))
                .body("breakdown.value", contains("tiktok", "web"))
                .body("breakdown[0].steps.customers", contains(1, 1, 0))
                .body("breakdown[1].steps.customers", contains(1, 1, 1));
        String csv = query("PT1H,P3D").header("Accept", "text/csv").get("/v1/funnels/{id}/conversion", f).then()
                .statusCode(200).header("Touchpoint-Medians", "exact; customers=2").extract().asString();
        String[] rows = csv.split("\r\n");
        assertEquals(4, rows.length, csv);
        assertEquals("s1,2,1.0,1.0,,,,,,,,,,,,", rows[1]);
        // x: 10 minutes ([5m, 15m)), y: 30 minutes ([15m, 1h)); the median is their mean, 20 minutes.
        assertEquals("s2,2,1.0,1.0,1200.0,0,0,1,1,0,0,0,0,0,0,0", rows[2]);
        assertEquals("s3,1,0.5,0.5,172800.0,0,0,0,0,0,0,1,0,0,0,0", rows[3]);
    }

    @Test
    void badStepWindowsAreA400NamingTheParameter() {
        String[][] cases = {
                { "P1D,P1D", "needs 5" },            // customer-journey has six stages
                { "P1D,P1D,P1D,P1D,P1D,P1D", "needs 5" },
                { "soon,P1D,P1D,P1D,P1D", "ISO-8601" },
                { "P1D,,P1D,P1D,P1D", "ISO-8601" },
                { "P1D,P1D,P1D,P1D,P1D,", "ISO-8601" },
                { "P0D,P1D,P1D,P1D,P1D", "more than zero" },
                { "-PT1H,P1D,P1D,P1D,P1D", "more than zero" },
                { "P366D,P1D,P1D,P1D,P1D", "at most P365D" },
                { "PT0.0005S,P1D,P1D,P1D,P1D", "milliseconds" },
        };
        List<String> accepted = new ArrayList<>();
        for (String[] c : cases) {
            var response = reader().urlEncodingEnabled(false)
                    .get("/v1/funnels/customer-journey/conversion?stepWindows=" + c[0]).then();
            if (response.extract().statusCode() != 400) {
                accepted.add(c[0]);
                continue;
            }
            response.contentType("application/problem+json").body("errors.field", everyItem(equalTo("stepWindows")))
                    .body("errors.message", hasItem(containsString(c[1])));
        }
        assertEquals(List.of(), accepted, "step windows answered other than 400");
        // An empty value is no value, as for every other parameter.
        reader().urlEncodingEnabled(false).get("/v1/funnels/customer-journey/conversion?stepWindows=").then()
                .statusCode(200).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("stepWindows")));
    }
}

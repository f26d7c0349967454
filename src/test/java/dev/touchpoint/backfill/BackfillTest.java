package dev.touchpoint.backfill;

import static dev.touchpoint.support.Api.admin;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import db.migration.V15__Credit_rollup;
import dev.touchpoint.support.ConversionCellsCheck;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;

/** SPEC "Funnel changes": a funnel defined today answers for the events stored before it, with its current rules. */
@QuarkusTest
class BackfillTest {

    private static String event(String customer, String id, String type, String timestamp) {
        return "{\"eventId\":\"" + customer + "-" + id + "\",\"customerId\":\"" + customer + "\",\"type\":\"" + type
                + "\",\"timestamp\":\"" + timestamp + "\"}";
    }

    @Inject
    DataSource db;
    @Inject
    BackfillCursors cursors;

    @Test
    void aNewFunnelAttributesStoredHistoryAndAChangedOneReattributesIt() {
        String c = uniqueCustomer("backfill");
        String prefix = storeThreeEvents(c, "bf");

        String id = Funnels.uniqueId("bf");
        Funnels.create(Funnels.definition(id, prefix, 2));
        Funnels.awaitBackfillDone(id);
        reader().get("/v1/funnels/{id}", id).then()
                .body("backfill.progress", equalTo(1.0f))
                .body("backfill.journeysTotal", greaterThanOrEqualTo(1))
                .body("backfill.finishedAt", notNullValue());
        reader().queryParam("funnel", id).get("/v1/customers/{id}/journey", c).then()
                .body("visits.stage", contains("s1", "s2", "s1"));
        assertVisitsPerStage(id, 2, 1);

        // Swap the rules: the same history now reads s2, s1, s2.
        String swapped = Funnels.definition(id, prefix, 2).replace(prefix + "_1", "TMP").replace(prefix + "_2", prefix + "_1")
                .replace("TMP", prefix + "_2");
        admin().body(swapped).put("/v1/funnels/{id}", id).then().statusCode(200).body("version", equalTo(2));
        Funnels.awaitBackfillDone(id);
        reader().queryParam("funnel", id).get("/v1/customers/{id}/journey", c).then()
                .body("visits.stage", contains("s2", "s1", "s2"));
        // The old rules' visits are gone from the daily rollup too, not added to.
        assertVisitsPerStage(id, 1, 2);
    }

    /**
     * The upgrade path of a migration that rebuilds derived tables (V6, V9, V13): it empties them and marks
     * every funnel running; the cursors laid at start-up re-attribute the stored history, and every
     * answer is again what attribution had kept.
     */
    @Test
    void aFunnelMarkedByAMigrationIsReattributedToTheSameAnswers() throws Exception {
        String c = uniqueCustomer("migrated");
        String prefix = storeThreeEvents(c, "mg");
        String id = Funnels.uniqueId("mg");
        Funnels.create(Funnels.definition(id, prefix, 2));
        Funnels.awaitBackfillDone(id);
        String flow = flowAnswer(id);
        String journey = reader().queryParam("funnel", id).get("/v1/customers/{id}/journey", c).then().statusCode(200)
                .extract().path("visits").toString();

        try (Connection conn = db.getConnection(); Statement st = conn.createStatement()) {
            V15__Credit_rollup.reattributeEveryFunnel(st);
        }
        reader().get("/v1/funnels/{id}", id).then().body("backfill.state", equalTo("running"));
        cursors.layMissing();
        cursors.layMissing(); // a second instance starting finds the cursors laid and lays none
        for (String funnel : reader().get("/v1/funnels").jsonPath().<String>getList("id")) {
            Funnels.awaitBackfillDone(funnel);
        }
        assertEquals(flow, flowAnswer(id));
        assertEquals(journey, reader().queryParam("funnel", id).get("/v1/customers/{id}/journey", c).then()
                .extract().path("visits").toString());
        assertVisitsPerStage(id, 2, 1);
    }

    /** Stores {@code prefix_1, prefix_2, prefix_1} on three days for {@code c}; returns the type prefix. */
    private static String storeThreeEvents(String c, String tag) {
        String prefix = tag + c.substring(c.length() - 6).replace("-", "");
        writer().body("{\"events\":[" + event(c, "1", prefix + "_1", "2026-02-01T00:00:00Z") + ","
                + event(c, "2", prefix + "_2", "2026-02-02T00:00:00Z") + ","
                + event(c, "3", prefix + "_1", "2026-02-03T00:00:00Z") + "]}")
                .post("/v1/events/batch").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> reader().get("/v1/customers/{id}/journey", c)
                .jsonPath().getList("touchpoints").size() == 3);
        return prefix;
    }

    private static String flowAnswer(String funnelId) {
        return reader().queryParam("from", "2026-02-01").queryParam("to", "2026-02-04")
                .get("/v1/funnels/{id}/flow", funnelId).then().statusCode(200).extract().asString();
    }

    /** Flow over whole days, which the daily rollup answers; and the rollup equals the visits. */
    private void assertVisitsPerStage(String funnelId, int s1, int s2) {
        reader().queryParam("from", "2026-02-01").queryParam("to", "2026-02-04").queryParam("window", "P1D")
                .get("/v1/funnels/{id}/flow", funnelId).then().statusCode(200)
                .body("stages.visits", contains(s1, s2));
        FlowRollupCheck.assertRollupMatchesVisits(db, funnelId);
        ConversionCellsCheck.assertCellsMatchStarts(db, funnelId);
    }
}

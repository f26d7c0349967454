package dev.touchpoint.consumer;

import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * docs/metrics.md through the real pipeline: events posted in any order end up as the visits their
 * timestamps dictate, and a late event is placed where its timestamp puts it.
 */
@QuarkusTest
class AttributionInEventOrderTest {

    private static final String FUNNEL = Funnels.uniqueId("abc");

    private static boolean created;

    @BeforeEach
    void createFunnelOnce() {
        if (!created) {
            // Stages s1, s2, s3 play SPEC's A, B, C.
            Funnels.create(Funnels.definition(FUNNEL, "abc", 3));
            created = true;
        }
    }

    private static String event(String customer, String id, String type, int day, int hour) {
        return "{\"eventId\":\"" + customer + "-" + id + "\",\"customerId\":\"" + customer + "\",\"type\":\"" + type
                + "\",\"channel\":\"ch-" + id + "\",\"timestamp\":\"2026-01-0" + day + "T" + String.format("%02d", hour)
                + ":00:00Z\"}";
    }

    private static JsonPath journey(String customer) {
        return reader().queryParam("funnel", FUNNEL).get("/v1/customers/{id}/journey", customer)
                .then().statusCode(200).extract().jsonPath();
    }

    private static List<String> visitSummary(String customer) {
        return journey(customer).getList("visits", Map.class).stream()
                .map(v -> v.get("stage") + "@" + v.get("enteredAt") + "->" + v.get("nextStage")).toList();
    }

    @Test
    void theWorkedExamplePostedBackwardsGivesTheWorkedExampleVisits() {
        String c = uniqueCustomer("spec");
        // SPEC: A(day 1) A(day 2) B(day 3) A(day 4) B(day 5) C(day 6); posted out of order, one not in the funnel.
        writer().body(event(c, "c6", "abc_3", 6, 0)).post("/v1/events").then().statusCode(202);
        writer().body("{\"events\":[" + event(c, "b5", "abc_2", 5, 0) + "," + event(c, "x", "unrelated", 3, 12) + ","
                + event(c, "a4", "abc_1", 4, 0) + "]}").post("/v1/events/batch").then().statusCode(202);
        writer().body(event(c, "b3", "abc_2", 3, 0)).post("/v1/events").then().statusCode(202);
        writer().body("{\"events\":[" + event(c, "a2", "abc_1", 2, 0) + "," + event(c, "a1", "abc_1", 1, 0) + "]}")
                .post("/v1/events/batch").then().statusCode(202);

        List<String> expected = List.of(
                "s1@2026-01-01T00:00:00Z->s2", "s2@2026-01-03T00:00:00Z->s1", "s1@2026-01-04T00:00:00Z->s2",
                "s2@2026-01-05T00:00:00Z->s3", "s3@2026-01-06T00:00:00Z->null");
        await().atMost(Duration.ofSeconds(20)).until(() -> visitSummary(c).equals(expected));

        JsonPath j = journey(c);
        // The first visit of A collapses two events and keeps the channel of its first one.
        org.junit.jupiter.api.Assertions.assertEquals(2, j.getInt("visits[0].events"));
        org.junit.jupiter.api.Assertions.assertEquals("ch-a1", j.getString("visits[0].channel"));
        reader().queryParam("funnel", FUNNEL).get("/v1/customers/{id}/journey", c).then()
                .body("touchpoints.stages.'" + FUNNEL + "'", contains("s1", "s1", "s2", null, "s1", "s2", "s3"))
                .body("touchpoints[3].type", org.hamcrest.Matchers.equalTo("unrelated"));
    }

    @Test
    void aLateEventIsPlacedByItsTimestampAndTheJourneyRecomputed() {
        String c = uniqueCustomer("late");
        writer().body("{\"events\":[" + event(c, "a1", "abc_1", 1, 0) + "," + event(c, "a2", "abc_1", 2, 0) + ","
                + event(c, "c3", "abc_3", 3, 0) + "]}").post("/v1/events/batch").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> visitSummary(c).equals(List.of(
                "s1@2026-01-01T00:00:00Z->s3", "s3@2026-01-03T00:00:00Z->null")));

        // B arrives last but happened between the two A events: it splits the first visit.
        writer().body(event(c, "b1", "abc_2", 1, 12)).post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> visitSummary(c).equals(List.of(
                "s1@2026-01-01T00:00:00Z->s2", "s2@2026-01-01T12:00:00Z->s1", "s1@2026-01-02T00:00:00Z->s3",
                "s3@2026-01-03T00:00:00Z->null")));
    }

    @Test
    void aLoopBackFromTheLastStageToTheFirstStartsANewCycle() {
        String c = uniqueCustomer("cycle");
        writer().body("{\"events\":[" + event(c, "a1", "abc_1", 1, 0) + "," + event(c, "b2", "abc_2", 2, 0) + ","
                + event(c, "c3", "abc_3", 3, 0) + "," + event(c, "a4", "abc_1", 4, 0) + "," + event(c, "c5", "abc_3", 5, 0)
                + "]}").post("/v1/events/batch").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> journey(c).getList("visits").size() == 5);
        reader().queryParam("funnel", FUNNEL).get("/v1/customers/{id}/journey", c).then()
                .body("visits.cycle", contains(0, 0, 0, 1, 1))
                .body("visits[4].nextStage", nullValue());
    }

    @Test
    void anUnknownFunnelIs404() {
        reader().queryParam("funnel", "no-such-funnel").get("/v1/customers/x/journey")
                .then().statusCode(404).contentType("application/problem+json");
    }
}

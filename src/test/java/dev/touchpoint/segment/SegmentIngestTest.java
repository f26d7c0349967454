package dev.touchpoint.segment;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * {@code /segment/v1/*} called as Segment's HTTP Tracking API documents it: each endpoint maps
 * as SPEC §5.1 says; bad input is a 4xx problem naming the field and rule, and stores nothing.
 * "Nothing stored" is proven without timing: a marker event of the same journey key (so the same
 * Kafka partition) is sent after the refused request, and once it is stored it is the only one.
 */
@QuarkusTest
class SegmentIngestTest {

    private static RequestSpecification segment() {
        return given().auth().preemptive().basic(WRITE_KEY, "").contentType("application/json");
    }

    private static List<String> types(String id) {
        return reader().get("/v1/customers/{id}/journey", id).then().statusCode(200).extract().jsonPath()
                .getList("touchpoints.type", String.class);
    }

    @Test
    void eachEndpointMapsItsMessage() {
        String customer = uniqueCustomer("seg");
        segment().body("{\"userId\":\"" + customer + "\",\"event\":\"Signed Up!\",\"messageId\":\"" + customer
                + "-t\",\"originalTimestamp\":\"2026-01-01T10:00:00Z\",\"context\":{\"campaign\":{\"source\":\"TikTok\"}}}")
                .post("/segment/v1/track").then().statusCode(200).body("success", equalTo(true));
        segment().body("{\"userId\":\"" + customer + "\",\"name\":\"Cart\",\"timestamp\":\"2026-01-01T10:01:00Z\"}")
                .post("/segment/v1/page").then().statusCode(200);
        // writeKey in the body instead of Basic auth, as some clients send it.
        given().contentType("application/json").body("{\"writeKey\":\"" + WRITE_KEY + "\",\"userId\":\"" + customer
                + "\",\"name\":\"Home\",\"timestamp\":\"2026-01-01T10:02:00Z\",\"properties\":{\"channel\":\"store\"}}")
                .post("/segment/v1/screen").then().statusCode(200).body("success", equalTo(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> types(customer).size() == 3);
        reader().get("/v1/customers/{id}/journey", customer).then()
                .body("touchpoints[0].eventId", equalTo(customer + "-t"))
                .body("touchpoints[0].type", equalTo("signed_up_"))
                .body("touchpoints[0].channel", equalTo("tiktok"))
                .body("touchpoints[1].type", equalTo("page_view"))
                .body("touchpoints[1].channel", equalTo("web"))
                .body("touchpoints[2].type", equalTo("screen_view"))
                .body("touchpoints[2].channel", equalTo("store"));
    }

    @Test
    void malformedJsonNamesTheBody() {
        segment().body("{\"userId\":").post("/segment/v1/track").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("body"));
    }

    @Test
    void unknownTypeInABatchRefusesTheWholeBatch() {
        String customer = uniqueCustomer("seg-bad");
        segment().body("{\"batch\":[{\"type\":\"track\",\"event\":\"ok\",\"userId\":\"" + customer + "\"},"
                + "{\"type\":\"group\",\"userId\":\"" + customer + "\",\"groupId\":\"g\"}]}")
                .post("/segment/v1/batch").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("batch[1].type")).body("errors[0].rule", equalTo("unknown-type"));
        assertOnlyMarkerStored(customer);
    }

    @Test
    void brokenFieldsAreNamedInSegmentsTerms() {
        String customer = uniqueCustomer("seg-bad");
        segment().body("{\"batch\":[{\"type\":\"track\",\"userId\":\"" + customer + "\"},"
                + "{\"type\":\"alias\",\"userId\":\"" + customer + "\"}]}")
                .post("/segment/v1/batch").then().statusCode(400)
                .body("errors.field", hasItem("batch[0].event"))
                .body("errors.field", hasItem("batch[1].previousId"));
        // SPEC §1's rules, applied by the shared validator, are named in Segment's terms too.
        segment().body("{\"batch\":[{\"type\":\"track\",\"event\":\"x\",\"userId\":\"" + customer + "\",\"messageId\":7},"
                + "{\"type\":\"page\",\"userId\":\"" + customer + "\",\"timestamp\":\"yesterday\"}]}")
                .post("/segment/v1/batch").then().statusCode(400)
                .body("errors.field", hasItem("batch[0].messageId"))
                .body("errors.field", hasItem("batch[1].timestamp"));
        segment().body("{\"event\":\"x\"}").post("/segment/v1/track").then().statusCode(400)
                .body("errors[0].field", equalTo("userId")).body("errors[0].rule", equalTo("required"));
        assertOnlyMarkerStored(customer);
    }

    @Test
    void aMissingOrWrongWriteKeyIs401() {
        String customer = uniqueCustomer("seg-key");
        String body = "{\"userId\":\"" + customer + "\",\"event\":\"x\"}";
        given().contentType("application/json").body(body).post("/segment/v1/track").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().preemptive().basic("not-a-key", "").contentType("application/json").body(body)
                .post("/segment/v1/track").then().statusCode(401);
        assertOnlyMarkerStored(customer);
    }

    @Test
    void oversizeBodiesAre413() {
        String customer = uniqueCustomer("seg-big");
        String big = "x".repeat(40_000);
        segment().body("{\"userId\":\"" + customer + "\",\"event\":\"x\",\"properties\":{\"b\":\"" + big + "\"}}")
                .post("/segment/v1/track").then().statusCode(413).contentType("application/problem+json")
                .body("errors[0].rule", equalTo("max-size"));
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 18; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"").append(customer)
                    .append("\",\"properties\":{\"b\":\"").append("y".repeat(30_000)).append("\"}}");
        }
        segment().body(batch.append("]}").toString()).post("/segment/v1/batch").then().statusCode(413)
                .body("errors[0].rule", equalTo("max-size"));
        assertOnlyMarkerStored(customer);
    }

    /** Sends a marker after the refused requests; once it is stored, nothing else of the customer may be. */
    private static void assertOnlyMarkerStored(String customer) {
        segment().body("{\"userId\":\"" + customer + "\",\"event\":\"marker\"}").post("/segment/v1/track")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !types(customer).isEmpty());
        assertEquals(List.of("marker"), types(customer));
    }
}

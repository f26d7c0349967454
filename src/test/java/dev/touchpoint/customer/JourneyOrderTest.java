package dev.touchpoint.customer;

import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** docs/metrics.md: a journey is ordered by (timestamp, eventId), whatever the arrival order. */
@QuarkusTest
class JourneyOrderTest {

    private static String event(String customer, String id, String timestamp) {
        return "{\"eventId\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"type\":\"page_view\",\"timestamp\":\""
                + timestamp + "\"}";
    }

    @Test
    void lateAndTiedEventsTakeTheirPlaceByTimestampThenEventId() {
        String c = uniqueCustomer("order");
        writer().body(event(c, c + "-d", "2026-01-04T00:00:00Z")).post("/v1/events").then().statusCode(202);
        writer().body("{\"events\":[" + event(c, c + "-b", "2026-01-02T00:00:00Z") + ","
                + event(c, c + "-c2", "2026-01-03T00:00:00Z") + "," + event(c, c + "-c1", "2026-01-03T00:00:00Z") + "]}")
                .post("/v1/events/batch").then().statusCode(202);
        writer().body(event(c, c + "-a", "2026-01-01T00:00:00Z")).post("/v1/events").then().statusCode(202);

        List<String> expected = List.of(c + "-a", c + "-b", c + "-c1", c + "-c2", c + "-d");
        await().atMost(Duration.ofSeconds(20)).until(() -> reader().get("/v1/customers/{id}/journey", c)
                .jsonPath().getList("touchpoints.eventId", String.class).equals(expected));
        reader().get("/v1/customers/{id}/journey", c).then()
                .body("touchpoints[0].timestamp", equalTo("2026-01-01T00:00:00Z"));
    }

    @Test
    void limitIsValidated() {
        reader().queryParam("limit", 0).get("/v1/customers/x/journey")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
    }
}

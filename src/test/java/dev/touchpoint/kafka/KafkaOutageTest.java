package dev.touchpoint.kafka;

import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue "Kafka unavailable": with the broker stopped, ingestion answers 503 problem+json with
 * Retry-After within the configured time, never 202; readiness goes down; when the broker is
 * back everything recovers by itself and nothing acknowledged is lost.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.ExternalBroker.class)
class KafkaOutageTest {

    public static class ExternalBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("touchpoint.data-dir", "target/test-data-kafka-outage",
                    "touchpoint.ingest.ack-timeout", "3s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoppableBroker.class));
        }
    }

    private static String event(String customer, String id) {
        return "{\"eventId\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"type\":\"purchase\"}";
    }

    private static int stored(String customer) {
        return reader().get("/v1/customers/{id}/journey", customer).jsonPath().getList("touchpoints").size();
    }

    @Test
    void ingestionRefusesWhileTheBrokerIsDownAndRecoversByItself() throws Exception {
        String c = uniqueCustomer("outage");
        writer().body(event(c, c + "-before")).post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(c) == 1);

        StoppableBroker.stopBroker();
        try {
            writer().body(event(c, c + "-during")).post("/v1/events").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo(503));
            writer().body("{\"events\":[" + event(c, c + "-during-batch") + "]}").post("/v1/events/batch")
                    .then().statusCode(503);
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 503);
        } finally {
            StoppableBroker.startBroker();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> writer().body(event(c, c + "-after")).post("/v1/events")
                .statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(c) >= 2);
        List<String> ids = reader().get("/v1/customers/{id}/journey", c).jsonPath().getList("touchpoints.eventId", String.class);
        // The refused events were never acknowledged; what was acknowledged is stored once.
        org.junit.jupiter.api.Assertions.assertEquals(List.of(c + "-after", c + "-before"), ids.stream().sorted().toList());
    }
}

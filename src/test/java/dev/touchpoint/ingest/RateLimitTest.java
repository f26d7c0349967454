package dev.touchpoint.ingest;

import static dev.touchpoint.support.Api.as;
import static dev.touchpoint.support.Api.READ_KEY;
import static dev.touchpoint.support.Api.writer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With a rate limit configured, a key that posts more answers 429 with Retry-After; other keys are unaffected. */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // One event an hour after a burst of 5: the bucket cannot refill during the test.
            return Map.of("touchpoint.data-dir", "target/test-data-rate-limit",
                    "touchpoint.ingest.rate-limit", "1", "touchpoint.ingest.rate-limit-burst", "5");
        }
    }

    private static String batch(int n) {
        StringBuilder b = new StringBuilder("{\"events\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"customerId\":\"limited\",\"type\":\"page_view\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void aKeyOverItsRateIsRefusedWhole() {
        writer().body(batch(4)).post("/v1/events/batch").then().statusCode(202).body("accepted", equalTo(4));
        writer().body(batch(3)).post("/v1/events/batch")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(429));
        as(READ_KEY).contentType("application/json").body(batch(5)).post("/v1/events/batch")
                .then().statusCode(202).body("accepted", equalTo(5));
    }
}

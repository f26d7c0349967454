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
            // One event a second after a burst of 1,000: refilling a spent bucket takes 1,000 s, far longer than
            // the test, however slowly the machine serves the first request.
            return Map.of("touchpoint.data-dir", "target/test-data-rate-limit",
                    "touchpoint.ingest.rate-limit", "1", "touchpoint.ingest.rate-limit-burst", "1000");
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
        writer().body(batch(1000)).post("/v1/events/batch").then().statusCode(202).body("accepted", equalTo(1000));
        writer().body(batch(1000)).post("/v1/events/batch")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(429));
        as(READ_KEY).contentType("application/json").body(batch(5)).post("/v1/events/batch")
                .then().statusCode(202).body("accepted", equalTo(5));
    }
}

package dev.touchpoint.analytics;

import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.StartSample;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Over more customers than {@code touchpoint.query.exact-median-customers} (here 0, so always),
 * conversion at the default window estimates its medians from the sampled journeys only, says
 * so, and still counts every customer; at another window the medians stay exact.
 */
@QuarkusTest
@TestProfile(SampledMediansTest.AlwaysSampled.class)
class SampledMediansTest {

    public static class AlwaysSampled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("touchpoint.data-dir", "target/test-data-sampled-medians",
                    "touchpoint.query.exact-median-customers", "0");
        }
    }

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    @Test
    void mediansComeFromTheSampleAboveTheLimitAndCountsFromEveryone() {
        String p = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> sampled = customers(p, StartSample::includes);
        List<String> others = customers(p, key -> !StartSample.includes(key));
        Events e = new Events();
        // sampled: stage 2 after 1, 2 and 3 hours; the others after 10, 20 and 30 hours
        for (int i = 0; i < 3; i++) {
            journey(e, p, sampled.get(i), Duration.ofHours(i + 1));
            journey(e, p, others.get(i), Duration.ofHours(10 * (i + 1)));
        }
        String funnel = Funnels.uniqueId("sm");
        Funnels.create(Funnels.definition(funnel, p, 3));
        Funnels.awaitBackfillDone(funnel);
        e.post();
        await().atMost(Duration.ofSeconds(30)).until(() -> reader().queryParam("from", "2026-05-01")
                .queryParam("to", "2026-06-01").get("/v1/funnels/{id}/conversion", funnel).jsonPath()
                .getInt("steps[1].customers") == 6);

        reader().queryParam("from", "2026-05-01").queryParam("to", "2026-06-01")
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200)
                .body("steps.customers", contains(6, 6, 0))
                .body("steps[1].medianSecondsFromPrevious", equalTo(7200.0f)) // 1, 2, 3 hours: the sample's
                .body("steps[2].medianSecondsFromPrevious", nullValue())
                // Time to convert counts everyone, not the sample: 1, 2, 3 h in [1h, 6h), 10 and 20 h in
                // [6h, 1d), 30 h in [1d, 3d).
                .body("steps[1].timeToConvert.customers", contains(0, 0, 0, 0, 3, 2, 1, 0, 0, 0, 0))
                .body("steps[2].timeToConvert.customers", contains(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .body("medians.estimated", equalTo(true))
                .body("medians.customers", equalTo(3));
        reader().queryParam("from", "2026-05-01").queryParam("to", "2026-06-01").accept("text/csv")
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200)
                .header("Touchpoint-Medians", "estimated; customers=3");
        // any other window ranks every start: exact, the median of 1, 2, 3, 10, 20, 30 hours
        reader().queryParam("from", "2026-05-01").queryParam("to", "2026-06-01").queryParam("window", "P29D")
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200)
                .body("steps.customers", contains(6, 6, 0))
                .body("steps[1].medianSecondsFromPrevious", equalTo(23400.0f))
                .body("medians.estimated", equalTo(false))
                .body("medians.customers", equalTo(6));
    }

    private static void journey(Events e, String p, String customer, Duration toSecondStage) {
        e.add(customer, customer + "-1", p + "_1", "web", T0.toString());
        e.add(customer, customer + "-2", p + "_2", "web", T0.plus(toSecondStage).toString());
    }

    /** Three customer ids of this test that the sample does (or does not) include. */
    private static List<String> customers(String p, Predicate<String> wanted) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < 3; i++) {
            String id = p + "-c" + i;
            if (wanted.test(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}

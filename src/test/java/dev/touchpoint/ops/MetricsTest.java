package dev.touchpoint.ops;

import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The meters of Meters appear at /q/metrics and move when events come and go. */
@QuarkusTest
class MetricsTest {

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.Ee+-]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void ingestionAndConsumerMetersCount() {
        String before = metrics();
        writer().body("{\"customerId\":\"" + uniqueCustomer("m") + "\",\"type\":\"purchase\"}").post("/v1/events")
                .then().statusCode(202);
        writer().body("{\"customerId\":\"c\",\"type\":\"NOPE\"}").post("/v1/events").then().statusCode(400);

        await().atMost(Duration.ofSeconds(20)).until(() -> value(metrics(), "touchpoint_events_stored_total")
                > value(before, "touchpoint_events_stored_total"));
        String after = metrics();
        assertTrue(value(after, "touchpoint_events_accepted_total") >= value(before, "touchpoint_events_accepted_total") + 1);
        assertTrue(value(after, "touchpoint_events_rejected_total{reason=\"pattern\"}")
                >= value(before, "touchpoint_events_rejected_total{reason=\"pattern\"}") + 1);
        assertTrue(after.contains("touchpoint_produce_latency_seconds_count"), "produce latency timer");
        assertTrue(after.contains("touchpoint_consumer_lag "), "consumer lag gauge");
        assertTrue(after.contains("touchpoint_consumer_batch_size_count"), "batch size summary");
    }

    @Test
    void identityMetersCountLinksIgnoredLinksAndMoves() {
        String device = uniqueCustomer("m-dev");
        String first = uniqueCustomer("m-first");
        String second = uniqueCustomer("m-second");
        String before = metrics();
        // The device's page view is stored first, so the link that follows has something to move.
        writer().body("{\"anonymousId\":\"" + device + "\",\"type\":\"page_view\",\"timestamp\":\"2025-05-01T10:00:00Z\"}")
                .post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> reader().get("/v1/customers/{id}/journey", device).jsonPath()
                .getList("touchpoints").size() == 1);
        writer().body("{\"events\":[{\"anonymousId\":\"" + device + "\",\"customerId\":\"" + first + "\",\"type\":\"sign_up\",\"timestamp\":\"2025-05-01T11:00:00Z\"},"
                + "{\"anonymousId\":\"" + device + "\",\"customerId\":\"" + second + "\",\"type\":\"sign_up\",\"timestamp\":\"2025-05-01T12:00:00Z\"}]}")
                .post("/v1/events/batch").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> value(metrics(), "touchpoint_identity_links_total")
                >= value(before, "touchpoint_identity_links_total") + 2);
        String after = metrics();
        assertTrue(value(after, "touchpoint_identity_links_ignored_total") >= value(before, "touchpoint_identity_links_ignored_total") + 1,
                "the later link to a second customer is ignored");
        assertTrue(value(after, "touchpoint_identity_events_moved_total") >= value(before, "touchpoint_identity_events_moved_total") + 1,
                "the device's page view moved to its owner");
        assertTrue(after.contains("touchpoint_identity_reattributions_seconds_active_count"), "re-attributions running");
        assertTrue(after.contains("touchpoint_identity_reattributions_seconds_duration_sum"), "and their duration");
    }

    @Test
    void openApiDescribesTheEndpoints() {
        String doc = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertTrue(doc.contains("/v1/events/batch"));
        assertTrue(doc.contains("/v1/customers/{id}/journey"));
        for (String path : new String[] { "/v1/funnels/{id}/flow", "/v1/funnels/{id}/conversion", "/v1/funnels/{id}/trends",
                "/v1/funnels/{id}", "/v1/funnel-templates", "/v1/customers/{id}/identities",
                "/v1/customers/{id}/identities/{anonymousId}" }) {
            assertTrue(doc.contains(path + ":"), path);
        }
        // A dashboard builder sees every parameter explained and real answers, JSON and CSV.
        io.restassured.path.json.JsonPath api = given().queryParam("format", "json").get("/q/openapi").jsonPath();
        String flow = "paths.'/v1/funnels/{id}/flow'.get";
        assertEquals(java.util.Set.of("id", "from", "to", "window", "breakdown", "limit"),
                java.util.Set.copyOf(api.getList(flow + ".parameters.name", String.class)));
        assertTrue(api.getList(flow + ".parameters.description", String.class).stream().allMatch(d -> d != null && !d.isBlank()),
                "every parameter described");
        assertEquals(0.8f, api.getFloat(flow + ".responses.'200'.content.'application/json'.examples.flow.value.stages[0].conversionRate"));
        assertTrue(api.getString(flow + ".responses.'200'.content.'text/csv'.examples.csv.value").startsWith("stage,visits"));
        assertTrue(api.getMap("paths.'/v1/funnels/{id}/conversion'.get.responses.'200'.content.'application/json'.examples")
                .containsKey("conversion"));
    }
}

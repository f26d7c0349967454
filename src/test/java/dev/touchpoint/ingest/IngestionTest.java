package dev.touchpoint.ingest;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** Events posted through the API reach Kafka, are consumed and stored, once each. */
@QuarkusTest
class IngestionTest {

    @Inject
    DataSource dataSource;

    private static List<String> journeyEventIds(String customer) {
        return reader().get("/v1/customers/{id}/journey", customer).then().statusCode(200)
                .extract().jsonPath().getList("touchpoints.eventId", String.class);
    }

    private static void awaitJourneySize(String customer, int size) {
        await().atMost(Duration.ofSeconds(20)).until(() -> journeyEventIds(customer).size() == size);
    }

    @Test
    void singleEventIsAcknowledgedAndStored() {
        String customer = uniqueCustomer("single");
        String eventId = writer().body("{\"customerId\":\"" + customer + "\",\"type\":\"video_view\",\"channel\":\"tiktok\","
                + "\"properties\":{\"video\":\"v-1\",\"seconds\":12}}")
                .post("/v1/events")
                .then().statusCode(202)
                .body("eventId", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("eventId");
        awaitJourneySize(customer, 1);
        reader().get("/v1/customers/{id}/journey", customer).then()
                .body("customerId", equalTo(customer))
                .body("touchpoints[0].eventId", equalTo(eventId))
                .body("touchpoints[0].type", equalTo("video_view"))
                .body("touchpoints[0].channel", equalTo("tiktok"))
                .body("touchpoints[0].properties.seconds", equalTo(12));
    }

    /**
     * Every column as posted, on H2 and PostgreSQL alike: text with quotes, commas, line breaks,
     * backslashes and non-ASCII characters, absent values as NULL, and nanosecond instants rounded
     * half up to the stored microsecond.
     */
    @Test
    void aStoredEventKeepsEveryFieldAsPosted() throws Exception {
        String customer = uniqueCustomer("fields");
        String properties = "{\"note\":\"say \\\"hi\\\", then\\nleave \\\\ here, ünï €\",\"n\":1.5,\"empty\":\"\"}";
        writer().body("{\"events\":[{\"eventId\":\"" + customer + "-a\",\"customerId\":\"" + customer + "\","
                + "\"type\":\"video_view\",\"channel\":\"tiktok\",\"timestamp\":\"2026-03-01T10:00:00.123456500Z\","
                + "\"properties\":" + properties + "},"
                + "{\"eventId\":\"" + customer + "-b\",\"customerId\":\"" + customer + "\",\"anonymousId\":\"" + customer
                + "-device\",\"type\":\"purchase\",\"timestamp\":\"2026-03-01T10:00:01.000000499Z\","
                + "\"sentAt\":\"2026-03-01T10:00:02.999999500Z\"}]}")
                .post("/v1/events/batch").then().statusCode(202).body("accepted", equalTo(2));
        awaitJourneySize(customer, 2);
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "select event_id, journey_key, customer_id, anonymous_id, type, channel, occurred_at, original_timestamp,"
                        + " sent_at, properties, partition_no from touchpoint where event_id in (?, ?) order by event_id")) {
            ps.setString(1, customer + "-a");
            ps.setString(2, customer + "-b");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(customer, rs.getString("journey_key"));
                assertNull(rs.getString("anonymous_id"));
                assertEquals("tiktok", rs.getString("channel"));
                assertEquals(Instant.parse("2026-03-01T10:00:00.123457Z"), instant(rs, "occurred_at"));
                assertEquals(Instant.parse("2026-03-01T10:00:00.123457Z"), instant(rs, "original_timestamp"));
                assertNull(instant(rs, "sent_at"));
                ObjectMapper json = new ObjectMapper();
                assertEquals(json.readTree(properties), json.readTree(rs.getString("properties")));
                assertEquals("say \"hi\", then\nleave \\ here, ünï €", json.readTree(rs.getString("properties")).get("note").asText());
                assertTrue(rs.getInt("partition_no") >= 0);
                assertTrue(rs.next());
                assertEquals(customer + "-device", rs.getString("anonymous_id"));
                assertEquals("purchase", rs.getString("type"));
                assertEquals(Instant.parse("2026-03-01T10:00:01Z"), instant(rs, "original_timestamp"));
                assertEquals(Instant.parse("2026-03-01T10:00:03Z"), instant(rs, "sent_at"));
                assertEquals("{}", rs.getString("properties"));
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    @Test
    void batchAcceptsTheValidEventsAndNamesTheRejectedOnes() {
        String customer = uniqueCustomer("batch");
        writer().body("{\"events\":[{\"customerId\":\"" + customer + "\",\"type\":\"ad_click\"},"
                + "{\"customerId\":\"" + customer + "\",\"type\":\"Bad Type\"},"
                + "{\"anonymousId\":\"" + customer + "\",\"type\":\"purchase\"},"
                + "{\"type\":\"purchase\",\"colour\":\"red\"}]}")
                .post("/v1/events/batch")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(2))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].errors[0].field", equalTo("type"))
                .body("rejected[0].errors[0].rule", equalTo("pattern"))
                .body("rejected[1].index", equalTo(3))
                .body("rejected[1].errors.field", hasItem("colour"))
                .body("rejected[1].errors.field", hasItem("customerId"));
        awaitJourneySize(customer, 2);
    }

    @Test
    void batchWithNoValidEventIs400AndListsEveryRejection() {
        writer().body("{\"events\":[{\"type\":\"x\"},{\"customerId\":\"c\"}]}")
                .post("/v1/events/batch")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("rejected", hasSize(2))
                .body("rejected[0].errors[0].field", equalTo("customerId"))
                .body("rejected[1].errors[0].field", equalTo("type"));
    }

    @Test
    void beaconPostsTextPlainWithTheKeyInTheQuery() {
        String customer = uniqueCustomer("beacon");
        given().contentType("text/plain;charset=UTF-8").queryParam("writeKey", WRITE_KEY)
                .body("{\"anonymousId\":\"" + customer + "\",\"type\":\"page_view\",\"channel\":\"web\"}")
                .post("/v1/events")
                .then().statusCode(202);
        given().contentType("text/plain").queryParam("writeKey", WRITE_KEY)
                .body("{\"events\":[{\"anonymousId\":\"" + customer + "\",\"type\":\"product_view\"}]}")
                .post("/v1/events/batch")
                .then().statusCode(202).body("accepted", equalTo(1));
        awaitJourneySize(customer, 2);
    }

    @Test
    void anEventIdAlreadyStoredIsAcceptedButStoredOnce() {
        String customer = uniqueCustomer("dup");
        String event = "{\"eventId\":\"" + customer + "-e1\",\"customerId\":\"" + customer + "\",\"type\":\"purchase\"}";
        writer().body(event).post("/v1/events").then().statusCode(202).body("eventId", equalTo(customer + "-e1"));
        writer().body("{\"events\":[" + event + "," + event + "]}").post("/v1/events/batch")
                .then().statusCode(202).body("accepted", equalTo(2));
        String marker = "{\"customerId\":\"" + customer + "\",\"type\":\"review\",\"eventId\":\"" + customer + "-e2\"}";
        writer().body(marker).post("/v1/events").then().statusCode(202);
        awaitJourneySize(customer, 2);
        // The marker was posted last and is stored, so every copy of e1 was consumed by now.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> journeyEventIds(customer).equals(List.of(customer + "-e1", customer + "-e2")));
    }

    @Test
    void unknownFieldsAreRejectedByName() {
        writer().body("{\"customerId\":\"c\",\"type\":\"t\",\"userId\":\"u\"}")
                .post("/v1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("userId"))
                .body("errors[0].rule", equalTo("unknown-field"));
        writer().body("{\"events\":[],\"extra\":1}").post("/v1/events/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("extra"));
    }

    @Test
    void everyFieldRuleAnswersProblemJsonNamingTheField() {
        String[][] cases = {
                { "{\"customerId\":\"c\"}", "type", "required" },
                { "{\"type\":\"t\"}", "customerId", "required" },
                { "{\"customerId\":\"c\",\"type\":\"UPPER\"}", "type", "pattern" },
                { "{\"customerId\":\"c\",\"type\":\"t\",\"channel\":\"Tik Tok\"}", "channel", "pattern" },
                { "{\"customerId\":\"" + "x".repeat(257) + "\",\"type\":\"t\"}", "customerId", "length" },
                { "{\"anonymousId\":\"\",\"type\":\"t\"}", "anonymousId", "length" },
                { "{\"eventId\":\"" + "x".repeat(65) + "\",\"customerId\":\"c\",\"type\":\"t\"}", "eventId", "length" },
                { "{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":\"soon\"}", "timestamp", "format" },
                { "{\"customerId\":\"c\",\"type\":\"t\",\"sentAt\":\"2026-01-01\"}", "sentAt", "format" },
                { "{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":\"2999-01-01T00:00:00Z\"}", "timestamp", "future" },
                { "{\"customerId\":\"c\",\"type\":\"t\",\"properties\":\"x\"}", "properties", "type" },
                { "{\"customerId\":1,\"type\":\"t\"}", "customerId", "type" },
                { "[]", "event", "type" },
                { "{\"customerId\":\"c\",", "body", "json" },
                { "{\"customerId\":\"c\",\"customerId\":\"d\",\"type\":\"t\"}", "body", "json" },
        };
        for (String[] c : cases) {
            writer().body(c[0]).post("/v1/events")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem(c[1]))
                    .body("errors.rule", hasItem(c[2]));
        }
    }

    @Test
    void sizeLimitsAnswer413() {
        String big = "{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"blob\":\"" + "x".repeat(33_000) + "\"}}";
        writer().body(big).post("/v1/events")
                .then().statusCode(413).contentType("application/problem+json").body("errors[0].rule", equalTo("max-size"));

        StringBuilder many = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"customerId\":\"c\",\"type\":\"t\"}");
        }
        writer().body(many.append("]}").toString()).post("/v1/events/batch")
                .then().statusCode(413).body("errors[0].field", equalTo("events")).body("errors[0].rule", equalTo("max-count"));

        String customer = uniqueCustomer("size");
        writer().body("{\"events\":[" + big + ",{\"customerId\":\"" + customer + "\",\"type\":\"t\"}]}")
                .post("/v1/events/batch")
                .then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected[0].index", equalTo(0))
                .body("rejected[0].errors[0].rule", equalTo("max-size"));
    }

    @Test
    void anEventIsWeighedAsItWillBeStoredNotAsItWasSent() {
        // 1E6 is stored as 1000000.0: under the limit as sent, over it as stored.
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < 2800; i++) {
            props.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":1E6");
        }
        String event = "{\"customerId\":\"" + uniqueCustomer("heavy") + "\",\"type\":\"t\",\"properties\":{" + props + "}}";
        org.junit.jupiter.api.Assertions.assertTrue(event.length() < 32_768, "under the limit as sent");
        writer().body(event).post("/v1/events")
                .then().statusCode(413).contentType("application/problem+json").body("errors[0].rule", equalTo("max-size"));
    }

    @Test
    void wrongMediaTypeAndMethodAreProblemsToo() {
        writer().contentType("application/xml").body("<event/>").post("/v1/events")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        writer().get("/v1/events")
                .then().statusCode(405).contentType("application/problem+json");
        reader().get("/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("No such"));
    }
}

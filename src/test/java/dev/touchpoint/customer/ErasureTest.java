package dev.touchpoint.customer;

import static dev.touchpoint.support.Api.READ_KEY;
import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.admin;
import static dev.touchpoint.support.Api.as;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.ingest.EventRecordCodec;
import dev.touchpoint.ingest.EventSource;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.kafka.KafkaClients;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.support.ConversionCellsCheck;
import dev.touchpoint.support.FlowRollupCheck;
import io.quarkus.test.junit.QuarkusTest;

/** SPEC "DELETE /v1/customers/{id}": erasure leaves no trace in any later result, even when the topic is read again. */
@QuarkusTest
class ErasureTest {

    @Inject
    KafkaClients clients;
    @Inject
    EventTopic topic;
    @Inject
    ObjectMapper mapper;
    @Inject
    DataSource db;

    private static int touchpoints(String id) {
        return reader().get("/v1/customers/{id}/journey", id).jsonPath().getList("touchpoints").size();
    }

    @Test
    void erasingAnAnonymousIdRemovesItsTouchpointsAndRecomputesWhatRemains() {
        String anon = uniqueCustomer("anon");
        String customer = uniqueCustomer("cust");
        writer().body("{\"events\":["
                + "{\"eventId\":\"" + anon + "-1\",\"anonymousId\":\"" + anon + "\",\"type\":\"page_view\",\"timestamp\":\"2026-01-01T00:00:00Z\"},"
                + "{\"eventId\":\"" + anon + "-2\",\"anonymousId\":\"" + anon + "\",\"customerId\":\"" + customer
                + "\",\"type\":\"product_view\",\"timestamp\":\"2026-01-02T00:00:00Z\"},"
                + "{\"eventId\":\"" + customer + "-3\",\"customerId\":\"" + customer + "\",\"type\":\"purchase\",\"timestamp\":\"2026-01-03T00:00:00Z\"}"
                + "]}").post("/v1/events/batch").then().statusCode(202).body("accepted", equalTo(3));
        // The link joins the device's page view to the customer's journey (SPEC §1.1).
        await().atMost(Duration.ofSeconds(20)).until(() -> touchpoints(customer) == 3);
        reader().queryParam("funnel", "customer-journey").get("/v1/customers/{id}/journey", customer).then()
                .body("visits.stage", contains("awareness", "consideration", "conversion"));

        as(WRITE_KEY).delete("/v1/customers/{id}", anon).then().statusCode(403);
        as(READ_KEY).delete("/v1/customers/{id}", anon).then().statusCode(403);
        admin().delete("/v1/customers/{id}", anon).then().statusCode(200)
                .body("id", equalTo(anon))
                .body("touchpointsDeleted", equalTo(2));

        reader().get("/v1/customers/{id}/journey", anon).then().body("touchpoints", empty());
        reader().queryParam("funnel", "customer-journey").get("/v1/customers/{id}/journey", customer).then()
                .body("touchpoints.eventId", contains(customer + "-3"))
                .body("visits.stage", contains("conversion"));
        FlowRollupCheck.assertRollupMatchesVisits(db, "customer-journey");
        ConversionCellsCheck.assertCellsMatchStarts(db, "customer-journey");
    }

    @Test
    void erasedEventsDoNotComeBackWhenTheTopicIsReadAgain() throws Exception {
        String anon = uniqueCustomer("reread");
        writer().body("{\"eventId\":\"" + anon + "-1\",\"anonymousId\":\"" + anon + "\",\"type\":\"page_view\"}")
                .post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> touchpoints(anon) == 1);
        Instant receivedBefore = Instant.now().minusSeconds(1);
        admin().delete("/v1/customers/{id}", anon).then().statusCode(200);

        // What a re-read of the topic delivers: the original record, received before the erasure,
        // followed on the same partition (same key) by a marker that tells when it was consumed.
        EventRecordCodec codec = new EventRecordCodec(mapper);
        EventSource source = new EventSource(KeyKind.WRITE, "header");
        AcceptedEvent replayed = new AcceptedEvent(anon + "-1", null, anon, "page_view", "unknown", receivedBefore,
                null, null, receivedBefore, JsonNodeFactory.instance.objectNode());
        String marker = anon + "-marker";
        AcceptedEvent markerEvent = new AcceptedEvent(marker, marker, null, "page_view", "unknown", Instant.now(),
                null, null, Instant.now(), JsonNodeFactory.instance.objectNode());
        try (KafkaProducer<String, byte[]> producer = clients.producer(5000)) {
            producer.send(new ProducerRecord<>(topic.name(), anon, codec.encode(replayed, source))).get(5, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic.name(), anon, codec.encode(markerEvent, source))).get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> touchpoints(marker) == 1);
        reader().get("/v1/customers/{id}/journey", anon).then().body("touchpoints", empty());

        // Events received after the erasure are new data and are kept.
        writer().body("{\"anonymousId\":\"" + anon + "\",\"type\":\"page_view\"}").post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> touchpoints(anon) == 1);
    }
}

package dev.touchpoint.consumer;

import static dev.touchpoint.support.Api.reader;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.ingest.EventRecordCodec;
import dev.touchpoint.ingest.EventSource;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.kafka.KafkaClients;
import dev.touchpoint.security.KeyKind;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue "Poison records": a record that cannot be decoded, or that the database refuses,
 * goes to the dead-letter topic with its reason; the records around it are stored.
 */
@QuarkusTest
class PoisonRecordTest {

    @Inject
    KafkaClients clients;
    @Inject
    EventTopic topic;
    @Inject
    ObjectMapper mapper;

    private byte[] record(String eventId, String customer) {
        AcceptedEvent e = new AcceptedEvent(eventId, customer, null, "purchase", "web", Instant.now(), null, null,
                Instant.now(), JsonNodeFactory.instance.objectNode());
        return new EventRecordCodec(mapper).encode(e, new EventSource(KeyKind.WRITE, "header"));
    }

    private static int stored(String customer) {
        return reader().get("/v1/customers/{id}/journey", customer).jsonPath().getList("touchpoints").size();
    }

    @Test
    void badRecordsAreDeadLetteredAndTheOthersStored() throws Exception {
        String c = "poison-" + UUID.randomUUID();
        double before = deadLetters();
        try (KafkaProducer<String, byte[]> producer = clients.producer(5000)) {
            // All on one key, so on one partition, in this order.
            producer.send(new ProducerRecord<>(topic.name(), c, record(c + "-1", c))).get(5, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic.name(), c, "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get(5, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic.name(), c, record("x".repeat(300), c))).get(5, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic.name(), c, record(c + "-2", c))).get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(c) == 2);

        Map<String, String> reasons = deadLettersFor(c, 2);
        assertEquals("undecodable", reasons.get("{not json"));
        assertEquals("unstorable", reasons.entrySet().stream().filter(e -> e.getKey().contains("xxxxx"))
                .map(Map.Entry::getValue).findFirst().orElse(null));
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() >= before + 2);
    }

    private Map<String, String> deadLettersFor(String key, int expected) {
        Map<String, String> reasonByValue = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("poison-test-" + UUID.randomUUID(), 500)) {
            TopicPartition dlq = new TopicPartition(topic.deadLetterName(), 0);
            consumer.assign(List.of(dlq));
            consumer.seekToBeginning(List.of(dlq));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reasonByValue.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        assertTrue(r.headers().lastHeader(DeadLetters.SOURCE) != null, "source header");
                        reasonByValue.put(new String(r.value(), StandardCharsets.UTF_8),
                                new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertEquals(expected, reasonByValue.size(), "dead letters found: " + new ArrayList<>(reasonByValue.values()));
        return reasonByValue;
    }

    private static double deadLetters() {
        String metrics = given().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("touchpoint_consumer_dead_letters_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

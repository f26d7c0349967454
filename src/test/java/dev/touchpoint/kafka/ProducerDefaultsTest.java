package dev.touchpoint.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every acknowledgement timeout an operator may set gives a producer Kafka accepts. An ack
 * timeout under about a second once broke the producer's construction, and every post
 * answered 500.
 */
class ProducerDefaultsTest {

    @ParameterizedTest
    @ValueSource(longs = { 1, 15, 500, 1001, 1502, 5000, 120_000 })
    void kafkaBuildsTheProducerForAnyAckTimeout(long ackTimeoutMs) {
        Map<String, Object> props = KafkaClients.producerDefaults(ackTimeoutMs);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Kafka validates the settings here and throws a ConfigException on a bad combination.
        new KafkaProducer<String, byte[]>(props).close(Duration.ZERO);

        assertEquals(ackTimeoutMs, ((Number) props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).longValue(),
                "a send never blocks past the request's deadline");
        long delivery = ((Number) props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue();
        assertTrue(delivery >= ackTimeoutMs, "the producer gives up no earlier than the request: " + delivery);
    }
}

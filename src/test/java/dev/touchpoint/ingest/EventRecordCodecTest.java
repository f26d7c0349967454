package dev.touchpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.touchpoint.security.KeyKind;

/** The record as documented (README, "Kafka record"), field by field, and back again. */
class EventRecordCodecTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventRecordCodec codec = new EventRecordCodec(mapper);

    @Test
    void writesEveryFieldOfVersionOneAndReadsItBack() throws Exception {
        ObjectNode properties = (ObjectNode) mapper.readTree("{\"amount\":59.9,\"n\":7,\"tags\":[\"a\",null],\"x\":{\"y\":\"caf\u00e9\"}}");
        AcceptedEvent event = new AcceptedEvent("e-1", "cust-42", null, "purchase", "store",
                Instant.parse("2026-03-01T12:00:05Z"), Instant.parse("2026-03-01T12:00:00Z"),
                Instant.parse("2026-03-01T12:00:01Z"), Instant.parse("2026-03-01T12:00:06.123456Z"), properties);
        EventSource source = new EventSource(KeyKind.WRITE, "query");

        byte[] record = codec.encode(event, source);

        assertEquals("{\"schema\":\"touchpoint.event/1\",\"eventId\":\"e-1\",\"customerId\":\"cust-42\",\"anonymousId\":null,"
                + "\"type\":\"purchase\",\"channel\":\"store\",\"timestamp\":\"2026-03-01T12:00:05Z\","
                + "\"originalTimestamp\":\"2026-03-01T12:00:00Z\",\"sentAt\":\"2026-03-01T12:00:01Z\","
                + "\"receivedAt\":\"2026-03-01T12:00:06.123456Z\",\"properties\":{\"amount\":59.9,\"n\":7,"
                + "\"tags\":[\"a\",null],\"x\":{\"y\":\"caf\u00e9\"}},\"source\":{\"key\":\"write\",\"via\":\"query\"}}",
                new String(record, java.nio.charset.StandardCharsets.UTF_8));
        EventRecordCodec.Decoded decoded = codec.decode(record);
        assertEquals(event, decoded.event());
        assertEquals(source, decoded.source());
    }
}

package dev.touchpoint.ingest;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.touchpoint.security.KeyKind;

/**
 * Version 1 of the Kafka record that carries an accepted event (documented in the README,
 * "Kafka record"). Key: the journey key. Value: UTF-8 JSON
 * <pre>{"schema": "touchpoint.event/1", "eventId", "customerId", "anonymousId", "type", "channel",
 *  "timestamp", "originalTimestamp", "sentAt", "receivedAt", "properties", "source": {"key", "via"}}</pre>
 * Absent optional values are JSON null. Readers must ignore fields they do not know, so
 * fields may be added within a version; anything else is a new version.
 */
public final class EventRecordCodec {

    public static final String SCHEMA = "touchpoint.event/1";

    private final ObjectMapper mapper;
    /** The last receive time written, as text: every event of a batch shares it, and formatting an Instant is not cheap. */
    private volatile Formatted lastReceivedAt = new Formatted(Instant.EPOCH, Instant.EPOCH.toString());

    private record Formatted(Instant instant, String text) {
    }

    public EventRecordCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A decoded record: the event and its source. */
    public record Decoded(AcceptedEvent event, EventSource source) {
    }

    /** Written field by field, without building a tree first: this runs for every accepted event. */
    public byte[] encode(AcceptedEvent e, EventSource source) {
        ByteArrayBuilder out = new ByteArrayBuilder(256 + e.properties().size() * 32);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("customerId", e.customerId());
            g.writeStringField("anonymousId", e.anonymousId());
            g.writeStringField("type", e.type());
            g.writeStringField("channel", e.channel());
            String receivedAt = receivedAtText(e.receivedAt());
            g.writeStringField("timestamp", e.timestamp().equals(e.receivedAt()) ? receivedAt : e.timestamp().toString());
            g.writeStringField("originalTimestamp", e.originalTimestamp() == null ? null : e.originalTimestamp().toString());
            g.writeStringField("sentAt", e.sentAt() == null ? null : e.sentAt().toString());
            g.writeStringField("receivedAt", receivedAt);
            g.writeFieldName("properties");
            mapper.writeTree(g, e.properties());
            g.writeObjectFieldStart("source");
            g.writeStringField("key", source.key().label());
            g.writeStringField("via", source.via());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out.toByteArray();
    }

    private String receivedAtText(Instant receivedAt) {
        Formatted last = lastReceivedAt;
        if (!last.instant().equals(receivedAt)) {
            last = new Formatted(receivedAt, receivedAt.toString());
            lastReceivedAt = last;
        }
        return last.text();
    }

    /** Decodes a record value; throws {@link IllegalArgumentException} naming what is wrong. */
    public Decoded decode(byte[] value) {
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
            throw new IllegalArgumentException("unknown schema '" + (root == null ? null : root.path("schema").asText())
                    + "', expected " + SCHEMA);
        }
        try {
            JsonNode properties = root.get("properties");
            AcceptedEvent event = new AcceptedEvent(root.path("eventId").textValue(), optional(root, "customerId"),
                    optional(root, "anonymousId"), root.path("type").textValue(), root.path("channel").textValue(),
                    instant(root, "timestamp"), instant(root, "originalTimestamp"), instant(root, "sentAt"),
                    instant(root, "receivedAt"),
                    properties instanceof ObjectNode o ? o : mapper.createObjectNode());
            JsonNode src = root.path("source");
            KeyKind key = src.hasNonNull("key") ? KeyKind.valueOf(src.get("key").asText().toUpperCase()) : KeyKind.WRITE;
            return new Decoded(event, new EventSource(key, src.path("via").asText("header")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid record: " + e.getMessage(), e);
        }
    }

    private static String optional(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode root, String field) {
        String v = optional(root, field);
        return v == null ? null : IsoInstant.parse(v);
    }
}

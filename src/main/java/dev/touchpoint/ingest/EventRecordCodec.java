package dev.touchpoint.ingest;

import java.io.IOException;
import java.time.Instant;

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

    public EventRecordCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A decoded record: the event and its source. */
    public record Decoded(TouchpointEvent event, EventSource source) {
    }

    public byte[] encode(TouchpointEvent e, EventSource source) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("eventId", e.eventId());
        root.put("customerId", e.customerId());
        root.put("anonymousId", e.anonymousId());
        root.put("type", e.type());
        root.put("channel", e.channel());
        root.put("timestamp", e.timestamp().toString());
        root.put("originalTimestamp", e.originalTimestamp() == null ? null : e.originalTimestamp().toString());
        root.put("sentAt", e.sentAt() == null ? null : e.sentAt().toString());
        root.put("receivedAt", e.receivedAt().toString());
        root.set("properties", e.properties());
        ObjectNode src = root.putObject("source");
        src.put("key", source.key().label());
        src.put("via", source.via());
        try {
            return mapper.writeValueAsBytes(root);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
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
            TouchpointEvent event = new TouchpointEvent(root.path("eventId").textValue(), optional(root, "customerId"),
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
        return v == null ? null : Instant.parse(v);
    }
}

package dev.touchpoint.ingest;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A touchpoint event that passed validation (docs/api.md): defaults applied and the timestamp
 * already corrected for client clock skew. This is what goes onto Kafka and into the store.
 *
 * @param eventId           client-given or server-assigned id, 1–64 chars
 * @param customerId        known customer, or {@code null}
 * @param anonymousId       device or cookie id, or {@code null}
 * @param type              what happened, e.g. {@code purchase}
 * @param channel           the touchpoint's channel, {@code unknown} when the client gave none
 * @param timestamp         when it happened, after clock-skew correction
 * @param originalTimestamp the timestamp exactly as the client sent it, or {@code null}
 * @param sentAt            when the client sent it, or {@code null}
 * @param receivedAt        when the server received it
 * @param properties        free-form properties, never {@code null} (empty object when absent)
 */
public record AcceptedEvent(String eventId, String customerId, String anonymousId, String type,
        String channel, Instant timestamp, Instant originalTimestamp, Instant sentAt,
        Instant receivedAt, ObjectNode properties) {

    public AcceptedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(properties, "properties");
        if (customerId == null && anonymousId == null) {
            throw new IllegalArgumentException("customerId or anonymousId is required");
        }
    }

    /**
     * The event's Kafka record key: the anonymousId when there is one, else the customerId. A
     * device's events and its link events then share a partition, so one consumer thread sees
     * them in order and decides the device's owner (docs/design/identity-and-throughput.md).
     * The journey key is decided in the consumer (SPEC §1.1), not here.
     */
    public String recordKey() {
        return anonymousId != null ? anonymousId : customerId;
    }
}

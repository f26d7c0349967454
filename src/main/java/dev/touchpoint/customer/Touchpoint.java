package dev.touchpoint.customer;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One stored touchpoint event, as the consumer read it from Kafka. */
@Entity
@Table(name = "touchpoint")
public class Touchpoint {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "journey_key", nullable = false)
    public String journeyKey;

    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "anonymous_id")
    public String anonymousId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String channel;

    /** When it happened, after clock-skew correction: the journey is ordered by it. */
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "original_timestamp")
    public Instant originalTimestamp;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** The properties object as JSON text. */
    @Column(nullable = false)
    public String properties;

    @Column(name = "source_key", nullable = false)
    public String sourceKey;

    @Column(name = "source_via", nullable = false)
    public String sourceVia;

    /** The Kafka partition the event was read from (backfills are split by partition). */
    @Column(name = "partition_no", nullable = false)
    public int partition;
}

package dev.touchpoint.attribution;

import dev.touchpoint.customer.Touchpoint;
import dev.touchpoint.ingest.EventRecordCodec.Decoded;
import dev.touchpoint.ingest.TouchpointEvent;

/** Maps a consumed Kafka record to the stored entity, field by field. */
final class TouchpointMapper {

    private TouchpointMapper() {
    }

    static Touchpoint toEntity(ConsumedEvent consumed) {
        Decoded decoded = consumed.decoded();
        TouchpointEvent e = decoded.event();
        Touchpoint t = new Touchpoint();
        t.eventId = e.eventId();
        t.journeyKey = e.journeyKey();
        t.customerId = e.customerId();
        t.anonymousId = e.anonymousId();
        t.type = e.type();
        t.channel = e.channel();
        t.occurredAt = e.timestamp();
        t.originalTimestamp = e.originalTimestamp();
        t.sentAt = e.sentAt();
        t.receivedAt = e.receivedAt();
        t.properties = e.properties().toString();
        t.sourceKey = decoded.source().key().label();
        t.sourceVia = decoded.source().via();
        t.partition = consumed.partition();
        return t;
    }
}

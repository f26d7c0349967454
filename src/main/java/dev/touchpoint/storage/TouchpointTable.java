package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.ingest.EventRecordCodec.Decoded;

/**
 * The consumer's SQL of {@code touchpoint}: which event ids are stored, and a batch insert of
 * consumed events. Plain JDBC rather than entities: building, tracking and flushing thousands
 * of entities per transaction cost the consumer about a fifth of its time (the entity
 * {@code Touchpoint} serves the reads).
 */
public final class TouchpointTable {

    private TouchpointTable() {
    }

    /** The subset of these event ids that are stored already. */
    public static Set<String> existing(Connection conn, KeyList eventIds) throws SQLException {
        Set<String> stored = new HashSet<>();
        if (eventIds.keys().isEmpty()) {
            return stored;
        }
        try (PreparedStatement ps = conn.prepareStatement("select event_id from touchpoint where "
                + eventIds.match("event_id"))) {
            eventIds.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        return stored;
    }

    /** Inserts consumed events, each under its journey key as identity resolved it ({@code keys} by eventId). */
    public static void insert(Connection conn, List<ConsumedEvent> events, Map<String, String> keys) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into touchpoint (event_id, journey_key, customer_id,"
                + " anonymous_id, type, channel, occurred_at, original_timestamp, sent_at, received_at, properties,"
                + " source_key, source_via, partition_no) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ConsumedEvent consumed : events) {
                Decoded decoded = consumed.decoded();
                AcceptedEvent e = decoded.event();
                ps.setString(1, e.eventId());
                ps.setString(2, keys.get(e.eventId()));
                ps.setString(3, e.customerId());
                ps.setString(4, e.anonymousId());
                ps.setString(5, e.type());
                ps.setString(6, e.channel());
                ps.setObject(7, JourneyRows.utc(e.timestamp()));
                JourneyRows.setInstant(ps, 8, e.originalTimestamp());
                JourneyRows.setInstant(ps, 9, e.sentAt());
                ps.setObject(10, JourneyRows.utc(e.receivedAt()));
                ps.setString(11, e.properties().toString());
                ps.setString(12, decoded.source().key().label());
                ps.setString(13, decoded.source().via());
                ps.setInt(14, consumed.partition());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

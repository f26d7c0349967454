package dev.touchpoint.storage;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postgresql.PGConnection;

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

    private static final String COLUMNS = "event_id, journey_key, customer_id, anonymous_id, type, channel, occurred_at,"
            + " original_timestamp, sent_at, received_at, properties, source_key, source_via, partition_no";

    /**
     * Inserts consumed events, each under its journey key as identity resolved it ({@code keys} by
     * eventId): on PostgreSQL with one {@code COPY}, elsewhere as a JDBC batch. The caller has
     * left out the event ids already stored, so neither needs a conflict clause.
     */
    public static void insert(Connection conn, List<ConsumedEvent> events, Map<String, String> keys, boolean postgres)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        if (postgres) {
            copy(conn, events, keys);
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into touchpoint (" + COLUMNS + ")"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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

    /**
     * {@code COPY ... FROM STDIN} in CSV, one statement for the batch instead of a rewritten
     * multi-row insert per 128 rows (what it saves: docs/performance.md). In CSV an unquoted empty
     * field is NULL and every value is quoted, so no text needs more escaping than doubled quotes.
     */
    private static void copy(Connection conn, List<ConsumedEvent> events, Map<String, String> keys) throws SQLException {
        StringBuilder csv = new StringBuilder(events.size() * 256);
        for (ConsumedEvent consumed : events) {
            Decoded decoded = consumed.decoded();
            AcceptedEvent e = decoded.event();
            quoted(csv, e.eventId()).append(',');
            quoted(csv, keys.get(e.eventId())).append(',');
            quoted(csv, e.customerId()).append(',');
            quoted(csv, e.anonymousId()).append(',');
            quoted(csv, e.type()).append(',');
            quoted(csv, e.channel()).append(',');
            instant(csv, e.timestamp()).append(',');
            instant(csv, e.originalTimestamp()).append(',');
            instant(csv, e.sentAt()).append(',');
            instant(csv, e.receivedAt()).append(',');
            quoted(csv, e.properties().toString()).append(',');
            quoted(csv, decoded.source().key().label()).append(',');
            quoted(csv, decoded.source().via()).append(',');
            csv.append(consumed.partition()).append('\n');
        }
        try {
            conn.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy touchpoint (" + COLUMNS + ") from stdin (format csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into touchpoint failed", e);
        }
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        if (value == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            csv.append(c);
            if (c == '"') {
                csv.append('"');
            }
        }
        return csv.append('"');
    }

    /**
     * Rounded half up to the microsecond, as the JDBC driver rounds the {@code OffsetDateTime}
     * the insert path binds, so that both paths store the same instant.
     */
    private static StringBuilder instant(StringBuilder csv, Instant instant) {
        return instant == null ? csv : csv.append(instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS));
    }
}

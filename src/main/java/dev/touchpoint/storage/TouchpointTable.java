package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
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

    private static final String COLUMNS = "event_id, journey_key, customer_id, anonymous_id, type, channel, occurred_at,"
            + " original_timestamp, sent_at, received_at, properties, source_key, source_via, partition_no";

    /** The PostgreSQL element types of {@link #COLUMNS}. */
    private static final String[] ARRAY_TYPES = { "varchar", "varchar", "varchar", "varchar", "varchar", "varchar",
            "timestamptz", "timestamptz", "timestamptz", "timestamptz", "varchar", "varchar", "varchar", "int4" };

    /**
     * Inserts consumed events, each under its journey key as identity resolved it ({@code keys}
     * by eventId): on PostgreSQL in one statement over one array per column ({@link ArrayColumns}).
     */
    public static void insert(Connection conn, List<ConsumedEvent> events, Map<String, String> keys, boolean postgres)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        for (ConsumedEvent consumed : events) {
            Decoded decoded = consumed.decoded();
            AcceptedEvent e = decoded.event();
            rows.add(new Object[] { e.eventId(), keys.get(e.eventId()), e.customerId(), e.anonymousId(), e.type(),
                    e.channel(), e.timestamp(), e.originalTimestamp(), e.sentAt(), e.receivedAt(),
                    e.properties().toString(), decoded.source().key().label(), decoded.source().via(),
                    consumed.partition() });
        }
        if (postgres) {
            ArrayColumns columns = new ArrayColumns(ARRAY_TYPES);
            rows.forEach(columns::add);
            try (PreparedStatement ps = conn.prepareStatement("insert into touchpoint (" + COLUMNS + ") select * from unnest("
                    + columns.parameters() + ")")) {
                columns.bind(conn, ps, 1);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into touchpoint (" + COLUMNS + ") values (?"
                + ", ?".repeat(ARRAY_TYPES.length - 1) + ")")) {
            for (Object[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    if (row[c] instanceof Instant at) {
                        JourneyRows.setInstant(ps, c + 1, at);
                    } else if (row[c] == null) {
                        ps.setNull(c + 1, Types.VARCHAR);
                    } else {
                        ps.setObject(c + 1, row[c]);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

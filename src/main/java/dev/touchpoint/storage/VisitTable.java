package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.touchpoint.journey.FlowKey;
import dev.touchpoint.journey.Visit;

/** The SQL of {@code funnel_visit}: one funnel's visits of some journeys, read, deleted and inserted in batches. */
final class VisitTable {

    private VisitTable() {
    }

    /**
     * The stored visits of these journeys, by journey key.
     *
     * @param dimensionCount how many dimensions the funnel declares (0: none)
     * @param dimensions     receives the values of those dimensions of each visit, by its first event id
     */
    static Map<String, List<Visit>> select(Connection conn, String funnelId, KeyList journeyKeys, int dimensionCount,
            Map<String, String[]> dimensions) throws SQLException {
        Map<String, List<Visit>> visits = new HashMap<>();
        StringBuilder dims = new StringBuilder();
        for (int i = 1; i <= dimensionCount; i++) {
            dims.append(", dim_").append(i);
        }
        try (PreparedStatement ps = conn.prepareStatement("select journey_key, " + COLUMNS + dims + " from funnel_visit"
                + " where funnel_id = ? and " + journeyKeys.match("journey_key"))) {
            ps.setString(1, funnelId);
            journeyKeys.bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Visit v = visit(rs);
                    visits.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(v);
                    if (dimensionCount > 0) {
                        dimensions.put(v.firstEventId(), dimensions(rs, dimensionCount));
                    }
                }
            }
        }
        return visits;
    }

    /** The stored last visit (the one without a successor) of each of these journeys that has visits. */
    static Map<String, JourneyRows.LastVisit> selectLast(Connection conn, String funnelId, KeyList journeyKeys) throws SQLException {
        Map<String, JourneyRows.LastVisit> last = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select journey_key, " + COLUMNS
                + ", dim_1, dim_2, dim_3, dim_4, dim_5 from funnel_visit where funnel_id = ? and "
                + journeyKeys.match("journey_key") + " and next_stage is null")) {
            ps.setString(1, funnelId);
            journeyKeys.bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), new JourneyRows.LastVisit(visit(rs), dimensions(rs, DIMENSIONS)));
                }
            }
        }
        return last;
    }

    private static final String COLUMNS = "seq, stage, entered_at, channel, first_event_id, event_count, cycle,"
            + " next_stage, next_entered_at, last_event_at, last_event_id, journey_events, middle_channels, next_channel";

    /** A visit from {@link #COLUMNS}, which start at column 2; no middle channels are stored as null. */
    private static Visit visit(ResultSet rs) throws SQLException {
        int next = rs.getInt(9);
        Integer nextStage = rs.wasNull() ? null : next;
        String middle = rs.getString(14);
        return new Visit(rs.getInt(2), rs.getInt(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getString(5), rs.getString(6), rs.getInt(7), middle == null ? "" : middle, rs.getInt(8), nextStage,
                JourneyRows.instant(rs, 10), rs.getString(15), JourneyRows.instant(rs, 11), rs.getString(12),
                rs.getObject(13) == null ? null : rs.getInt(13));
    }

    /** The first {@code count} dimension columns read after {@link #COLUMNS}, which start at column 16. */
    private static String[] dimensions(ResultSet rs, int count) throws SQLException {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = rs.getString(16 + i);
        }
        return values;
    }

    /** Deletes these visits by key (see {@link RowDeletes}). */
    static void delete(Connection conn, String funnelId, Map<String, List<Visit>> visits, boolean postgres)
            throws SQLException {
        RowDeletes.delete(conn, postgres, "funnel_visit", "seq", "int4", funnelId, visits, Visit::seq);
    }

    /** The most dimensions a funnel declares: funnel_visit's columns dim_1 … dim_5. */
    static final int DIMENSIONS = 5;

    private static final String INSERTED = "funnel_id, journey_key, seq, stage, entered_at, channel, first_event_id,"
            + " event_count, cycle, next_stage, next_entered_at, delay_ms, entered_day, dim_1, dim_2, dim_3, dim_4, dim_5,"
            + " last_event_at, last_event_id, journey_events, middle_channels, next_channel";

    /** The PostgreSQL element types of the columns of {@link #INSERTED} after funnel_id. */
    private static final String[] ARRAY_TYPES = { "varchar", "int4", "int2", "timestamptz", "varchar", "varchar", "int4",
            "int4", "int2", "timestamptz", "int8", "int4", "varchar", "varchar", "varchar", "varchar", "varchar",
            "timestamptz", "varchar", "int4", "varchar", "varchar" };

    /**
     * Inserts these visits: on PostgreSQL in one statement over one array per column ({@link ArrayColumns}).
     *
     * @param dimensions the declared dimensions' values by first event id (null: none declared)
     */
    static void insert(Connection conn, String funnelId, Map<String, List<Visit>> visits,
            Function<String, String[]> dimensions, boolean postgres) throws SQLException {
        if (visits.isEmpty()) {
            return;
        }
        if (!postgres) {
            insertRows(conn, funnelId, visits, dimensions);
            return;
        }
        ArrayColumns columns = new ArrayColumns(ARRAY_TYPES);
        for (Map.Entry<String, List<Visit>> journey : visits.entrySet()) {
            for (Visit v : journey.getValue()) {
                columns.add(values(journey.getKey(), v, dimensions.apply(v.firstEventId())));
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into funnel_visit (" + INSERTED + ") select ?, d.*"
                + " from unnest(" + columns.parameters() + ") as d")) {
            ps.setString(1, funnelId);
            columns.bind(conn, ps, 2);
            ps.executeUpdate();
        }
    }

    /** A visit's values of the columns of {@link #INSERTED} after funnel_id; instants as {@link Instant}. */
    private static Object[] values(String journeyKey, Visit v, String[] dims) {
        boolean last = v.nextStage() == null;
        Object[] row = { journeyKey, v.seq(), (short) v.stage(), v.enteredAt(), v.channel(), v.firstEventId(),
                v.eventCount(), v.cycle(), last ? null : v.nextStage().shortValue(), last ? null : v.nextEnteredAt(),
                last ? null : v.delayMillis(), FlowKey.dayOf(v.enteredAt()), null, null, null, null, null,
                v.lastEventAt(), v.lastEventId(), v.journeyEvents(),
                v.middleChannels().isEmpty() ? null : v.middleChannels(), v.nextChannel() };
        for (int i = 0; i < DIMENSIONS && dims != null && i < dims.length; i++) {
            row[12 + i] = dims[i];
        }
        return row;
    }

    private static void insertRows(Connection conn, String funnelId, Map<String, List<Visit>> visits,
            Function<String, String[]> dimensions) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("insert into funnel_visit (" + INSERTED + ") values (?"
                + ", ?".repeat(ARRAY_TYPES.length) + ")")) {
            for (Map.Entry<String, List<Visit>> journey : visits.entrySet()) {
                for (Visit v : journey.getValue()) {
                    ps.setString(1, funnelId);
                    Object[] row = values(journey.getKey(), v, dimensions.apply(v.firstEventId()));
                    for (int c = 0; c < row.length; c++) {
                        Object value = row[c] instanceof Instant at ? JourneyRows.utc(at) : row[c];
                        if (value == null) {
                            ps.setNull(c + 2, SQL_TYPES[c]);
                        } else {
                            ps.setObject(c + 2, value);
                        }
                    }
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** The JDBC types of the columns of {@link #INSERTED} after funnel_id, for their nulls. */
    private static final int[] SQL_TYPES = { Types.VARCHAR, Types.INTEGER, Types.SMALLINT, Types.TIMESTAMP_WITH_TIMEZONE,
            Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.SMALLINT, Types.TIMESTAMP_WITH_TIMEZONE,
            Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR };
}

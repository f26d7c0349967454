package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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

    /** The stored visits of these journeys, by journey key. */
    static Map<String, List<Visit>> select(Connection conn, String funnelId, KeyList journeyKeys) throws SQLException {
        Map<String, List<Visit>> visits = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select journey_key, " + COLUMNS + " from funnel_visit"
                + " where funnel_id = ? and " + journeyKeys.match("journey_key"))) {
            ps.setString(1, funnelId);
            journeyKeys.bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    visits.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(visit(rs));
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
                    String[] dims = new String[DIMENSIONS];
                    for (int i = 0; i < DIMENSIONS; i++) {
                        dims[i] = rs.getString(14 + i);
                    }
                    last.put(rs.getString(1), new JourneyRows.LastVisit(visit(rs), dims));
                }
            }
        }
        return last;
    }

    private static final String COLUMNS = "seq, stage, entered_at, channel, first_event_id, event_count, cycle,"
            + " next_stage, next_entered_at, last_event_at, last_event_id, journey_events";

    /** A visit from {@link #COLUMNS}, which start at column 2. */
    private static Visit visit(ResultSet rs) throws SQLException {
        int next = rs.getInt(9);
        Integer nextStage = rs.wasNull() ? null : next;
        return new Visit(rs.getInt(2), rs.getInt(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), nextStage,
                JourneyRows.instant(rs, 10), JourneyRows.instant(rs, 11), rs.getString(12),
                rs.getObject(13) == null ? null : rs.getInt(13));
    }

    /** Deletes these visits by key (see {@link RowDeletes}). */
    static void delete(Connection conn, String funnelId, Map<String, List<Visit>> visits, boolean postgres)
            throws SQLException {
        RowDeletes.delete(conn, postgres, "funnel_visit", "seq", "int4", funnelId, visits, Visit::seq);
    }

    /** The most dimensions a funnel declares: funnel_visit's columns dim_1 … dim_5. */
    static final int DIMENSIONS = 5;

    /** @param dimensions the declared dimensions' values by first event id (null: none declared) */
    static void insert(Connection conn, String funnelId, Map<String, List<Visit>> visits,
            Function<String, String[]> dimensions) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("insert into funnel_visit (funnel_id, journey_key, seq,"
                + " stage, entered_at, channel, first_event_id, event_count, cycle, next_stage, next_entered_at, delay_ms,"
                + " entered_day, dim_1, dim_2, dim_3, dim_4, dim_5, last_event_at, last_event_id, journey_events) values (?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Visit>> journey : visits.entrySet()) {
                for (Visit v : journey.getValue()) {
                    ps.setString(1, funnelId);
                    ps.setString(2, journey.getKey());
                    ps.setInt(3, v.seq());
                    ps.setShort(4, (short) v.stage());
                    ps.setObject(5, JourneyRows.utc(v.enteredAt()));
                    ps.setString(6, v.channel());
                    ps.setString(7, v.firstEventId());
                    ps.setInt(8, v.eventCount());
                    ps.setInt(9, v.cycle());
                    if (v.nextStage() == null) {
                        ps.setNull(10, Types.SMALLINT);
                        ps.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
                        ps.setNull(12, Types.BIGINT);
                    } else {
                        ps.setShort(10, v.nextStage().shortValue());
                        ps.setObject(11, JourneyRows.utc(v.nextEnteredAt()));
                        ps.setLong(12, v.delayMillis());
                    }
                    ps.setInt(13, FlowKey.dayOf(v.enteredAt()));
                    String[] dims = dimensions.apply(v.firstEventId());
                    for (int i = 0; i < DIMENSIONS; i++) {
                        String value = dims != null && i < dims.length ? dims[i] : null;
                        if (value == null) {
                            ps.setNull(14 + i, Types.VARCHAR);
                        } else {
                            ps.setString(14 + i, value);
                        }
                    }
                    JourneyRows.setInstant(ps, 19, v.lastEventAt());
                    ps.setString(20, v.lastEventId());
                    if (v.journeyEvents() == null) {
                        ps.setNull(21, Types.INTEGER);
                    } else {
                        ps.setInt(21, v.journeyEvents());
                    }
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }
}

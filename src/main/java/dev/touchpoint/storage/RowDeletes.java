package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Deletes derived rows of one funnel: by their key (journey key plus one column of the row), or all of them. */
final class RowDeletes {

    private RowDeletes() {
    }

    /**
     * Deletes {@code rows} (by journey key) from {@code table}, matching each on
     * {@code (funnel_id, journey_key, column)}. On PostgreSQL in one statement over arrays of the
     * keys: a batch of single-row deletes costs a round of the protocol per row there.
     *
     * @param sqlType the PostgreSQL array element type of {@code column}
     */
    static <T> void delete(Connection conn, boolean postgres, String table, String column, String sqlType,
            String funnelId, Map<String, List<T>> rows, Function<T, Object> key) throws SQLException {
        List<String> journeys = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        rows.forEach((journey, list) -> list.forEach(row -> {
            journeys.add(journey);
            keys.add(key.apply(row));
        }));
        if (journeys.isEmpty()) {
            return;
        }
        if (postgres) {
            try (PreparedStatement ps = conn.prepareStatement("delete from " + table + " t using unnest(?, ?) as d(j, k)"
                    + " where t.funnel_id = ? and t.journey_key = d.j and t." + column + " = d.k")) {
                ps.setArray(1, ArrayColumns.array(conn, "varchar", journeys));
                ps.setArray(2, ArrayColumns.array(conn, sqlType, keys));
                ps.setString(3, funnelId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "delete from " + table + " where funnel_id = ? and journey_key = ? and " + column + " = ?")) {
            for (int i = 0; i < journeys.size(); i++) {
                ps.setString(1, funnelId);
                ps.setString(2, journeys.get(i));
                ps.setObject(3, keys.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes every row of one funnel from {@code table}. */
    static void deleteFunnel(Connection conn, String table, String funnelId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("delete from " + table + " where funnel_id = ?")) {
            ps.setString(1, funnelId);
            ps.executeUpdate();
        }
    }
}

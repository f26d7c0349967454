package dev.touchpoint.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

import dev.touchpoint.journey.DelayBuckets;

/**
 * The invariant the flow queries rely on: for every funnel, flow_rollup holds exactly the
 * visits of funnel_visit, grouped by day, stage, successor, channel and delay bucket.
 */
public final class FlowRollupCheck {

    private FlowRollupCheck() {
    }

    public static void assertRollupMatchesVisits(DataSource db, String funnelId) {
        Map<String, Long> fromVisits = new TreeMap<>();
        Map<String, Long> fromRollup = new TreeMap<>();
        try (Connection conn = db.getConnection()) {
            // One snapshot for both reads, so a consumer writing meanwhile cannot make them disagree.
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement ps = conn.prepareStatement("select entered_day, stage, coalesce(next_stage, -1), channel,"
                    + " coalesce(delay_ms, -1) from funnel_visit where funnel_id = ?")) {
                ps.setString(1, funnelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fromVisits.merge(key(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                                DelayBuckets.bucketOf(rs.getLong(5))), 1L, Long::sum);
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("select entered_day, stage, next_stage, channel, delay_bucket,"
                    + " visits from flow_rollup where funnel_id = ?")) {
                ps.setString(1, funnelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fromRollup.put(key(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getLong(5)),
                                rs.getLong(6));
                    }
                }
            }
            conn.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(fromVisits, fromRollup, "flow_rollup of " + funnelId + " must count exactly its funnel_visit rows");
    }

    private static String key(int day, int stage, int next, String channel, long bucket) {
        return day + "/" + stage + ">" + next + "/" + channel + "/" + bucket;
    }
}

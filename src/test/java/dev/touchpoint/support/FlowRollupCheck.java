package dev.touchpoint.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.journey.CreditKey;
import dev.touchpoint.journey.DelayBuckets;
import dev.touchpoint.journey.DimensionFlowKey;

/**
 * The invariant the flow queries rely on: for every funnel, flow_rollup holds exactly the
 * visits of funnel_visit, grouped by day, stage, successor, channel and delay bucket; and
 * dimension_rollup the same per declared dimension and value instead of channel, a value longer
 * than the key holds counted as {@link DimensionFlowKey#LONG}; and credit_rollup the touchpoints of
 * the visits' moves ({@link CreditKey}).
 */
public final class FlowRollupCheck {

    private FlowRollupCheck() {
    }

    public static void assertRollupMatchesVisits(DataSource db, String funnelId) {
        try (Connection conn = db.getConnection()) {
            // One snapshot for all reads, so a consumer writing meanwhile cannot make them disagree.
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, Long> fromVisits = new TreeMap<>();
            Map<String, Long> fromRollup = new TreeMap<>();
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
            assertEquals(Map.of(), differences(fromVisits, fromRollup),
                    "flow_rollup of " + funnelId + " must count exactly its funnel_visit rows (counted, kept)");
            assertDimensionRollupMatchesVisits(conn, funnelId);
            assertCreditRollupMatchesVisits(conn, funnelId);
            conn.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dimension rollup's half of the invariant, on this connection (a migration test's schema). */
    public static void assertDimensionRollupMatchesVisits(Connection conn, String funnelId) throws SQLException {
        Map<String, Long> fromVisits = new TreeMap<>();
        Map<String, Long> fromRollup = new TreeMap<>();
        for (int dim = 1, declared = declaredDimensions(conn, funnelId); dim <= declared; dim++) {
            try (PreparedStatement ps = conn.prepareStatement("select entered_day, stage, coalesce(next_stage, -1),"
                    + " coalesce(delay_ms, -1), dim_" + dim + " from funnel_visit where funnel_id = ?")) {
                ps.setString(1, funnelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String value = rs.getString(5);
                        int kind = value == null ? DimensionFlowKey.ABSENT
                                : value.length() > DimensionFlowKey.LONGEST ? DimensionFlowKey.LONG : DimensionFlowKey.VALUE;
                        fromVisits.merge(dim + "/" + kind + "/" + (kind == DimensionFlowKey.VALUE ? value : "") + "/"
                                + key(rs.getInt(1), rs.getInt(2), rs.getInt(3), "", DelayBuckets.bucketOf(rs.getLong(4))),
                                1L, Long::sum);
                    }
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("select dimension, value_kind, dim_value, entered_day, stage,"
                + " next_stage, delay_bucket, visits from dimension_rollup where funnel_id = ?")) {
            ps.setString(1, funnelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fromRollup.put(rs.getInt(1) + "/" + rs.getInt(2) + "/" + rs.getString(3) + "/"
                            + key(rs.getInt(4), rs.getInt(5), rs.getInt(6), "", rs.getLong(7)), rs.getLong(8));
                }
            }
        }
        assertEquals(Map.of(), differences(fromVisits, fromRollup), "dimension_rollup of " + funnelId
                + " must count exactly its funnel_visit rows per declared dimension (counted, kept)");
    }

    /**
     * The credit rollup's half: per day, stage, successor, delay bucket, channel, number of touchpoints
     * and role, the touchpoints of the moves the funnel_visit rows name, each row's middle channels
     * adding up to its events after the first.
     */
    public static void assertCreditRollupMatchesVisits(Connection conn, String funnelId) throws SQLException {
        Map<String, Long> fromVisits = new TreeMap<>();
        Map<String, Long> fromRollup = new TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select entered_day, stage, next_stage, delay_ms, channel,"
                + " next_channel, event_count, middle_channels from funnel_visit where funnel_id = ?"
                + " and next_stage is not null")) {
            ps.setString(1, funnelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int events = rs.getInt(7);
                    String middle = rs.getString(8);
                    assertEquals(events - 1, CreditKey.counts(middle).values().stream().mapToInt(Integer::intValue).sum(),
                            "middle channels of a visit of " + events + " events: " + middle);
                    CreditKey.rows(rs.getInt(1), rs.getInt(2), rs.getInt(3), DelayBuckets.bucketOf(rs.getLong(4)),
                            rs.getString(5), rs.getString(6), events, middle, (key, values) -> {
                                for (int i = 0; i < values.length; i++) {
                                    fromVisits.merge(key + "/" + i, values[i], Long::sum);
                                }
                            });
                }
            }
        }
        fromVisits.values().removeIf(n -> n == 0);
        try (PreparedStatement ps = conn.prepareStatement("select entered_day, stage, next_stage, delay_bucket, channel,"
                + " touchpoints, first_touches, middle_touches, last_touches, linear_units, position_units"
                + " from credit_rollup where funnel_id = ?")) {
            ps.setString(1, funnelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CreditKey key = new CreditKey(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                            rs.getInt(6));
                    boolean any = false;
                    for (int i = 0; i < CreditKey.VALUES; i++) {
                        long n = rs.getLong(7 + i);
                        any |= n != 0;
                        if (n != 0) {
                            fromRollup.put(key + "/" + i, n);
                        }
                    }
                    assertTrue(any, "a credit_rollup row whose counts are all zero is removed: " + key);
                }
            }
        }
        assertEquals(Map.of(), differences(fromVisits, fromRollup), "credit_rollup of " + funnelId
                + " must count exactly the touchpoints of its funnel_visit rows' moves (counted, kept)");
    }

    /** How many dimensions the funnel's stored definition declares. */
    private static int declaredDimensions(Connection conn, String funnelId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("select definition from funnel where id = ?")) {
            ps.setString(1, funnelId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new ObjectMapper().readTree(rs.getString(1)).path("dimensions").size() : 0;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first keys whose counts differ, each with {counted, kept}; a missing key counts 0. */
    private static Map<String, List<Long>> differences(Map<String, Long> counted, Map<String, Long> kept) {
        Map<String, List<Long>> differences = new TreeMap<>();
        Set<String> keys = new TreeSet<>(counted.keySet());
        keys.addAll(kept.keySet());
        for (String key : keys) {
            Long a = counted.get(key);
            Long b = kept.get(key);
            if (!java.util.Objects.equals(a, b) && differences.size() < 20) {
                // abbreviated: a dimension value may be thousands of characters long
                differences.put(key.length() > 120 ? key.substring(0, 120) + "…" : key,
                        List.of(a == null ? 0 : a, b == null ? 0 : b));
            }
        }
        return differences;
    }

    private static String key(int day, int stage, int next, String channel, long bucket) {
        return day + "/" + stage + ">" + next + "/" + channel + "/" + bucket;
    }
}

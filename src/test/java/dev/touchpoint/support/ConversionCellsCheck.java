package dev.touchpoint.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

import dev.touchpoint.journey.ConversionCell;
import dev.touchpoint.journey.Start;
import dev.touchpoint.journey.StartSample;
import dev.touchpoint.journey.StepTimeCell;
import dev.touchpoint.storage.StartTable;

/**
 * The invariants the conversion query relies on: for a funnel, conversion_cell and step_time_cell
 * hold exactly the cells its funnel_start rows count in (ConversionCell, StepTimeCell), zero cells left out; and
 * funnel_start_sample holds exactly the starts of the sampled journeys.
 */
public final class ConversionCellsCheck {

    private static final String START = "select journey_key, start_event_id, start_at, channel, strict_level,"
            + " strict_prev_at, strict_next_at, skip_level, skip_prev_at, skip_next_at from ";
    private static final String STEPS = "select start_at, channel, strict_level, strict_prev_at, strict_next_at, skip_level,"
            + " skip_prev_at, skip_next_at, strict_step_us, skip_step_us from funnel_start where funnel_id = ?";

    private ConversionCellsCheck() {
    }

    public static void assertCellsMatchStarts(DataSource db, String funnelId) {
        try (Connection conn = db.getConnection()) {
            // One snapshot for every read, so a consumer writing meanwhile cannot make them disagree.
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertCellsMatchStarts(conn, funnelId);
            conn.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same check on this connection, in its current transaction. */
    public static void assertCellsMatchStarts(Connection conn, String funnelId) throws SQLException {
        Map<ConversionCell, Long> fromStarts = new TreeMap<>();
        Map<ConversionCell, Long> stored = new TreeMap<>();
        TreeSet<String> sampledStarts = new TreeSet<>();
        TreeSet<String> sampleTable = new TreeSet<>();
        {
            try (PreparedStatement ps = conn.prepareStatement(START + "funnel_start where funnel_id = ?")) {
                ps.setString(1, funnelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ConversionCell.contribute(instant(rs, 3), rs.getString(4), StartTable.link(rs, 5), StartTable.link(rs, 8),
                                (cell, n) -> fromStarts.merge(cell, (long) n, Long::sum));
                        if (StartSample.includes(rs.getString(1))) {
                            sampledStarts.add(row(rs));
                        }
                    }
                }
            }
            fromStarts.values().removeIf(n -> n == 0);
            try (PreparedStatement ps = conn.prepareStatement("select skip_mode, day_x, day_y, start_level, channel, starts"
                    + " from conversion_cell where funnel_id = ?")) {
                ps.setString(1, funnelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(new ConversionCell(rs.getBoolean(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5)),
                                rs.getLong(6));
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(START + StartSample.TABLE + " where funnel_id = ?")) {
                ps.setString(1, funnelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sampleTable.add(row(rs));
                    }
                }
            }
        }
        assertEquals(fromStarts, stored, "conversion_cell of " + funnelId + " must hold exactly the cells of its starts");
        assertStepTimeCellsMatchStarts(conn, funnelId);
        assertEquals(sampledStarts, sampleTable, StartSample.TABLE + " of " + funnelId + " must hold the sampled starts");
    }

    /** step_time_cell holds exactly the cells the funnel's start rows count in (StepTimeCell), zero cells left out. */
    private static void assertStepTimeCellsMatchStarts(Connection conn, String funnelId) throws SQLException {
        Map<StepTimeCell, Long> fromStarts = new TreeMap<>();
        Map<StepTimeCell, Long> stored = new TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement(STEPS)) {
            ps.setString(1, funnelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StepTimeCell.contribute(instant(rs, 1), rs.getString(2), StartTable.link(rs, 3), micros(rs.getArray(9)),
                            StartTable.link(rs, 6), micros(rs.getArray(10)),
                            (cell, n) -> fromStarts.merge(cell, (long) n, Long::sum));
                }
            }
        }
        fromStarts.values().removeIf(n -> n == 0);
        try (PreparedStatement ps = conn.prepareStatement("select skip_mode, day_x, day_y, step, bucket, channel, starts from "
                + StepTimeCell.TABLE + " where funnel_id = ?")) {
            ps.setString(1, funnelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(new StepTimeCell(rs.getBoolean(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                            rs.getString(6)), rs.getLong(7));
                }
            }
        }
        assertEquals(fromStarts, stored, StepTimeCell.TABLE + " of " + funnelId + " must hold exactly the cells of its starts");
    }

    /** A stored step-time array (nulls where a level is not reached) as Start keeps it. */
    private static long[] micros(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        long[] micros = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            micros[i] = values[i] == null ? Start.NOT_REACHED_STEP : ((Number) values[i]).longValue();
        }
        return micros;
    }

    private static String row(ResultSet rs) throws SQLException {
        return rs.getString(1) + " " + rs.getString(2) + " " + instant(rs, 3) + " " + rs.getString(4) + " "
                + StartTable.link(rs, 5) + " " + StartTable.link(rs, 8);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}

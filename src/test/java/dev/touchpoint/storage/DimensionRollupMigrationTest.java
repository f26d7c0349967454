package dev.touchpoint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.DimensionFlowKey;
import dev.touchpoint.support.FlowRollupCheck;

/**
 * Migration V14 fills the dimension rollup from the values funnel_visit already keeps, exactly
 * as attribution counts them ({@link FlowRollupCheck}): random visits written in V13's shape,
 * with values absent, empty, up to the longest a key holds and beyond, delays across every kind
 * of bucket; a funnel that declares no dimensions gets no rows. On the database the suite runs
 * against (H2 in memory, or a scratch schema of the PostgreSQL test database).
 */
class DimensionRollupMigrationTest {

    private static final String[] VALUES = { null, "", "spring", "7", "ünï", "y".repeat(DimensionFlowKey.LONGEST),
            "z".repeat(DimensionFlowKey.LONGEST + 1), "w".repeat(3_000) };

    @Test
    void theRollupCountsTheStoredVisits() throws SQLException {
        MigrationSchema schema = new MigrationSchema("dimension_rollup_migration");
        schema.migrateTo("13");
        Random random = new Random(14);
        try (Connection conn = schema.connect()) {
            try (Statement st = conn.createStatement()) {
                for (String[] funnel : new String[][] { { "d", "{\"stages\":[],\"rules\":[],\"dimensions\":[\"a\",\"b\"]}" },
                        { "n", "{\"stages\":[],\"rules\":[]}" } }) {
                    st.execute("insert into funnel (id, name, definition, version, created_at, updated_at, backfill_state,"
                            + " backfill_total, backfill_started_at, backfill_finished_at) values ('" + funnel[0] + "', 'F',"
                            + " '" + funnel[1] + "', 1, current_timestamp, current_timestamp, 'DONE', 0, current_timestamp,"
                            + " current_timestamp)");
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("insert into funnel_visit (funnel_id, journey_key, seq, stage,"
                    + " entered_at, channel, first_event_id, event_count, cycle, next_stage, next_entered_at, delay_ms,"
                    + " entered_day, dim_1, dim_2) values (?, ?, ?, ?, ?, 'web', ?, 1, 0, ?, ?, ?, ?, ?, ?)")) {
                for (int v = 0; v < 3_000; v++) {
                    Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(20 * 86_400));
                    boolean last = random.nextInt(5) == 0;
                    long delay = random.nextInt(3) == 0 ? random.nextInt(86_400_000)
                            : (long) (random.nextDouble() * 400 * 86_400_000L);
                    ps.setString(1, v % 7 == 0 ? "n" : "d");
                    ps.setString(2, "k" + v);
                    ps.setInt(3, 0);
                    ps.setInt(4, random.nextInt(4));
                    ps.setObject(5, at.atOffset(ZoneOffset.UTC));
                    ps.setString(6, "e" + v);
                    if (last) {
                        ps.setNull(7, Types.SMALLINT);
                        ps.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
                        ps.setNull(9, Types.BIGINT);
                    } else {
                        ps.setInt(7, random.nextInt(4));
                        ps.setObject(8, at.plusMillis(delay).atOffset(ZoneOffset.UTC));
                        ps.setLong(9, delay);
                    }
                    ps.setInt(10, (int) Math.floorDiv(at.getEpochSecond(), 86_400L));
                    ps.setString(11, VALUES[random.nextInt(VALUES.length)]);
                    ps.setString(12, VALUES[random.nextInt(VALUES.length)]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        schema.migrateTo("14");
        try (Connection conn = schema.connect()) {
            FlowRollupCheck.assertDimensionRollupMatchesVisits(conn, "d");
            assertEquals(0, count(conn, "select count(*) from dimension_rollup where funnel_id = 'n'"),
                    "a funnel without dimensions has no rows");
            assertEquals(2, count(conn, "select count(distinct dimension) from dimension_rollup where value_kind = "
                    + DimensionFlowKey.LONG), "long values in both dimensions, counted by kind");
        }
    }

    private static long count(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

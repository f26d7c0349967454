package dev.touchpoint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * Migration V15 adds the credit rollup and the columns that name a move's touchpoints, and, since
 * which events make up a visit depends on the rules, re-attributes every funnel: every derived
 * row of V14's schema is emptied and each funnel's backfill runs over the stored journeys (a
 * funnel without events is done at once). On the database the suite runs against (H2 in memory,
 * or a scratch schema of the PostgreSQL test database).
 */
class CreditRollupMigrationTest {

    @Test
    void derivedRowsAreEmptiedAndEveryFunnelReattributed() throws SQLException {
        MigrationSchema schema = new MigrationSchema("credit_rollup_migration");
        schema.migrateTo("14");
        try (Connection conn = schema.connect(); Statement st = conn.createStatement()) {
            st.execute("insert into funnel (id, name, definition, version, created_at, updated_at, backfill_state,"
                    + " backfill_total, backfill_started_at, backfill_finished_at) values ('f', 'F', '{}',"
                    + " 1, current_timestamp, current_timestamp, 'DONE', 0, current_timestamp, current_timestamp)");
            st.execute("insert into touchpoint (event_id, journey_key, customer_id, type, channel, occurred_at,"
                    + " received_at, properties, source_key, source_via, partition_no) values ('e1', 'ann', 'ann',"
                    + " 'page_view', 'web', timestamp with time zone '2025-01-01 00:00:00+00', current_timestamp, '{}',"
                    + " 'write', 'header', 0)");
            st.execute("insert into funnel_visit (funnel_id, journey_key, seq, stage, entered_at, channel, first_event_id,"
                    + " event_count, cycle, entered_day) values ('f', 'ann', 0, 0, timestamp with time zone"
                    + " '2025-01-01 00:00:00+00', 'web', 'e1', 1, 0, 20089)");
            st.execute("insert into flow_rollup (funnel_id, entered_day, stage, next_stage, channel, delay_bucket, visits)"
                    + " values ('f', 20089, 0, -1, 'web', -1, 1)");
            st.execute("insert into dimension_rollup (funnel_id, dimension, value_kind, entered_day, stage, next_stage,"
                    + " delay_bucket, dim_value, visits) values ('f', 1, 1, 20089, 0, -1, -1, '', 1)");
        }
        schema.migrateTo("15");
        try (Connection conn = schema.connect(); Statement st = conn.createStatement()) {
            assertEquals("RUNNING:1", text(st, "select backfill_state || ':' || backfill_total from funnel"));
            for (String table : new String[] { "funnel_visit", "flow_rollup", "dimension_rollup", "credit_rollup" }) {
                assertEquals("0", text(st, "select count(*) from " + table), table + " is rebuilt by the backfill");
            }
            // The new columns take what attribution writes: a successor's channel, a tally of many channels.
            String tally = "c".repeat(64) + " 3 " + "d".repeat(64) + " 1";
            st.execute("insert into funnel_visit (funnel_id, journey_key, seq, stage, entered_at, channel, first_event_id,"
                    + " event_count, cycle, entered_day, next_channel, middle_channels) values ('f', 'ann', 0, 0,"
                    + " timestamp with time zone '2025-01-01 00:00:00+00', 'web', 'e1', 5, 0, 20089, '" + "t".repeat(64)
                    + "', '" + tally + "')");
            assertEquals(tally, text(st, "select middle_channels from funnel_visit"));
            st.execute("insert into credit_rollup (funnel_id, entered_day, stage, next_stage, delay_bucket, channel,"
                    + " touchpoints, first_touches, middle_touches, last_touches, linear_units, position_units)"
                    + " values ('f', 20089, 0, 1, 3600000, 'web', 0, 1, 4, 0, 193993800, 1551950400)");
            assertEquals("4", text(st, "select middle_touches from credit_rollup"));
        }
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

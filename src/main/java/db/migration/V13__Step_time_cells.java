package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V13: the step-time cells ({@code step_time_cell}, see StepTimeCell), from which the conversion
 * query counts time to convert at the default window instead of filtering every start row in
 * range. Created empty, with room for updates on PostgreSQL as V12 gives the other rollups;
 * then every funnel is attributed again from the stored events, as V9 does (migrations are
 * history and do not call attribution code). Java only to ask which database it runs on.
 */
public class V13__Step_time_cells extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection conn = context.getConnection();
        boolean postgres = conn.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        try (Statement st = conn.createStatement()) {
            st.execute("create table step_time_cell (funnel_id varchar(64) not null, skip_mode boolean not null,"
                    + " day_x integer not null, day_y integer not null, step smallint not null, bucket smallint not null,"
                    + " channel varchar(64) not null, starts bigint not null,"
                    + " primary key (funnel_id, skip_mode, day_x, day_y, step, bucket, channel))");
            if (postgres) {
                st.execute("alter table step_time_cell set (fillfactor = 70)");
            }
            reattributeEveryFunnel(st);
        }
    }

    /**
     * Empties every derived table of the schema as of V13 (the step-time cells included) and
     * marks each funnel's backfill running over the stored journeys, as V9 does; the service lays
     * the backfill's cursors at start-up. A later migration that adds a derived table empties it too.
     */
    public static void reattributeEveryFunnel(Statement st) throws SQLException {
        for (String table : new String[] { "flow_rollup", "conversion_cell", "step_time_cell", "funnel_visit",
                "funnel_start", "funnel_start_sample", "backfill_cursor" }) {
            st.execute("delete from " + table);
        }
        st.execute("update funnel set backfill_state = 'RUNNING', backfill_total = (select count(*) from"
                + " (select distinct partition_no, journey_key from touchpoint) journeys),"
                + " backfill_started_at = current_timestamp, backfill_finished_at = null"
                + " where exists (select 1 from touchpoint)");
    }
}

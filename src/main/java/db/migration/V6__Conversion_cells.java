package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V6: the conversion cells ({@code conversion_cell}) and the sample of starts
 * ({@code funnel_start_sample}), created empty; every funnel is then re-attributed from the
 * stored events by the ordinary backfill (see docs/operations.md, "Upgrades").
 *
 * <p>Plain SQL on purpose, though in a Java class: migrations are history and must not call
 * today's attribution code, whose later changes would change what V6 does on a database
 * upgraded later. Derived tables can always be rebuilt from the stored events, so V6 empties
 * them and marks each funnel's backfill running; the service lays the backfill's cursors at
 * start-up (it alone knows the topic's partitions). The class stays Java because databases
 * upgraded by an earlier edition recorded V6 as a Java migration, and Flyway refuses a
 * migration whose type changed.
 */
public class V6__Conversion_cells extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection conn = context.getConnection();
        try (Statement st = conn.createStatement()) {
            st.execute("create table conversion_cell (funnel_id varchar(64) not null, skip_mode boolean not null,"
                    + " day_x integer not null, day_y integer not null, reach_level smallint not null,"
                    + " channel varchar(64) not null, starts bigint not null,"
                    + " primary key (funnel_id, skip_mode, day_x, day_y, reach_level, channel))");
            st.execute("create table funnel_start_sample (funnel_id varchar(64) not null, journey_key varchar(512) not null,"
                    + " start_event_id varchar(128) not null, start_at timestamp(6) with time zone not null,"
                    + " channel varchar(64) not null, strict_ms bigint array not null, skip_ms bigint array not null,"
                    + " strict_level smallint not null, strict_prev_at timestamp(6) with time zone,"
                    + " strict_next_at timestamp(6) with time zone, skip_level smallint not null,"
                    + " skip_prev_at timestamp(6) with time zone, skip_next_at timestamp(6) with time zone,"
                    + " primary key (funnel_id, journey_key, start_event_id))");
            st.execute("create index funnel_start_sample_at_idx on funnel_start_sample (funnel_id, start_at)");
            reattributeEveryFunnel(st);
        }
    }

    /** Empties every derived table and marks each funnel's backfill running over the stored journeys. */
    public static void reattributeEveryFunnel(Statement st) throws SQLException {
        for (String table : new String[] { "flow_rollup", "conversion_cell", "funnel_visit", "funnel_start",
                "funnel_start_sample", "backfill_cursor" }) {
            st.execute("delete from " + table);
        }
        st.execute("update funnel set backfill_state = case when exists (select 1 from touchpoint) then 'RUNNING'"
                + " else 'DONE' end, backfill_total = (select count(distinct journey_key) from touchpoint),"
                + " backfill_started_at = current_timestamp, backfill_finished_at = case when exists"
                + " (select 1 from touchpoint) then null else current_timestamp end");
    }
}

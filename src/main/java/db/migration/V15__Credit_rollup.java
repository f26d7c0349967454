package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V15: the daily credit rollup ({@code credit_rollup}, see CreditKey): the touchpoints of the moves
 * (visits with a successor) per entry day, stage, successor stage, delay bucket and channel (and
 * number of touchpoints, for moves of more than 20), counted per role in the move and weighed in
 * integer units for the linear and position models, from which rule-model channel credit reads
 * whole days; and
 * the two columns of funnel_visit that name a move's touchpoints beside its first event's channel:
 * {@code next_channel} (the successor's) and {@code middle_channels} (the channels of the visit's
 * other events, with their counts; null for a visit of one event).
 *
 * <p>Which events make up a visit depends on the funnel's rules, which SQL cannot apply, so the
 * middle channels cannot be built from the stored rows: V15 re-attributes every funnel from the
 * stored events by the ordinary backfill, as V6 did (see docs/operations.md, "Upgrades"). Java for
 * the same reason as V6 and for the table options that differ between PostgreSQL and H2.
 */
public class V15__Credit_rollup extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection conn = context.getConnection();
        boolean postgres = conn.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        try (Statement st = conn.createStatement()) {
            st.execute("alter table funnel_visit add column next_channel varchar(64)");
            st.execute("alter table funnel_visit add column middle_channels varchar(1000000)");
            st.execute("create table credit_rollup (funnel_id varchar(64) not null, entered_day integer not null,"
                    + " stage smallint not null, next_stage smallint not null, delay_bucket bigint not null,"
                    + " channel varchar(64) not null, touchpoints integer not null, first_touches bigint not null,"
                    + " middle_touches bigint not null, last_touches bigint not null, linear_units bigint not null,"
                    + " position_units bigint not null, primary key (funnel_id, entered_day, stage, next_stage,"
                    + " delay_bucket, channel, touchpoints))");
            if (postgres) {
                st.execute("alter table credit_rollup set (fillfactor = 70)");
            }
            reattributeEveryFunnel(st);
        }
    }

    /**
     * Empties every derived table of the schema as of V15 and marks each funnel's backfill running
     * ({@link V14__Dimension_rollup#reattributeEveryFunnel}, with the credit rollup).
     */
    public static void reattributeEveryFunnel(Statement st) throws SQLException {
        st.execute("delete from credit_rollup");
        V14__Dimension_rollup.reattributeEveryFunnel(st);
    }
}

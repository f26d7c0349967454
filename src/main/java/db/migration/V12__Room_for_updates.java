package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V12, on PostgreSQL only: room on every page of the rollups, which the consumer updates in
 * place (a count per key), so that the update of a count can keep the new row version on its
 * page and skip the index (a heap-only tuple). Pages written before V12 stay full until they
 * are rewritten; nothing else changes. H2 has no such setting. Java only to ask which database
 * it runs on.
 */
public class V12__Room_for_updates extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection conn = context.getConnection();
        if (!conn.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
            return;
        }
        try (Statement st = conn.createStatement()) {
            for (String table : new String[] { "flow_rollup", "conversion_cell" }) {
                st.execute("alter table " + table + " set (fillfactor = 70)");
            }
        }
    }
}

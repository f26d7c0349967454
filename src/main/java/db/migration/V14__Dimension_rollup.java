package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * V14: the daily dimension rollup ({@code dimension_rollup}, see DimensionFlowKey): visits per
 * declared dimension, value, entry day, stage, successor stage and delay bucket, from which flow
 * and trend breakdowns by a declared dimension read whole days as flow_rollup serves those by
 * channel. Built here from the values funnel_visit already keeps (dim_1 … dim_5, since V10), so
 * an upgrade reads only the visits of funnels that declare dimensions and re-attributes nothing.
 *
 * <p>The rules are copied rather than called, as migrations are history: delay buckets as V3
 * computes them (whole hours up to a day, whole days up to 365, 366 days beyond, -1 without a
 * successor); a value kept in the key when it is at most 500 UTF-16 units long (kind 0), none
 * (absent, null, an object or an array: kind 1) and longer values (kind 2) with the empty string.
 * Java because the value's length is measured as attribution measures it, in UTF-16 units.
 */
public class V14__Dimension_rollup extends BaseJavaMigration {

    private static final int LONGEST = 500;

    @Override
    public void migrate(Context context) throws Exception {
        Connection conn = context.getConnection();
        boolean postgres = conn.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        try (Statement st = conn.createStatement()) {
            st.execute("create table dimension_rollup (funnel_id varchar(64) not null, dimension smallint not null,"
                    + " value_kind smallint not null, entered_day integer not null, stage smallint not null,"
                    + " next_stage smallint not null, delay_bucket bigint not null, dim_value varchar(" + LONGEST
                    + ") not null, visits bigint not null, primary key (funnel_id, dimension, value_kind, entered_day,"
                    + " stage, next_stage, delay_bucket, dim_value))");
            if (postgres) {
                st.execute("alter table dimension_rollup set (fillfactor = 70)");
            }
        }
        for (Map.Entry<String, Integer> funnel : declaredDimensions(conn).entrySet()) {
            for (int dim = 1; dim <= funnel.getValue(); dim++) {
                build(conn, funnel.getKey(), dim);
            }
        }
    }

    /** How many dimensions each funnel declares, for those that declare any. */
    private static Map<String, Integer> declaredDimensions(Connection conn) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> declared = new TreeMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select id, definition from funnel")) {
            while (rs.next()) {
                int n = json.readTree(rs.getString(2)).path("dimensions").size();
                if (n > 0) {
                    declared.put(rs.getString(1), n);
                }
            }
        }
        return declared;
    }

    /** A key of the rollup after funnel_id and dimension. */
    private record Key(int kind, int day, int stage, int nextStage, long bucket, String value) {
    }

    private static void build(Connection conn, String funnelId, int dim) throws SQLException {
        String column = "dim_" + dim;
        Map<Key, Long> rows = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select entered_day, stage, next_stage, bucket, dim_value,"
                + " count(*) from (select entered_day, stage, coalesce(next_stage, -1) as next_stage, case when delay_ms"
                + " is null then -1 when delay_ms <= 86400000 then (delay_ms + 3599999) / 3600000 * 3600000 when"
                + " delay_ms <= 31536000000 then (delay_ms + 86399999) / 86400000 * 86400000 else 31622400000 end"
                + " as bucket, " + column + " as dim_value from funnel_visit where funnel_id = ?) v"
                + " group by entered_day, stage, next_stage, bucket, dim_value")) {
            ps.setString(1, funnelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String value = rs.getString(5);
                    int kind = value == null ? 1 : value.length() > LONGEST ? 2 : 0;
                    rows.merge(new Key(kind, rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getLong(4),
                            kind == 0 ? value : ""), rs.getLong(6), Long::sum);
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into dimension_rollup (funnel_id, dimension,"
                + " value_kind, entered_day, stage, next_stage, delay_bucket, dim_value, visits)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Map.Entry<Key, Long> row : rows.entrySet()) {
                Key key = row.getKey();
                ps.setString(1, funnelId);
                ps.setInt(2, dim);
                ps.setInt(3, key.kind());
                ps.setInt(4, key.day());
                ps.setInt(5, key.stage());
                ps.setInt(6, key.nextStage());
                ps.setLong(7, key.bucket());
                ps.setString(8, key.value());
                ps.setLong(9, row.getValue());
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * Empties every derived table of the schema as of V14 and marks each funnel's backfill running
     * ({@link V13__Step_time_cells#reattributeEveryFunnel}, with the dimension rollup).
     */
    public static void reattributeEveryFunnel(Statement st) throws SQLException {
        st.execute("delete from dimension_rollup");
        V13__Step_time_cells.reattributeEveryFunnel(st);
    }
}

package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A table of counts per funnel and key {@code K} that writers keep equal to the rows it
 * counts, in the transaction that writes those rows: each netted change is added to its row
 * (created when missing), and rows that come to zero are removed. Rows are written in key
 * order, so writers of other partitions lock them in one order and never deadlock each other.
 *
 * @param <K> the key after {@code funnel_id}
 */
final class RollupTable<K> {

    /** A key column: its name, its SQL type and, for PostgreSQL's arrays, its element type. */
    record Column(String name, String type, String arrayType) {
    }

    private final String upsert;
    private final String deleteZero;
    private final Column[] columns;
    private final Function<K, Object[]> values;
    private final boolean signed;
    private final boolean postgres;

    /**
     * @param columns the key columns after {@code funnel_id}
     * @param values  a key's values of those columns, in their order
     * @param count   the count column
     * @param signed  whether counts may be negative, so that an increase too can bring a row to zero
     */
    RollupTable(String table, Column[] columns, Function<K, Object[]> values, String count, boolean signed,
            boolean postgres) {
        this.columns = columns;
        this.values = values;
        this.signed = signed;
        this.postgres = postgres;
        String names = "funnel_id, " + Arrays.stream(columns).map(Column::name).collect(Collectors.joining(", "));
        String arrays = "?, ".repeat(columns.length + 1) + "?";
        if (postgres) {
            // One statement per table and batch: the changes as one array per column, applied in
            // key order (ordinality), which answers the keys that came to zero. Concurrent writers
            // of one new row (consumers of other partitions) wait rather than fail.
            String match = Arrays.stream(columns).map(c -> " and t." + c.name() + " = d." + c.name())
                    .collect(Collectors.joining());
            this.upsert = "with changed as (insert into " + table + " (" + names + ", " + count + ") select " + names
                    + ", " + count + " from unnest(" + arrays + ") with ordinality as d(" + names + ", " + count
                    + ", ord) order by ord on conflict (" + names + ") do update set " + count + " = " + table + "."
                    + count + " + excluded." + count + " returning " + names + ", " + count + ") select " + names
                    + " from changed where " + count + " = 0";
            this.deleteZero = "delete from " + table + " t using unnest(" + "?, ".repeat(columns.length) + "?) as d("
                    + names + ") where t.funnel_id = d.funnel_id" + match + " and t." + count + " = 0";
        } else {
            // H2 (standalone: one consumer) has no ON CONFLICT DO UPDATE; MERGE does the same, a row at a time
            String casts = Arrays.stream(columns).map(c -> ", cast(? as " + c.type() + ") " + c.name())
                    .collect(Collectors.joining());
            String on = Arrays.stream(columns).map(c -> " and r." + c.name() + " = d." + c.name())
                    .collect(Collectors.joining());
            String inserted = Arrays.stream(columns).map(c -> ", d." + c.name()).collect(Collectors.joining());
            this.upsert = "merge into " + table + " r using (select cast(? as varchar(64)) funnel_id" + casts
                    + ", cast(? as bigint) " + count + ") d on r.funnel_id = d.funnel_id" + on
                    + " when matched then update set " + count + " = r." + count + " + d." + count
                    + " when not matched then insert (" + names + ", " + count + ") values (d.funnel_id" + inserted
                    + ", d." + count + ")";
            String match = Arrays.stream(columns).map(c -> " and " + c.name() + " = ?").collect(Collectors.joining());
            this.deleteZero = "delete from " + table + " where funnel_id = ?" + match + " and " + count + " = 0";
        }
    }

    /** Writes the changes, per funnel in key order; rows that come to zero are removed. */
    void apply(Connection conn, Map<String, TreeMap<K, Long>> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        if (postgres) {
            applyArrays(conn, changes);
        } else {
            applyRows(conn, changes);
        }
    }

    private void applyArrays(Connection conn, Map<String, TreeMap<K, Long>> changes) throws SQLException {
        ArrayColumns upserted = new ArrayColumns(arrayTypes(true));
        changes.forEach((funnelId, byKey) -> byKey.forEach((key, change) -> upserted.add(row(funnelId, key, change))));
        ArrayColumns zero = new ArrayColumns(arrayTypes(false));
        try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            upserted.bind(conn, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[columns.length + 1];
                    for (int c = 0; c < key.length; c++) {
                        key[c] = rs.getObject(c + 1);
                    }
                    zero.add(key);
                }
            }
        }
        if (zero.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(deleteZero)) {
            zero.bind(conn, ps, 1);
            ps.executeUpdate();
        }
    }

    /** funnel_id, the key's columns and, with {@code count}, the count: the arrays' element types. */
    private String[] arrayTypes(boolean count) {
        String[] types = new String[columns.length + (count ? 2 : 1)];
        types[0] = "varchar";
        for (int c = 0; c < columns.length; c++) {
            types[c + 1] = columns[c].arrayType();
        }
        if (count) {
            types[types.length - 1] = "int8";
        }
        return types;
    }

    private Object[] row(String funnelId, K key, long change) {
        Object[] keyValues = values.apply(key);
        Object[] row = new Object[columns.length + 2];
        row[0] = funnelId;
        System.arraycopy(keyValues, 0, row, 1, columns.length);
        row[row.length - 1] = change;
        return row;
    }

    private void applyRows(Connection conn, Map<String, TreeMap<K, Long>> changes) throws SQLException {
        boolean mayReachZero = false;
        try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            for (Map.Entry<String, TreeMap<K, Long>> funnel : changes.entrySet()) {
                for (Map.Entry<K, Long> change : funnel.getValue().entrySet()) {
                    bindKey(ps, funnel.getKey(), change.getKey());
                    ps.setLong(columns.length + 2, change.getValue());
                    ps.addBatch();
                    mayReachZero |= signed || change.getValue() < 0;
                }
            }
            ps.executeBatch();
        }
        if (!mayReachZero) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(deleteZero)) {
            for (Map.Entry<String, TreeMap<K, Long>> funnel : changes.entrySet()) {
                for (Map.Entry<K, Long> change : funnel.getValue().entrySet()) {
                    if (signed || change.getValue() < 0) {
                        bindKey(ps, funnel.getKey(), change.getKey());
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private void bindKey(PreparedStatement ps, String funnelId, K key) throws SQLException {
        ps.setString(1, funnelId);
        Object[] keyValues = values.apply(key);
        for (int c = 0; c < keyValues.length; c++) {
            ps.setObject(c + 2, keyValues[c]);
        }
    }
}

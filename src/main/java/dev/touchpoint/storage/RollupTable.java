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
 * (created when missing), and rows whose counts all come to zero are removed. Rows are written in
 * key order, so writers of other partitions lock them in one order and never deadlock each other.
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
    private final int counts;
    private final boolean signed;
    private final boolean postgres;

    /**
     * @param columns the key columns after {@code funnel_id}
     * @param values  a key's values of those columns, in their order
     * @param counts  the count columns (bigint), in the order of a change's values
     * @param signed  whether counts may be negative, so that an increase too can bring a row to zero
     */
    RollupTable(String table, Column[] columns, Function<K, Object[]> values, String[] counts, boolean signed,
            boolean postgres) {
        this.columns = columns;
        this.values = values;
        this.counts = counts.length;
        this.signed = signed;
        this.postgres = postgres;
        String names = "funnel_id, " + Arrays.stream(columns).map(Column::name).collect(Collectors.joining(", "));
        String countNames = String.join(", ", counts);
        if (postgres) {
            // One statement per table and batch: the changes as one array per column, applied in
            // key order (ordinality), which answers the keys that came to zero. Concurrent writers
            // of one new row (consumers of other partitions) wait rather than fail.
            String arrays = "?, ".repeat(columns.length + counts.length) + "?";
            String match = Arrays.stream(columns).map(c -> " and t." + c.name() + " = d." + c.name())
                    .collect(Collectors.joining());
            String added = Arrays.stream(counts).map(c -> c + " = " + table + "." + c + " + excluded." + c)
                    .collect(Collectors.joining(", "));
            this.upsert = "with changed as (insert into " + table + " (" + names + ", " + countNames + ") select "
                    + names + ", " + countNames + " from unnest(" + arrays + ") with ordinality as d(" + names + ", "
                    + countNames + ", ord) order by ord on conflict (" + names + ") do update set " + added
                    + " returning " + names + ", " + countNames + ") select " + names + " from changed where "
                    + allZero("", counts);
            this.deleteZero = "delete from " + table + " t using unnest(" + "?, ".repeat(columns.length) + "?) as d("
                    + names + ") where t.funnel_id = d.funnel_id" + match + " and " + allZero("t.", counts);
        } else {
            // H2 (standalone: one consumer) has no ON CONFLICT DO UPDATE; MERGE does the same, a row at a time
            String casts = Arrays.stream(columns).map(c -> ", cast(? as " + c.type() + ") " + c.name())
                    .collect(Collectors.joining());
            String countCasts = Arrays.stream(counts).map(c -> ", cast(? as bigint) " + c).collect(Collectors.joining());
            String on = Arrays.stream(columns).map(c -> " and r." + c.name() + " = d." + c.name())
                    .collect(Collectors.joining());
            String inserted = Arrays.stream(columns).map(c -> ", d." + c.name()).collect(Collectors.joining());
            String update = Arrays.stream(counts).map(c -> c + " = r." + c + " + d." + c).collect(Collectors.joining(", "));
            String insertedCounts = Arrays.stream(counts).map(c -> ", d." + c).collect(Collectors.joining());
            this.upsert = "merge into " + table + " r using (select cast(? as varchar(64)) funnel_id" + casts
                    + countCasts + ") d on r.funnel_id = d.funnel_id" + on + " when matched then update set " + update
                    + " when not matched then insert (" + names + ", " + countNames + ") values (d.funnel_id" + inserted
                    + insertedCounts + ")";
            String match = Arrays.stream(columns).map(c -> " and " + c.name() + " = ?").collect(Collectors.joining());
            this.deleteZero = "delete from " + table + " where funnel_id = ?" + match + " and " + allZero("", counts);
        }
    }

    private static String allZero(String prefix, String[] counts) {
        return Arrays.stream(counts).map(c -> prefix + c + " = 0").collect(Collectors.joining(" and "));
    }

    /** The changes of a table with one count column, as {@link #apply} takes them. */
    static <K> Map<String, TreeMap<K, long[]>> single(Map<String, TreeMap<K, Long>> changes) {
        Map<String, TreeMap<K, long[]>> single = new TreeMap<>();
        changes.forEach((funnelId, byKey) -> {
            TreeMap<K, long[]> values = new TreeMap<>(byKey.comparator());
            byKey.forEach((key, n) -> values.put(key, new long[] { n }));
            single.put(funnelId, values);
        });
        return single;
    }

    /** Writes the changes (one value per count column), per funnel in key order; rows that come to zero are removed. */
    void apply(Connection conn, Map<String, TreeMap<K, long[]>> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        if (postgres) {
            applyArrays(conn, changes);
        } else {
            applyRows(conn, changes);
        }
    }

    private void applyArrays(Connection conn, Map<String, TreeMap<K, long[]>> changes) throws SQLException {
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

    /** funnel_id, the key's columns and, with {@code count}, the counts: the arrays' element types. */
    private String[] arrayTypes(boolean count) {
        String[] types = new String[columns.length + 1 + (count ? counts : 0)];
        types[0] = "varchar";
        for (int c = 0; c < columns.length; c++) {
            types[c + 1] = columns[c].arrayType();
        }
        for (int c = columns.length + 1; c < types.length; c++) {
            types[c] = "int8";
        }
        return types;
    }

    private Object[] row(String funnelId, K key, long[] change) {
        Object[] keyValues = values.apply(key);
        Object[] row = new Object[columns.length + 1 + counts];
        row[0] = funnelId;
        System.arraycopy(keyValues, 0, row, 1, columns.length);
        for (int c = 0; c < counts; c++) {
            row[columns.length + 1 + c] = change[c];
        }
        return row;
    }

    private void applyRows(Connection conn, Map<String, TreeMap<K, long[]>> changes) throws SQLException {
        boolean mayReachZero = false;
        try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            for (Map.Entry<String, TreeMap<K, long[]>> funnel : changes.entrySet()) {
                for (Map.Entry<K, long[]> change : funnel.getValue().entrySet()) {
                    bindKey(ps, funnel.getKey(), change.getKey());
                    for (int c = 0; c < counts; c++) {
                        ps.setLong(columns.length + 2 + c, change.getValue()[c]);
                    }
                    ps.addBatch();
                    mayReachZero |= mayReachZero(change.getValue());
                }
            }
            ps.executeBatch();
        }
        if (!mayReachZero) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(deleteZero)) {
            for (Map.Entry<String, TreeMap<K, long[]>> funnel : changes.entrySet()) {
                for (Map.Entry<K, long[]> change : funnel.getValue().entrySet()) {
                    if (mayReachZero(change.getValue())) {
                        bindKey(ps, funnel.getKey(), change.getKey());
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    /** Whether a change can bring its row's counts to zero: any change of a signed table, else a decrease. */
    private boolean mayReachZero(long[] change) {
        if (signed) {
            return true;
        }
        for (long n : change) {
            if (n < 0) {
                return true;
            }
        }
        return false;
    }

    private void bindKey(PreparedStatement ps, String funnelId, K key) throws SQLException {
        ps.setString(1, funnelId);
        Object[] keyValues = values.apply(key);
        for (int c = 0; c < keyValues.length; c++) {
            ps.setObject(c + 2, keyValues[c]);
        }
    }
}

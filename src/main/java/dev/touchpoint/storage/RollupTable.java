package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
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

    /** Binds a key's columns from parameter {@code first} on. */
    interface KeyBinder<K> {
        void bind(PreparedStatement ps, int first, K key) throws SQLException;
    }

    /** A key column: its name and SQL type. */
    record Column(String name, String type) {
    }

    private final String upsert;
    private final String deleteZero;
    private final int keyColumns;
    private final KeyBinder<K> binder;
    private final boolean signed;

    /**
     * @param columns the key columns after {@code funnel_id}, in the order {@code binder} binds them
     * @param count   the count column
     * @param signed  whether counts may be negative, so that an increase too can bring a row to zero
     */
    RollupTable(String table, Column[] columns, String count, KeyBinder<K> binder, boolean signed, boolean postgres) {
        this.keyColumns = columns.length;
        this.binder = binder;
        this.signed = signed;
        String names = "funnel_id, " + Arrays.stream(columns).map(Column::name).collect(Collectors.joining(", "));
        String params = "?, ".repeat(columns.length + 1) + "?";
        String match = Arrays.stream(columns).map(c -> " and " + c.name() + " = ?").collect(Collectors.joining());
        if (postgres) {
            // concurrent writers of one new row (consumers of other partitions) wait rather than fail
            this.upsert = "insert into " + table + " (" + names + ", " + count + ") values (" + params + ")"
                    + " on conflict (" + names + ") do update set " + count + " = " + table + "." + count + " + excluded."
                    + count;
        } else {
            // H2 (standalone: one consumer) has no ON CONFLICT DO UPDATE; MERGE does the same
            String casts = Arrays.stream(columns).map(c -> ", cast(? as " + c.type() + ") " + c.name())
                    .collect(Collectors.joining());
            String on = Arrays.stream(columns).map(c -> " and r." + c.name() + " = d." + c.name())
                    .collect(Collectors.joining());
            String values = Arrays.stream(columns).map(c -> ", d." + c.name()).collect(Collectors.joining());
            this.upsert = "merge into " + table + " r using (select cast(? as varchar(64)) funnel_id" + casts
                    + ", cast(? as bigint) " + count + ") d on r.funnel_id = d.funnel_id" + on
                    + " when matched then update set " + count + " = r." + count + " + d." + count
                    + " when not matched then insert (" + names + ", " + count + ") values (d.funnel_id" + values + ", d."
                    + count + ")";
        }
        this.deleteZero = "delete from " + table + " where funnel_id = ?" + match + " and " + count + " = 0";
    }

    /** Writes the changes, per funnel in key order; rows that come to zero are removed. */
    void apply(Connection conn, Map<String, TreeMap<K, Long>> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        boolean mayReachZero = false;
        try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            for (Map.Entry<String, TreeMap<K, Long>> funnel : changes.entrySet()) {
                for (Map.Entry<K, Long> change : funnel.getValue().entrySet()) {
                    bindKey(ps, funnel.getKey(), change.getKey());
                    ps.setLong(keyColumns + 2, change.getValue());
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
        binder.bind(ps, 2, key);
    }
}

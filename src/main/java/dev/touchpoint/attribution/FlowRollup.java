package dev.touchpoint.attribution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.touchpoint.storage.RoutingJdbcDriver;

/**
 * Keeps the daily flow rollup ({@code flow_rollup}) equal to the visits it counts: the
 * flow and trend queries read whole days from it instead of counting visit rows. Written in
 * the same transaction as the visits, from {@link FlowDeltas}, rows in {@link FlowKey} order.
 */
@ApplicationScoped
public class FlowRollup {

    private static final String KEY_COLUMNS = "funnel_id, entered_day, stage, next_stage, channel, delay_bucket";
    private static final String KEY_MATCH = "funnel_id = ? and entered_day = ? and stage = ? and next_stage = ?"
            + " and channel = ? and delay_bucket = ?";
    /** PostgreSQL: concurrent writers of one new row (consumers of other partitions) wait rather than fail. */
    private static final String UPSERT_POSTGRES = "insert into flow_rollup (" + KEY_COLUMNS + ", visits)"
            + " values (?, ?, ?, ?, ?, ?, ?) on conflict (" + KEY_COLUMNS + ")"
            + " do update set visits = flow_rollup.visits + excluded.visits";
    /** H2 (standalone: one consumer) has no ON CONFLICT DO UPDATE; MERGE does the same. */
    private static final String UPSERT_H2 = "merge into flow_rollup r using (select cast(? as varchar(64)) funnel_id,"
            + " cast(? as integer) entered_day, cast(? as smallint) stage, cast(? as smallint) next_stage,"
            + " cast(? as varchar(64)) channel, cast(? as bigint) delay_bucket, cast(? as bigint) visits) d"
            + " on r.funnel_id = d.funnel_id and r.entered_day = d.entered_day and r.stage = d.stage"
            + " and r.next_stage = d.next_stage and r.channel = d.channel and r.delay_bucket = d.delay_bucket"
            + " when matched then update set visits = r.visits + d.visits"
            + " when not matched then insert (" + KEY_COLUMNS + ", visits) values (d.funnel_id, d.entered_day, d.stage,"
            + " d.next_stage, d.channel, d.delay_bucket, d.visits)";

    private final String upsert;

    @Inject
    public FlowRollup(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.upsert = RoutingJdbcDriver.isPostgres(jdbcUrl) ? UPSERT_POSTGRES : UPSERT_H2;
    }

    /** Writes the netted changes; rows that drop to zero visits are removed. */
    void apply(Connection conn, FlowDeltas deltas) throws SQLException {
        Map<String, TreeMap<FlowKey, Long>> changes = deltas.changes();
        if (changes.isEmpty()) {
            return;
        }
        boolean anyDecrease = false;
        try (PreparedStatement ps = conn.prepareStatement(upsert)) {
            for (Map.Entry<String, TreeMap<FlowKey, Long>> funnel : changes.entrySet()) {
                for (Map.Entry<FlowKey, Long> change : funnel.getValue().entrySet()) {
                    bindKey(ps, funnel.getKey(), change.getKey());
                    ps.setLong(7, change.getValue());
                    ps.addBatch();
                    anyDecrease |= change.getValue() < 0;
                }
            }
            ps.executeBatch();
        }
        if (!anyDecrease) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("delete from flow_rollup where " + KEY_MATCH + " and visits = 0")) {
            for (Map.Entry<String, TreeMap<FlowKey, Long>> funnel : changes.entrySet()) {
                for (Map.Entry<FlowKey, Long> change : funnel.getValue().entrySet()) {
                    if (change.getValue() < 0) {
                        bindKey(ps, funnel.getKey(), change.getKey());
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private static void bindKey(PreparedStatement ps, String funnelId, FlowKey key) throws SQLException {
        ps.setString(1, funnelId);
        ps.setInt(2, key.day());
        ps.setShort(3, (short) key.stage());
        ps.setShort(4, (short) key.nextStage());
        ps.setString(5, key.channel());
        ps.setLong(6, key.delayBucket());
    }
}

package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.journey.ConversionCell;
import dev.touchpoint.journey.FlowKey;
import dev.touchpoint.journey.RollupDeltas;
import dev.touchpoint.storage.RollupTable.Column;

/**
 * Keeps the rollups equal to the rows they count, written in the same transaction as those
 * rows from {@link RollupDeltas}: the daily flow rollup ({@code flow_rollup}, visits per
 * {@link FlowKey}), from which the flow and trend queries read whole days instead of counting
 * visit rows; and the conversion cells ({@code conversion_cell}, signed start counts per
 * {@link ConversionCell}), from which the conversion query counts customers per level at the
 * default window instead of filtering start rows.
 */
@ApplicationScoped
public class Rollups {

    private final RollupTable<FlowKey> flow;
    private final RollupTable<ConversionCell> cells;

    @Inject
    public Rollups(Dialect dialect) {
        boolean postgres = dialect.postgres();
        this.flow = new RollupTable<>("flow_rollup", new Column[] { new Column("entered_day", "integer"),
                new Column("stage", "smallint"), new Column("next_stage", "smallint"), new Column("channel", "varchar(64)"),
                new Column("delay_bucket", "bigint") }, "visits", (ps, i, key) -> {
                    ps.setInt(i, key.day());
                    ps.setShort(i + 1, (short) key.stage());
                    ps.setShort(i + 2, (short) key.nextStage());
                    ps.setString(i + 3, key.channel());
                    ps.setLong(i + 4, key.delayBucket());
                }, false, postgres);
        this.cells = new RollupTable<>("conversion_cell", new Column[] { new Column("skip_mode", "boolean"),
                new Column("day_x", "integer"), new Column("day_y", "integer"), new Column("start_level", "smallint"),
                new Column("channel", "varchar(64)") }, "starts", (ps, i, key) -> {
                    ps.setBoolean(i, key.skip());
                    ps.setInt(i + 1, key.dayX());
                    ps.setInt(i + 2, key.dayY());
                    ps.setShort(i + 3, (short) key.level());
                    ps.setString(i + 4, key.channel());
                }, true, postgres);
    }

    /** Writes the netted changes to both rollups; rows that come to zero are removed. */
    void apply(Connection conn, RollupDeltas deltas) throws SQLException {
        flow.apply(conn, deltas.flowChanges());
        cells.apply(conn, deltas.cellChanges());
    }
}

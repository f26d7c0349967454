package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.journey.ConversionCell;
import dev.touchpoint.journey.CreditKey;
import dev.touchpoint.journey.DimensionFlowKey;
import dev.touchpoint.journey.FlowKey;
import dev.touchpoint.journey.RollupDeltas;
import dev.touchpoint.journey.StepTimeCell;
import dev.touchpoint.storage.RollupTable.Column;

/**
 * Keeps the rollups equal to the rows they count, written in the same transaction as those
 * rows from {@link RollupDeltas}: the daily flow rollup ({@code flow_rollup}, visits per
 * {@link FlowKey}), from which the flow and trend queries read whole days instead of counting
 * visit rows, and the daily dimension rollup ({@code dimension_rollup}, the same per value of a
 * declared dimension, {@link DimensionFlowKey}) from which their breakdowns by a declared dimension
 * read whole days; the daily credit rollup ({@code credit_rollup}, the moves' touchpoints per
 * {@link CreditKey}), from which rule-model channel credit reads whole days; the conversion cells
 * ({@code conversion_cell}, signed start counts per {@link ConversionCell}), from which the
 * conversion query counts customers per level at the default window instead of filtering start
 * rows; and the step-time cells ({@code step_time_cell}, per {@link StepTimeCell}), from which it
 * counts time to convert the same way.
 */
@ApplicationScoped
public class Rollups {

    /** The count columns of credit_rollup, in the order of {@link CreditKey}'s values. */
    private static final String[] CREDIT_COUNTS = { "first_touches", "middle_touches", "last_touches", "linear_units",
        "position_units" };

    private final RollupTable<FlowKey> flow;
    private final RollupTable<DimensionFlowKey> dimensions;
    private final RollupTable<CreditKey> credit;
    private final RollupTable<ConversionCell> cells;
    private final RollupTable<StepTimeCell> stepTimes;

    @Inject
    public Rollups(Dialect dialect) {
        boolean postgres = dialect.postgres();
        this.flow = new RollupTable<>("flow_rollup", new Column[] { new Column("entered_day", "integer", "int4"),
                new Column("stage", "smallint", "int2"), new Column("next_stage", "smallint", "int2"),
                new Column("channel", "varchar(64)", "varchar"), new Column("delay_bucket", "bigint", "int8") },
                key -> new Object[] { key.day(), (short) key.stage(), (short) key.nextStage(), key.channel(),
                        key.delayBucket() },
                new String[] { "visits" }, false, postgres);
        this.dimensions = new RollupTable<>(JourneyRows.DIMENSION_ROLLUP, new Column[] {
                new Column("dimension", "smallint", "int2"), new Column("value_kind", "smallint", "int2"),
                new Column("entered_day", "integer", "int4"), new Column("stage", "smallint", "int2"),
                new Column("next_stage", "smallint", "int2"), new Column("delay_bucket", "bigint", "int8"),
                new Column("dim_value", "varchar(" + DimensionFlowKey.LONGEST + ")", "varchar") },
                key -> new Object[] { (short) key.dimension(), (short) key.kind(), key.day(), (short) key.stage(),
                        (short) key.nextStage(), key.delayBucket(), key.value() },
                new String[] { "visits" }, false, postgres);
        this.credit = new RollupTable<>(JourneyRows.CREDIT_ROLLUP, new Column[] {
                new Column("entered_day", "integer", "int4"), new Column("stage", "smallint", "int2"),
                new Column("next_stage", "smallint", "int2"), new Column("delay_bucket", "bigint", "int8"),
                new Column("channel", "varchar(64)", "varchar"), new Column("touchpoints", "integer", "int4") },
                key -> new Object[] { key.day(), (short) key.stage(), (short) key.nextStage(), key.delayBucket(),
                        key.channel(), key.touchpoints() },
                CREDIT_COUNTS, false, postgres);
        this.cells = new RollupTable<>("conversion_cell", new Column[] { new Column("skip_mode", "boolean", "bool"),
                new Column("day_x", "integer", "int4"), new Column("day_y", "integer", "int4"),
                new Column("start_level", "smallint", "int2"), new Column("channel", "varchar(64)", "varchar") },
                key -> new Object[] { key.skip(), key.dayX(), key.dayY(), (short) key.level(), key.channel() },
                new String[] { "starts" }, true, postgres);
        this.stepTimes = new RollupTable<>(StepTimeCell.TABLE, new Column[] { new Column("skip_mode", "boolean", "bool"),
                new Column("day_x", "integer", "int4"), new Column("day_y", "integer", "int4"),
                new Column("step", "smallint", "int2"), new Column("bucket", "smallint", "int2"),
                new Column("channel", "varchar(64)", "varchar") },
                key -> new Object[] { key.skip(), key.dayX(), key.dayY(), (short) key.step(), (short) key.bucket(),
                        key.channel() },
                new String[] { "starts" }, true, postgres);
    }

    /** Writes the netted changes to the rollups; rows that come to zero are removed. */
    void apply(Connection conn, RollupDeltas deltas) throws SQLException {
        flow.apply(conn, RollupTable.single(deltas.flowChanges()));
        dimensions.apply(conn, RollupTable.single(deltas.dimensionChanges()));
        credit.apply(conn, deltas.creditChanges());
        cells.apply(conn, RollupTable.single(deltas.cellChanges()));
        stepTimes.apply(conn, RollupTable.single(deltas.stepTimeChanges()));
    }
}

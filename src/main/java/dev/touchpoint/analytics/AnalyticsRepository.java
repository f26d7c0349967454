package dev.touchpoint.analytics;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.journey.DelayBuckets;

/**
 * The flow and trend queries, over the rows attribution keeps (flow_rollup, funnel_visit),
 * never over raw events. Portable SQL for PostgreSQL and H2. Conversion: {@link ConversionRepository}.
 */
@ApplicationScoped
public class AnalyticsRepository {

    private final QueryConnection connection;

    @Inject
    public AnalyticsRepository(QueryConnection connection) {
        this.connection = connection;
    }

    /**
     * Visits entered in range, grouped by stage and successor stage (and channel, and day, when
     * asked), each group with how many successors came within the window. Whole days come from
     * the daily flow rollup when its delay buckets answer the window exactly, the rest from the
     * visits themselves.
     */
    public List<FlowCount> flowCounts(String funnelId, QueryRange range, boolean byChannel, boolean byDay) {
        DaySplit split = DaySplit.of(range.from(), range.to());
        if (!split.hasWholeDays() || !DelayBuckets.isExactFor(range.windowMillis())) {
            return visitCounts(funnelId, range.from(), range.to(), range.windowMillis(), byChannel, byDay);
        }
        List<FlowCount> counts = new ArrayList<>(rollupCounts(funnelId, split, range.windowMillis(), byChannel, byDay));
        for (DaySplit.Span edge : new DaySplit.Span[] { split.head(), split.tail() }) {
            if (edge != null) {
                counts.addAll(visitCounts(funnelId, edge.from(), edge.to(), range.windowMillis(), byChannel, byDay));
            }
        }
        return counts;
    }

    private List<FlowCount> visitCounts(String funnelId, Instant from, Instant to, long windowMillis, boolean byChannel,
            boolean byDay) {
        String groups = groups(byChannel, byDay);
        String sql = "select " + groups + ", count(*), sum(case when delay_ms <= ? then 1 else 0 end)"
                + " from funnel_visit where funnel_id = ? and entered_at >= ? and entered_at < ? group by " + groups;
        return query(sql, byChannel, byDay, ps -> {
            ps.setLong(1, windowMillis);
            ps.setString(2, funnelId);
            ps.setObject(3, from.atOffset(ZoneOffset.UTC));
            ps.setObject(4, to.atOffset(ZoneOffset.UTC));
        });
    }

    private List<FlowCount> rollupCounts(String funnelId, DaySplit split, long windowMillis, boolean byChannel,
            boolean byDay) {
        String groups = groups(byChannel, byDay);
        String sql = "select " + groups + ", sum(visits), sum(case when next_stage >= 0 and delay_bucket <= ?"
                + " then visits else 0 end) from flow_rollup where funnel_id = ? and entered_day >= ? and entered_day < ?"
                + " group by " + groups;
        return query(sql, byChannel, byDay, ps -> {
            ps.setLong(1, windowMillis);
            ps.setString(2, funnelId);
            ps.setInt(3, split.firstDay());
            ps.setInt(4, split.endDay());
        });
    }

    private static String groups(boolean byChannel, boolean byDay) {
        return "stage, next_stage" + (byChannel ? ", channel" : "") + (byDay ? ", entered_day" : "");
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Runs a grouped count whose columns are {@link #groups}, then the visits and those within the window. */
    private List<FlowCount> query(String sql, boolean byChannel, boolean byDay, Binder binder) {
        List<FlowCount> counts = new ArrayList<>();
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int col = 3;
                        int nextStage = rs.getInt(2);
                        // funnel_visit stores "no successor" as null, flow_rollup as -1
                        Integer next = rs.wasNull() || nextStage < 0 ? null : nextStage;
                        String channel = byChannel ? rs.getString(col++) : null;
                        Integer day = byDay ? rs.getInt(col++) : null;
                        counts.add(new FlowCount(rs.getInt(1), next, channel, day, rs.getLong(col), rs.getLong(col + 1)));
                    }
                }
            }
        });
        return counts;
    }
}

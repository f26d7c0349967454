package dev.touchpoint.analytics;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.journey.DelayBuckets;
import dev.touchpoint.journey.DimensionFlowKey;
import dev.touchpoint.funnel.PropertyValue;
import dev.touchpoint.analytics.query.DaySplit;
import dev.touchpoint.analytics.query.QueryRange;
import dev.touchpoint.analytics.query.QueryConnection;

/**
 * The flow and trend queries, over the rows attribution keeps (flow_rollup, dimension_rollup, funnel_visit),
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
        String by = byChannel ? "channel" : null;
        if (!split.hasWholeDays() || !DelayBuckets.isExactFor(range.windowMillis())) {
            return visitCounts(funnelId, range.from(), range.to(), range.windowMillis(), by, byDay);
        }
        List<FlowCount> counts = new ArrayList<>(rollupCounts(funnelId, split, range.windowMillis(), byChannel, byDay));
        for (DaySplit.Span edge : new DaySplit.Span[] { split.head(), split.tail() }) {
            if (edge != null) {
                counts.addAll(visitCounts(funnelId, edge.from(), edge.to(), range.windowMillis(), by, byDay));
            }
        }
        return counts;
    }

    /** @param by the column grouped beside stage and successor: channel, dim_1 … dim_5, or null for none */
    private List<FlowCount> visitCounts(String funnelId, Instant from, Instant to, long windowMillis, String by,
            boolean byDay) {
        String groups = "stage, next_stage" + (by == null ? "" : ", " + by) + (byDay ? ", entered_day" : "");
        String sql = "select " + groups + ", count(*), sum(case when delay_ms <= ? then 1 else 0 end)"
                + " from funnel_visit where funnel_id = ? and entered_at >= ? and entered_at < ? group by " + groups;
        return query(sql, by != null, byDay, ps -> {
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

    /** Rows of a property breakdown read per round trip; PostgreSQL streams only with a fetch size inside a transaction. */
    private static final int FETCH = 5_000;

    /**
     * Visits entered in range grouped as {@link #flowCounts} groups them, per value of
     * {@code property} on each visit's first event instead of per channel (the value in
     * {@link FlowCount#channel}; null: absent, null, an object or an array). Read from the
     * stored visits joined to their first events: no rollup keeps properties.
     *
     * @return the counts per value, in a map that may hold the key null
     */
    public Map<String, List<FlowCount>> propertyFlowCounts(String funnelId, QueryRange range, String property,
            boolean byDay) {
        record Group(String value, int stage, Integer next, int day) {
        }
        long windowMillis = range.windowMillis();
        Map<Group, long[]> groups = new HashMap<>();
        String sql = "select v.stage, v.next_stage, v.delay_ms, v.entered_day, t.properties from funnel_visit v"
                + " left join touchpoint t on t.event_id = v.first_event_id"
                + " where v.funnel_id = ? and v.entered_at >= ? and v.entered_at < ?";
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setFetchSize(FETCH);
                ps.setString(1, funnelId);
                ps.setObject(2, range.from().atOffset(ZoneOffset.UTC));
                ps.setObject(3, range.to().atOffset(ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int stage = rs.getInt(1);
                        int nextStage = rs.getInt(2);
                        Integer next = rs.wasNull() ? null : nextStage;
                        long delay = rs.getLong(3);
                        // as visitCounts: "delay_ms <= window", false without a successor (null)
                        boolean within = !rs.wasNull() && delay <= windowMillis;
                        int day = byDay ? rs.getInt(4) : 0;
                        String properties = rs.getString(5);
                        String value = properties == null ? null : PropertyValue.of(properties, property);
                        long[] n = groups.computeIfAbsent(new Group(value, stage, next, day), g -> new long[2]);
                        n[0]++;
                        n[1] += within ? 1 : 0;
                    }
                }
            }
        });
        Map<String, List<FlowCount>> byValue = new HashMap<>();
        groups.forEach((g, n) -> byValue.computeIfAbsent(g.value(), v -> new ArrayList<>())
                .add(new FlowCount(g.stage(), g.next(), g.value(), byDay ? g.day() : null, n[0], n[1])));
        return byValue;
    }

    /**
     * As {@link #propertyFlowCounts}, for a property the funnel declares as its dimension
     * {@code column} (1…5), grouped in the database without reading the events: whole days from
     * the daily dimension rollup as {@link #flowCounts} reads flow_rollup, the rest from the values
     * attribution keeps in funnel_visit.dim_1 … dim_5. A day whose rollup holds visits with values
     * too long for its key ({@link DimensionFlowKey#LONG}) is counted from the visits too.
     */
    public Map<String, List<FlowCount>> dimensionFlowCounts(String funnelId, QueryRange range, int column,
            boolean byDay) {
        long window = range.windowMillis();
        DaySplit split = DaySplit.of(range.from(), range.to());
        List<FlowCount> counts = new ArrayList<>();
        if (!split.hasWholeDays() || !DelayBuckets.isExactFor(window)) {
            counts.addAll(visitCounts(funnelId, range.from(), range.to(), window, "dim_" + column, byDay));
        } else {
            List<Integer> longDays = longValueDays(funnelId, column, split);
            counts.addAll(dimensionRollupCounts(funnelId, split, window, column, byDay, longDays));
            List<DaySplit.Span> spans = new ArrayList<>();
            for (DaySplit.Span edge : new DaySplit.Span[] { split.head(), split.tail() }) {
                if (edge != null) {
                    spans.add(edge);
                }
            }
            for (int day : longDays) {
                spans.add(new DaySplit.Span(DaySplit.startOf(day), DaySplit.startOf(day + 1)));
            }
            for (DaySplit.Span span : spans) {
                counts.addAll(visitCounts(funnelId, span.from(), span.to(), window, "dim_" + column, byDay));
            }
        }
        Map<String, List<FlowCount>> byValue = new HashMap<>();
        // the dimension's value stands where the channel does in a channel breakdown
        for (FlowCount c : counts) {
            byValue.computeIfAbsent(c.channel(), v -> new ArrayList<>()).add(c);
        }
        return byValue;
    }

    /** The whole days of the split on which some visit's value of the dimension is too long for the rollup's key. */
    private List<Integer> longValueDays(String funnelId, int column, DaySplit split) {
        List<Integer> days = new ArrayList<>();
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select distinct entered_day from " + ROLLUP
                    + " where funnel_id = ? and dimension = ? and value_kind = ? and entered_day >= ? and entered_day < ?")) {
                ps.setString(1, funnelId);
                ps.setInt(2, column);
                ps.setInt(3, DimensionFlowKey.LONG);
                ps.setInt(4, split.firstDay());
                ps.setInt(5, split.endDay());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.add(rs.getInt(1));
                    }
                }
            }
        });
        return days;
    }

    private List<FlowCount> dimensionRollupCounts(String funnelId, DaySplit split, long windowMillis, int column,
            boolean byDay, List<Integer> skippedDays) {
        String day = byDay ? ", entered_day" : "";
        String sql = "select stage, next_stage, case when value_kind = " + DimensionFlowKey.ABSENT
                + " then null else dim_value end" + day + ", sum(visits), sum(case when next_stage >= 0 and delay_bucket"
                + " <= ? then visits else 0 end) from " + ROLLUP + " where funnel_id = ? and dimension = ?"
                + " and value_kind <> " + DimensionFlowKey.LONG + " and entered_day >= ? and entered_day < ?"
                + (skippedDays.isEmpty() ? "" : " and entered_day not in (" + "?, ".repeat(skippedDays.size() - 1) + "?)")
                + " group by stage, next_stage, value_kind, dim_value" + day;
        return query(sql, true, byDay, ps -> {
            ps.setLong(1, windowMillis);
            ps.setString(2, funnelId);
            ps.setInt(3, column);
            ps.setInt(4, split.firstDay());
            ps.setInt(5, split.endDay());
            for (int i = 0; i < skippedDays.size(); i++) {
                ps.setInt(6 + i, skippedDays.get(i));
            }
        });
    }

    private static final String ROLLUP = "dimension_rollup";

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

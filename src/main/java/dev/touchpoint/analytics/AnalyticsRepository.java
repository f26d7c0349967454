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
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import dev.touchpoint.attribution.DelayBuckets;

/**
 * The metric queries, over the rows attribution keeps (flow_rollup, funnel_visit,
 * funnel_reach), never over raw events. Portable SQL for PostgreSQL and H2.
 */
@ApplicationScoped
public class AnalyticsRepository {

    @Inject
    EntityManager em;

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
        em.unwrap(Session.class).doWork(conn -> {
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

    /**
     * Each customer's level (the most any start in range reaches within the window) and the
     * channel of the earliest start, in journey order, that reaches it; counted per level and channel.
     */
    public List<LevelCount> levels(String funnelId, QueryRange range, boolean skip) {
        String sql = "select channel, lvl, count(*) from (" + chosenStarts(skip) + ") c where rn = 1 group by channel, lvl";
        List<LevelCount> levels = new ArrayList<>();
        em.unwrap(Session.class).doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                bindChosen(ps, funnelId, range);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        levels.add(new LevelCount(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                    }
                }
            }
        });
        return levels;
    }

    /**
     * The median time, in seconds, from step k-1 to step k on each customer's chosen chain (see
     * {@link #levels}), over the customers that reached k; by level, and by channel when asked.
     */
    public Map<String, Map<Integer, Double>> medianStepSeconds(String funnelId, QueryRange range, boolean skip,
            boolean byChannel) {
        String delay = skip ? "skip_ms" : "strict_ms";
        String sql = "select " + (byChannel ? "c.channel" : "''") + ", cur.level,"
                + " percentile_cont(0.5) within group (order by cur." + delay + " - prev." + delay + ")"
                + " from (" + chosenStarts(skip) + ") c"
                + " join funnel_reach cur on cur.funnel_id = ? and cur.journey_key = c.journey_key"
                + " and cur.start_event_id = c.start_event_id and cur.level >= 2 and cur.level <= c.lvl"
                + " join funnel_reach prev on prev.funnel_id = ? and prev.journey_key = c.journey_key"
                + " and prev.start_event_id = c.start_event_id and prev.level = cur.level - 1"
                + " where c.rn = 1 group by " + (byChannel ? "c.channel, " : "") + "cur.level";
        Map<String, Map<Integer, Double>> medians = new HashMap<>();
        em.unwrap(Session.class).doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int next = bindChosen(ps, funnelId, range);
                ps.setString(next, funnelId);
                ps.setString(next + 1, funnelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        medians.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                                .put(rs.getInt(2), rs.getDouble(3) / 1000.0);
                    }
                }
            }
        });
        return medians;
    }

    /** Per start in range: the highest level it reaches within the window; rn = 1 marks each customer's chosen start. */
    private static String chosenStarts(boolean skip) {
        String delay = skip ? "skip_ms" : "strict_ms";
        return "select journey_key, start_event_id, channel, lvl, row_number() over (partition by journey_key"
                + " order by lvl desc, start_at, start_event_id) as rn from (select journey_key, start_event_id,"
                + " start_at, channel, max(level) as lvl from funnel_reach where funnel_id = ? and start_at >= ?"
                + " and start_at < ? and " + delay + " <= ? group by journey_key, start_event_id, start_at, channel) s";
    }

    private static int bindChosen(PreparedStatement ps, String funnelId, QueryRange range) throws java.sql.SQLException {
        ps.setString(1, funnelId);
        ps.setObject(2, range.from().atOffset(ZoneOffset.UTC));
        ps.setObject(3, range.to().atOffset(ZoneOffset.UTC));
        ps.setLong(4, range.windowMillis());
        return 5;
    }
}

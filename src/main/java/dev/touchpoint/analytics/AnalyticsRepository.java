package dev.touchpoint.analytics;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * The metric queries, over the rows attribution keeps (funnel_visit, funnel_reach), never
 * over raw events. Portable SQL for PostgreSQL and H2.
 */
@ApplicationScoped
public class AnalyticsRepository {

    @Inject
    EntityManager em;

    /** Visits entered in range, grouped by stage and successor stage (and channel, and day, when asked). */
    public List<FlowCount> flowCounts(String funnelId, QueryRange range, boolean byChannel, boolean byDay) {
        String groups = "stage, next_stage" + (byChannel ? ", channel" : "") + (byDay ? ", entered_day" : "");
        String sql = "select " + groups + ", count(*), sum(case when delay_ms <= ? then 1 else 0 end)"
                + " from funnel_visit where funnel_id = ? and entered_at >= ? and entered_at < ? group by " + groups;
        List<FlowCount> counts = new ArrayList<>();
        em.unwrap(Session.class).doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setLong(1, range.windowMillis());
                ps.setString(2, funnelId);
                ps.setObject(3, range.from().atOffset(ZoneOffset.UTC));
                ps.setObject(4, range.to().atOffset(ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int col = 3;
                        int nextStage = rs.getInt(2);
                        Integer next = rs.wasNull() ? null : nextStage;
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

package dev.touchpoint.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import dev.touchpoint.attribution.DelayBuckets;
import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.storage.RoutingJdbcDriver;

/**
 * The metric queries, over the rows attribution keeps (flow_rollup, funnel_visit,
 * funnel_start), never over raw events. Portable SQL for PostgreSQL and H2.
 */
@ApplicationScoped
public class AnalyticsRepository {

    private static final Pattern MEMORY_SIZE = Pattern.compile("[1-9][0-9]{0,6}(kB|MB|GB)");

    private final EntityManager em;
    /** The statement run before each query on PostgreSQL (settings local to the transaction); null on H2. */
    private final String querySettings;

    @Inject
    public AnalyticsRepository(EntityManager em, TouchpointConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.em = em;
        String workMem = config.query().workMem();
        if (!MEMORY_SIZE.matcher(workMem).matches()) {
            throw new IllegalArgumentException("touchpoint.query.work-mem must be a PostgreSQL memory size such as 128MB, not "
                    + workMem);
        }
        // JIT compiling a query costs PostgreSQL about half a second here and saves less than that.
        this.querySettings = RoutingJdbcDriver.isPostgres(jdbcUrl)
                ? "select set_config('work_mem', '" + workMem + "', true), set_config('jit', 'off', true)"
                : null;
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
        session().doWork(conn -> {
            applySettings(conn);
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

    /** Customers per level and channel, and median seconds per step by channel ("" for all), of one conversion query. */
    public record ConversionCounts(List<LevelCount> levels, Map<String, Map<Integer, Double>> medians) {
    }

    /**
     * SPEC §3 Funnel in one statement. Per start in range (a {@code funnel_start} row): the highest
     * level it reaches within the window and the delay to each level up to it. Per customer: the
     * chosen start, the earliest in journey order among those reaching the customer's level.
     * Over the chosen starts: customers per level and channel, and the median time from step k-1
     * to step k over the customers reaching k, overall and (when asked) per channel.
     */
    public ConversionCounts conversion(String funnelId, QueryRange range, boolean skip, boolean byChannel, int stageCount) {
        String delays = skip ? "skip_ms" : "strict_ms";
        long window = range.windowMillis();
        StringBuilder level = new StringBuilder("case");
        for (int k = stageCount; k >= 2; k--) {
            level.append(" when ").append(delayAt(delays, k)).append(" <= ").append(window).append(" then ").append(k);
        }
        level.append(" else 1 end");
        StringBuilder perLevel = new StringBuilder();
        StringBuilder medians = new StringBuilder();
        StringBuilder noMedians = new StringBuilder();
        for (int k = 2; k <= stageCount; k++) {
            perLevel.append(", case when lvl >= ").append(k).append(" then ").append(delayAt(delays, k)).append(" end as d")
                    .append(k);
            medians.append(", percentile_cont(0.5) within group (order by d").append(k)
                    .append(k == 2 ? "" : " - d" + (k - 1)).append(") filter (where lvl >= ").append(k).append(")");
            noMedians.append(", cast(null as double precision)");
        }
        String sql = "with s as (select journey_key, start_event_id, start_at, channel, " + delays + ", " + level
                + " as lvl from funnel_start where funnel_id = ? and start_at >= ? and start_at < ?),"
                + " c as (select * from (select s.*, row_number() over (partition by journey_key"
                + " order by lvl desc, start_at, start_event_id) as rn from s) r where rn = 1),"
                + " m as (select channel, lvl" + perLevel + " from c)"
                + " select 0, channel, lvl, count(*)" + noMedians + " from m group by channel, lvl"
                + " union all select 1, cast(null as varchar(64)), cast(null as integer), cast(null as bigint)" + medians
                + " from m"
                + (byChannel ? " union all select 2, channel, cast(null as integer), cast(null as bigint)" + medians
                        + " from m group by channel" : "");
        List<LevelCount> levels = new ArrayList<>();
        Map<String, Map<Integer, Double>> medianSeconds = new HashMap<>();
        session().doWork(conn -> {
            applySettings(conn);
            if (querySettings != null) {
                // Without this PostgreSQL walks the primary key to get the starts in customer order,
                // reading 3M rows at random: 18 s at 10M events, against 7 s for a (parallel)
                // sequential or bitmap scan and a sort. Local to the query's transaction.
                try (Statement st = conn.createStatement()) {
                    st.execute("select set_config('enable_indexscan', 'off', true)");
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setString(1, funnelId);
                ps.setObject(2, range.from().atOffset(ZoneOffset.UTC));
                ps.setObject(3, range.to().atOffset(ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(1) == 0) {
                            levels.add(new LevelCount(rs.getString(2), rs.getInt(3), rs.getLong(4)));
                            continue;
                        }
                        Map<Integer, Double> byLevel = medianSeconds.computeIfAbsent(rs.getInt(1) == 1 ? "" : rs.getString(2),
                                c -> new HashMap<>());
                        for (int k = 2; k <= stageCount; k++) {
                            double ms = rs.getDouble(3 + k);
                            if (!rs.wasNull()) {
                                byLevel.put(k, ms / 1000.0);
                            }
                        }
                    }
                }
            }
        });
        return new ConversionCounts(levels, medianSeconds);
    }

    /**
     * The delay to level k of a start, null where not reached: the arrays stop at the last level
     * skip mode reaches, and H2 (unlike PostgreSQL) fails on an index beyond an array's end.
     */
    private static String delayAt(String delays, int k) {
        return "case when cardinality(" + delays + ") >= " + k + " then " + delays + "[" + k + "] end";
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    private void applySettings(Connection conn) throws SQLException {
        if (querySettings != null) {
            try (Statement st = conn.createStatement()) {
                st.execute(querySettings);
            }
        }
    }
}

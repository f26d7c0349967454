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
import dev.touchpoint.attribution.FlowKey;
import dev.touchpoint.attribution.StartLinks;
import dev.touchpoint.attribution.StartSample;
import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.storage.KeyList;
import dev.touchpoint.storage.RoutingJdbcDriver;

/**
 * The metric queries, over the rows attribution keeps (flow_rollup, funnel_visit,
 * conversion_cell, funnel_start, funnel_start_sample), never over raw events. Portable SQL for PostgreSQL and H2.
 */
@ApplicationScoped
public class AnalyticsRepository {

    private static final Pattern MEMORY_SIZE = Pattern.compile("[1-9][0-9]{0,6}(kB|MB|GB)");

    private final EntityManager em;
    /** The statement run before each query on PostgreSQL (settings local to the transaction); null on H2. */
    private final String querySettings;
    private final long exactMedianCustomers;
    private final boolean postgres;
    /** Journey keys per edge correction statement. */
    private static final int EDGE_KEYS = 10_000;

    @Inject
    public AnalyticsRepository(EntityManager em, TouchpointConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.em = em;
        this.exactMedianCustomers = config.query().exactMedianCustomers();
        this.postgres = RoutingJdbcDriver.isPostgres(jdbcUrl);
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

    /**
     * Customers per level and channel, median seconds per step by channel ("" for all), and
     * what the medians were computed over, of one conversion query.
     */
    public record ConversionCounts(List<LevelCount> levels, Map<String, Map<Integer, Double>> medians, MedianBasis basis) {
    }

    /**
     * SPEC §3 Funnel. Per customer: the chosen start, the earliest in journey order among the
     * starts in range reaching the customer's highest level within the window. Over the chosen
     * starts: customers per level and channel, and the median time from step k-1 to step k over
     * the customers reaching k, overall and (when asked) per channel.
     *
     * <p>At the default window each start row carries its level and its links to the other
     * starts of its journey, so the customers per level are summed from the conversion cells
     * (see StartCell) and the chosen starts for the medians found by a filter on single rows;
     * over more than {@code touchpoint.query.exact-median-customers} customers, only the
     * sampled journeys' rows. At any other window the level of every start in range is computed
     * from its delays and the starts are ranked per customer, which sorts them all.
     */
    public ConversionCounts conversion(String funnelId, QueryRange range, boolean skip, boolean byChannel, int stageCount) {
        if (range.windowMillis() != StartLinks.WINDOW_MILLIS) {
            Medians all = medians(ConversionSql.ranked(skip, range.windowMillis(), stageCount, byChannel), funnelId, range,
                    stageCount);
            return new ConversionCounts(all.levels(), all.seconds(), new MedianBasis(false, all.customers()));
        }
        List<LevelCount> levels = cellCounts(funnelId, range, skip);
        long customers = levels.stream().mapToLong(LevelCount::customers).sum();
        boolean estimate = customers > exactMedianCustomers;
        Medians medians = medians(ConversionSql.linkedMedians(estimate ? StartSample.TABLE : "funnel_start", skip,
                stageCount, byChannel), funnelId, range, stageCount);
        return new ConversionCounts(levels, medians.seconds(), new MedianBasis(estimate, medians.customers()));
    }

    /** Customers per level and channel at the default window: the cells of the whole days around the range, corrected at its edges. */
    private List<LevelCount> cellCounts(String funnelId, QueryRange range, boolean skip) {
        int firstDay = FlowKey.dayOf(range.from());
        int endDay = FlowKey.dayOf(range.to());
        if (DaySplit.startOf(endDay).isBefore(range.to())) {
            endDay++;
        }
        Instant a0 = DaySplit.startOf(firstDay);
        Instant a1 = DaySplit.startOf(endDay);
        Map<LevelCount, Long> counts = new HashMap<>();
        int days = endDay;
        session().doWork(conn -> {
            applySettings(conn);
            try (PreparedStatement ps = conn.prepareStatement(ConversionSql.cells())) {
                ps.setString(1, funnelId);
                ps.setBoolean(2, skip);
                ps.setInt(3, firstDay);
                ps.setInt(4, days);
                addLevelCounts(ps, counts);
            }
            if (a0.isBefore(range.from()) || range.to().isBefore(a1)) {
                List<String> journeys = new ArrayList<>();
                try (PreparedStatement ps = conn.prepareStatement(ConversionSql.edgeJourneys())) {
                    bind(ps, funnelId, a0, range.from(), range.to(), a1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            journeys.add(rs.getString(1));
                        }
                    }
                }
                for (int i = 0; i < journeys.size(); i += EDGE_KEYS) {
                    KeyList keys = new KeyList(journeys.subList(i, Math.min(journeys.size(), i + EDGE_KEYS)), postgres);
                    try (PreparedStatement ps = conn.prepareStatement(ConversionSql.edgeCorrection(skip, keys))) {
                        bind(ps, range.from(), range.to(), range.from(), range.to(), a0, a1, a0, a1, funnelId);
                        keys.bind(ps, 10);
                        addLevelCounts(ps, counts);
                    }
                }
            }
        });
        List<LevelCount> levels = new ArrayList<>();
        counts.forEach((key, n) -> {
            if (n != 0) {
                levels.add(new LevelCount(key.channel(), key.level(), n));
            }
        });
        return levels;
    }

    /** Binds instants (as UTC) and strings from parameter 1 on. */
    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, values[i] instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : values[i]);
        }
    }

    /** Adds the rows (level, channel, customers) of a grouped count to {@code counts}, keyed by a LevelCount of 0. */
    private static void addLevelCounts(PreparedStatement ps, Map<LevelCount, Long> counts) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.merge(new LevelCount(rs.getString(2), rs.getInt(1), 0), rs.getLong(3), Long::sum);
            }
        }
    }

    /** The result of a {@link ConversionSql} statement: customers per level (ranked only), chosen starts, median seconds. */
    private record Medians(List<LevelCount> levels, long customers, Map<String, Map<Integer, Double>> seconds) {
    }

    private Medians medians(ConversionSql query, String funnelId, QueryRange range, int stageCount) {
        List<LevelCount> levels = new ArrayList<>();
        Map<String, Map<Integer, Double>> medianSeconds = new HashMap<>();
        long[] customers = new long[1];
        session().doWork(conn -> {
            // No index scans: rows of one time range lie all over the table, and once the JDBC
            // driver prepares the statement on the server, PostgreSQL's generic plan walks the
            // start_at index and reads them at random (at 10M events: 9.5 s with links, 18 s
            // ranking, against 2.6 s and 7 s through a bitmap or sequential scan).
            applySettings(conn, ", set_config('enable_indexscan', 'off', true)");
            try (PreparedStatement ps = conn.prepareStatement(query.sql())) {
                query.bind(ps, funnelId, range.from(), range.to());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(1) == 0) {
                            levels.add(new LevelCount(rs.getString(2), rs.getInt(3), rs.getLong(4)));
                            continue;
                        }
                        if (rs.getInt(1) == 1) {
                            customers[0] = rs.getLong(4);
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
        return new Medians(levels, customers[0], medianSeconds);
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    private void applySettings(Connection conn) throws SQLException {
        applySettings(conn, "");
    }

    /** @param more further {@code , set_config(...)} calls for this query; PostgreSQL only */
    private void applySettings(Connection conn, String more) throws SQLException {
        if (querySettings != null) {
            try (Statement st = conn.createStatement()) {
                st.execute(querySettings + more);
            }
        }
    }
}

package dev.touchpoint.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.journey.FlowKey;
import dev.touchpoint.journey.StartLinks;
import dev.touchpoint.journey.StartSample;
import dev.touchpoint.journey.StepTimeCell;
import dev.touchpoint.journey.TimeToConvert;
import dev.touchpoint.storage.KeyList;
import dev.touchpoint.funnel.PropertyValue;
import dev.touchpoint.analytics.query.DaySplit;
import dev.touchpoint.analytics.query.QueryRange;
import dev.touchpoint.analytics.query.QueryConnection;

/**
 * The conversion query (docs/metrics.md, Ordered funnel), over the rows attribution keeps (conversion_cell,
 * funnel_start, funnel_start_sample), never over raw events; its statements are
 * {@link ConversionSql}'s.
 */
@ApplicationScoped
public class ConversionRepository {

    /** Journey keys per edge correction statement. */
    private static final int EDGE_KEYS = 10_000;

    private final QueryConnection connection;
    private final long exactMedianCustomers;

    @Inject
    public ConversionRepository(QueryConnection connection, TouchpointConfig config) {
        this.connection = connection;
        this.exactMedianCustomers = config.query().exactMedianCustomers();
    }

    /**
     * Customers per level and channel, median seconds per step by channel ("" for all), and
     * what the medians were computed over, of one conversion query.
     */
    public record ConversionCounts(List<LevelCount> levels, Map<String, Map<Integer, Double>> medians, MedianBasis basis,
            Map<String, TimeToConvert> timeToConvert, int stageCount) {

        /** The time-to-convert tally of one channel ("" for all). */
        public TimeToConvert timeToConvert(String channel) {
            return timeToConvert.getOrDefault(channel, new TimeToConvert(stageCount));
        }
    }

    /**
     * docs/metrics.md, Ordered funnel. Per customer: the chosen start, the earliest in journey order among the
     * starts in range reaching the customer's highest level within the window. Over the chosen
     * starts: customers per level and channel, and the median time from step k-1 to step k over
     * the customers reaching k, overall and (when asked) per channel.
     *
     * <p>At the default window each start row carries its level and its links to the other
     * starts of its journey, so the customers per level are summed from the conversion cells
     * (see ConversionCell) and the chosen starts for the medians found by a filter on single rows;
     * over more than {@code touchpoint.query.exact-median-customers} customers, only the
     * sampled journeys' rows. At any other window the level of every start in range is computed
     * from its delays and the starts are ranked per customer, which sorts them all.
     */
    public ConversionCounts conversion(String funnelId, QueryRange range, boolean skip, boolean byChannel, int stageCount) {
        if (range.windowMillis() != StartLinks.WINDOW_MILLIS) {
            Medians all = medians(ConversionSql.ranked(skip, range.windowMillis(), stageCount, byChannel), funnelId, range,
                    stageCount);
            return new ConversionCounts(all.levels(), all.seconds(), new MedianBasis(false, all.customers()),
                    timeToConvert(ConversionSql.timeToConvert(skip, range.windowMillis(), stageCount, byChannel),
                            funnelId, range, stageCount), stageCount);
        }
        CellDays days = new CellDays(range, Instant.now());
        List<EdgeStart> edges = edgeStarts(funnelId, range, days, skip, stageCount);
        List<LevelCount> levels = cellCounts(funnelId, days, edges, skip);
        long customers = levels.stream().mapToLong(LevelCount::customers).sum();
        boolean estimate = customers > exactMedianCustomers;
        Medians medians = medians(ConversionSql.linkedMedians(estimate ? StartSample.TABLE : "funnel_start", skip,
                stageCount, byChannel), funnelId, range, stageCount);
        return new ConversionCounts(levels, medians.seconds(), new MedianBasis(estimate, medians.customers()),
                stepTimeCounts(funnelId, days, edges, skip, byChannel, stageCount), stageCount);
    }

    /**
     * The chosen starts in range per value of {@code property} on their event ({@code e1} of
     * each customer's earliest chain that reaches their level; null: absent, null, an object or
     * an array), picked as {@link #conversion} picks them: by their links at the default window,
     * by ranking at any other. Every chosen start is read (joined to its event for the
     * properties), so the medians are exact.
     *
     * @return the tally per value, in a map that may hold the key null
     */
    Map<String, StartTally> propertyStarts(String funnelId, QueryRange range, boolean skip, String property,
            int stageCount) {
        boolean linked = range.windowMillis() == StartLinks.WINDOW_MILLIS;
        ConversionSql query = ConversionSql.chosenStarts(linked, skip, range.windowMillis(), stageCount);
        Map<String, StartTally> byValue = new HashMap<>();
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(query.sql())) {
                ps.setFetchSize(FETCH);
                query.bind(ps, funnelId, range.from(), range.to());
                Long[] stepMicros = new Long[stageCount + 1];
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int level = rs.getInt(1);
                        for (int k = 2; k <= stageCount; k++) {
                            long d = rs.getLong(k);
                            stepMicros[k] = rs.wasNull() ? null : d;
                        }
                        String properties = rs.getString(stageCount + 1);
                        String value = properties == null ? null : PropertyValue.of(properties, property);
                        byValue.computeIfAbsent(value, v -> new StartTally(stageCount)).add(level, stepMicros);
                    }
                }
            }
        });
        return byValue;
    }

    /** Chosen starts fetched per round trip of a property breakdown. */
    private static final int FETCH = 5_000;

    /**
     * Customers per level and channel at the default window: the cells of the whole days around
     * the range, corrected at its partial edge days.
     */
    private List<LevelCount> cellCounts(String funnelId, CellDays days, List<EdgeStart> edges, boolean skip) {
        Map<LevelCount, Long> counts = new HashMap<>();
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(ConversionSql.cells())) {
                ConversionSql.bindCells(ps, funnelId, skip, days.firstDay, days.endDay);
                addLevelCounts(ps, counts);
            }
        });
        for (EdgeStart e : edges) {
            counts.merge(new LevelCount(e.channel(), e.level(), 0), (long) e.sign(), Long::sum);
        }
        List<LevelCount> levels = new ArrayList<>();
        counts.forEach((key, n) -> {
            if (n != 0) {
                levels.add(new LevelCount(key.channel(), key.level(), n));
            }
        });
        return levels;
    }

    /**
     * The whole days the cells answer for a range: {@code [firstDay, endDay)}, from {@code a0} to
     * {@code a1}; the edges correct the difference from the range. A partial day at either end is
     * taken whole (the cells, less the customers with a start in the rest of that day) or left out
     * (the cells, plus those with a start in its part of the range), whichever leaves fewer hours of
     * start rows to read; hours after now hold none, so a range ending now takes its last day
     * whole. Either way the answer is the same; only the rows read differ. When leaving both ends
     * out would leave no whole day, both are taken whole.
     */
    static final class CellDays {
        final int firstDay;
        final int endDay;
        final Instant a0;
        final Instant a1;

        CellDays(QueryRange range, Instant now) {
            DaySplit.Days days = DaySplit.readDays(range.from(), range.to(), now);
            int first = days.first();
            int end = days.end();
            if (first >= end) {
                // no day to read whole on its own: both end days whole
                int toDay = FlowKey.dayOf(range.to());
                first = FlowKey.dayOf(range.from());
                end = DaySplit.startOf(toDay).equals(range.to()) ? toDay : toDay + 1;
            }
            firstDay = first;
            endDay = end;
            a0 = DaySplit.startOf(first);
            a1 = DaySplit.startOf(end);
        }

        boolean wholeDays(QueryRange range) {
            return a0.equals(range.from()) && a1.equals(range.to());
        }
    }

    /**
     * A start of a customer whose chosen start for the range can differ from theirs for its whole
     * days, chosen for one of the two and not the other: {@code sign} +1 when chosen for the range
     * only, -1 for the whole days only. What corrects the cells at the partial edge days, for the
     * levels and time to convert alike.
     *
     * @param stepMicros the chain's time to each step k = 2…level, at index k
     */
    private record EdgeStart(int level, String channel, int sign, long[] stepMicros) {
    }

    /**
     * The edge starts of a range ({@link EdgeStart}): the starts of the customers with a start in
     * its partial edge days ({@link ConversionSql#edgeJourneys}), read once per conversion query,
     * {@value #EDGE_KEYS} customers per statement; none when the range is whole days.
     */
    private List<EdgeStart> edgeStarts(String funnelId, QueryRange range, CellDays days, boolean skip, int stageCount) {
        List<EdgeStart> starts = new ArrayList<>();
        if (days.wholeDays(range)) {
            return starts;
        }
        // Thousands of keys make the planner scan funnel_start whole (105 ms at 1M events) rather than
        // look them up (a bitmap scan of the primary key, 50 ms); the setting lasts for these statements only.
        connection.run(", set_config('enable_seqscan', 'off', true)", conn -> {
            readEdgeStarts(conn, funnelId, range, days, skip, stageCount, starts);
            if (connection.postgres()) {
                try (Statement st = conn.createStatement()) {
                    st.execute("select set_config('enable_seqscan', 'on', true)");
                }
            }
        });
        return starts;
    }

    /** Adds the edge starts to {@code starts}: the customers with a start in the edge parts, then their starts. */
    private void readEdgeStarts(Connection conn, String funnelId, QueryRange range, CellDays days, boolean skip,
            int stageCount, List<EdgeStart> starts) throws SQLException {
        List<String> journeys = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(ConversionSql.edgeJourneys())) {
            ConversionSql.bindEdgeJourneys(ps, funnelId, range.from(), range.to(), days.a0, days.a1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    journeys.add(rs.getString(1));
                }
            }
        }
        for (int i = 0; i < journeys.size(); i += EDGE_KEYS) {
            KeyList keys = new KeyList(journeys.subList(i, Math.min(journeys.size(), i + EDGE_KEYS)),
                    connection.postgres());
            try (PreparedStatement ps = conn.prepareStatement(ConversionSql.edgeStarts(skip, stageCount, keys))) {
                ConversionSql.bindEdgeStarts(ps, funnelId, range.from(), range.to(), days.a0, days.a1, keys);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // chosen for the range, minus chosen for its whole days
                        int sign = rs.getInt(2 + stageCount);
                        int level = rs.getInt(1);
                        long[] micros = new long[level + 1];
                        for (int k = 2; k <= level; k++) {
                            micros[k] = rs.getLong(1 + k);
                        }
                        starts.add(new EdgeStart(level, rs.getString(2), sign, micros));
                    }
                }
            }
        }
    }

    /**
     * Time to convert at the default window, by channel ("" for all): the step-time cells of
     * the whole days around the range (see StepTimeCell), corrected at its partial edge days
     * from the start rows of the customers with a start there, as {@link #cellCounts} corrects
     * the levels. Exact, like the counts: no sample.
     */
    private Map<String, TimeToConvert> stepTimeCounts(String funnelId, CellDays days, List<EdgeStart> edges,
            boolean skip, boolean byChannel, int stageCount) {
        Map<String, TimeToConvert> tallies = new HashMap<>();
        ObjLongStep add = (channel, step, bucket, n) -> {
            if (step <= stageCount) {
                tallies.computeIfAbsent("", c -> new TimeToConvert(stageCount)).add(step, bucket, n);
                if (byChannel) {
                    tallies.computeIfAbsent(channel, c -> new TimeToConvert(stageCount)).add(step, bucket, n);
                }
            }
        };
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(ConversionSql.stepTimeCells())) {
                ConversionSql.bindCells(ps, funnelId, skip, days.firstDay, days.endDay);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        add.accept(rs.getString(3), rs.getInt(1), rs.getInt(2), rs.getLong(4));
                    }
                }
            }
        });
        for (EdgeStart e : edges) {
            for (int k = 2; k <= e.level(); k++) {
                add.accept(e.channel(), k, StepTimeCell.bucketOfMicros(e.stepMicros()[k]), e.sign());
            }
        }
        return tallies;
    }

    /** Adds {@code n} customers of a channel to a step's bucket. */
    private interface ObjLongStep {
        void accept(String channel, int step, int bucket, long n);
    }

    /** Adds the rows (level, channel, customers) of a grouped count to {@code counts}, keyed by a LevelCount of 0. */
    private static void addLevelCounts(PreparedStatement ps, Map<LevelCount, Long> counts) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.merge(new LevelCount(rs.getString(2), rs.getInt(1), 0), rs.getLong(3), Long::sum);
            }
        }
    }

    /** Customers per step and bucket of time to convert, by channel ("" for all). */
    private Map<String, TimeToConvert> timeToConvert(ConversionSql query, String funnelId, QueryRange range, int stageCount) {
        Map<String, TimeToConvert> byChannel = new HashMap<>();
        // As for the medians: the rows of one time range lie all over the table.
        connection.run(", set_config('enable_indexscan', 'off', true)", conn -> {
            try (PreparedStatement ps = conn.prepareStatement(query.sql())) {
                query.bind(ps, funnelId, range.from(), range.to());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TimeToConvert tally = new TimeToConvert(stageCount);
                        int column = 3;
                        for (int k = 2; k <= stageCount; k++) {
                            for (int b = 0; b < TimeToConvert.BUCKETS; b++) {
                                tally.add(k, b, rs.getLong(column++));
                            }
                        }
                        byChannel.put(rs.getInt(1) == 1 ? "" : rs.getString(2), tally);
                    }
                }
            }
        });
        return byChannel;
    }

    /** The result of a {@link ConversionSql} statement: customers per level (ranked only), chosen starts, median seconds. */
    private record Medians(List<LevelCount> levels, long customers, Map<String, Map<Integer, Double>> seconds) {
    }

    private Medians medians(ConversionSql query, String funnelId, QueryRange range, int stageCount) {
        List<LevelCount> levels = new ArrayList<>();
        Map<String, Map<Integer, Double>> medianSeconds = new HashMap<>();
        long[] customers = new long[1];
        // No index scans: rows of one time range lie all over the table, and once the JDBC
        // driver prepares the statement on the server, PostgreSQL's generic plan walks the
        // start_at index and reads them at random (at 10M events: 9.5 s with links, 18 s
        // ranking, against 2.6 s and 7 s through a bitmap or sequential scan).
        connection.run(", set_config('enable_indexscan', 'off', true)", conn -> {
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
                            double micros = rs.getDouble(3 + k);
                            if (!rs.wasNull()) {
                                byLevel.put(k, micros / 1_000_000.0);
                            }
                        }
                    }
                }
            }
        });
        return new Medians(levels, customers[0], medianSeconds);
    }
}

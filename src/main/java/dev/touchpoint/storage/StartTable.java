package dev.touchpoint.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.touchpoint.journey.JourneyAppend;
import dev.touchpoint.journey.Start;
import dev.touchpoint.journey.StartLink;
import dev.touchpoint.journey.StartSample;

/**
 * The SQL of {@code funnel_start}: one funnel's linked {@link Start} rows (one per start event)
 * of some journeys, read, deleted and inserted in batches. A row's delay and step-time arrays end with the
 * last level skip mode reaches, and hold null where a mode does not reach a level.
 */
public final class StartTable {

    /** Every start. */
    static final String ALL = "funnel_start";
    /** The starts of sampled journeys ({@link StartSample}), the same columns. */
    static final String SAMPLE = StartSample.TABLE;

    private StartTable() {
    }

    /** The stored starts of these journeys, by journey key, their delay arrays one element per stage. */
    static Map<String, List<Start>> select(Connection conn, String funnelId, KeyList journeyKeys, int stageCount)
            throws SQLException {
        return select(conn, funnelId, journeyKeys, stageCount, "", List.of());
    }

    /**
     * The stored starts of these journeys that appended events with these stages may extend
     * ({@link JourneyAppend#mayExtend}), and those stored before V11, which do not say.
     */
    static Map<String, List<Start>> selectExtendable(Connection conn, String funnelId, KeyList journeyKeys,
            int stageCount, Set<Integer> stages, int maxStage) throws SQLException {
        StringBuilder in = new StringBuilder();
        for (int stage : new TreeSet<>(stages)) {
            in.append(in.length() == 0 ? "" : ", ").append(stage);
        }
        return select(conn, funnelId, journeyKeys, stageCount, " and (strict_reached is null or strict_reached in (" + in
                + ") or cardinality(skip_ms) <= " + maxStage + ")", List.of());
    }

    /** The stored starts of these journeys from {@code from} on. */
    static Map<String, List<Start>> selectFrom(Connection conn, String funnelId, KeyList journeyKeys, int stageCount,
            Instant from) throws SQLException {
        return select(conn, funnelId, journeyKeys, stageCount, " and start_at >= ?", List.of(from));
    }

    /**
     * The stored starts of these journeys before {@code from} (all, if null) that may wait for a
     * risen or new start ({@link JourneyAppend.Starts#mayWait}): in a mode no {@code nextAt} and a
     * level below {@code strictLevel} or {@code skipLevel}.
     */
    static Map<String, List<Start>> selectWaiting(Connection conn, String funnelId, KeyList journeyKeys,
            int stageCount, Instant from, int strictLevel, int skipLevel) throws SQLException {
        return select(conn, funnelId, journeyKeys, stageCount, (from == null ? "" : " and start_at < ?")
                + " and ((strict_level < " + strictLevel + " and strict_next_at is null) or (skip_level < " + skipLevel
                + " and skip_next_at is null))", from == null ? List.of() : List.of(from));
    }

    /**
     * @param condition more of the where clause, on columns (the numbers in it are ints, not input)
     * @param instants  the values of its parameters, in order
     */
    private static Map<String, List<Start>> select(Connection conn, String funnelId, KeyList journeyKeys, int stageCount,
            String condition, List<Instant> instants) throws SQLException {
        Map<String, List<Start>> starts = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select journey_key, start_event_id, start_at, channel,"
                + " strict_ms, skip_ms, strict_level, strict_prev_at, strict_next_at, skip_level, skip_prev_at, skip_next_at,"
                + " strict_step_us, skip_step_us, skip_last_at from funnel_start where funnel_id = ? and "
                + journeyKeys.match("journey_key") + condition)) {
            ps.setString(1, funnelId);
            int next = journeyKeys.bind(ps, 2);
            for (Instant at : instants) {
                ps.setObject(next++, JourneyRows.utc(at));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Start r = new Start(rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
                            delays(rs.getArray(5), stageCount), delays(rs.getArray(6), stageCount),
                            steps(rs.getArray(13), stageCount), steps(rs.getArray(14), stageCount), link(rs, 7),
                            link(rs, 10), JourneyRows.instant(rs, 15));
                    starts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(r);
                }
            }
        }
        return starts;
    }

    /**
     * For each of these journeys and each mode, element {@code k} (1 to {@code stageCount}): when the
     * latest stored start before {@code before} (any, if null) reaching at least level {@code k} at
     * the default window starts, null if none (what the relinked starts begin from:
     * {@link JourneyAppend.Starts#diff}). A journey with no such start is absent.
     *
     * @return by journey key, {strict, skip}
     */
    static Map<String, Instant[][]> latest(Connection conn, String funnelId, KeyList journeyKeys, int stageCount,
            Instant before) throws SQLException {
        StringBuilder columns = new StringBuilder();
        for (String mode : List.of("strict_level", "skip_level")) {
            for (int k = 1; k <= stageCount; k++) {
                columns.append(", max(case when ").append(mode).append(" >= ").append(k).append(" then start_at end)");
            }
        }
        Map<String, Instant[][]> latest = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select journey_key" + columns + " from funnel_start"
                + " where funnel_id = ? and " + journeyKeys.match("journey_key") + (before == null ? "" : " and start_at < ?")
                + " group by journey_key")) {
            ps.setString(1, funnelId);
            int next = journeyKeys.bind(ps, 2);
            if (before != null) {
                ps.setObject(next, JourneyRows.utc(before));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant[][] modes = new Instant[2][stageCount + 1];
                    for (int m = 0; m < 2; m++) {
                        for (int k = 1; k <= stageCount; k++) {
                            modes[m][k] = JourneyRows.instant(rs, 2 + m * stageCount + k - 1);
                        }
                    }
                    latest.put(rs.getString(1), modes);
                }
            }
        }
        return latest;
    }

    /** Deletes these starts by key from {@code table} ({@link #ALL} or {@link #SAMPLE}; see {@link RowDeletes}). */
    static void delete(Connection conn, String table, String funnelId, Map<String, List<Start>> starts, boolean postgres)
            throws SQLException {
        RowDeletes.delete(conn, postgres, table, "start_event_id", "varchar", funnelId, starts,
                Start::startEventId);
    }

    /** Inserts these starts into {@code table} ({@link #ALL} or {@link #SAMPLE}). */
    static void insert(Connection conn, String table, String funnelId, Map<String, List<Start>> starts)
            throws SQLException {
        if (starts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("insert into " + table + " (funnel_id, journey_key,"
                + " start_event_id, start_at, channel, strict_ms, skip_ms, strict_level, strict_prev_at, strict_next_at,"
                + " skip_level, skip_prev_at, skip_next_at, strict_step_us, skip_step_us, strict_reached, skip_last_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Start>> journey : starts.entrySet()) {
                for (Start r : journey.getValue()) {
                    int length = r.skipReached();
                    ps.setString(1, funnelId);
                    ps.setString(2, journey.getKey());
                    ps.setString(3, r.startEventId());
                    ps.setObject(4, JourneyRows.utc(r.startAt()));
                    ps.setString(5, r.channel());
                    ps.setArray(6, conn.createArrayOf("bigint", stored(r.strictDelayMs(), length)));
                    ps.setArray(7, conn.createArrayOf("bigint", stored(r.skipDelayMs(), length)));
                    bindLink(ps, 8, r.strictLink());
                    bindLink(ps, 11, r.skipLink());
                    ps.setArray(14, conn.createArrayOf("bigint", stored(r.strictStepMicros(), length)));
                    ps.setArray(15, conn.createArrayOf("bigint", stored(r.skipStepMicros(), length)));
                    ps.setShort(16, (short) r.strictReached());
                    JourneyRows.setInstant(ps, 17, r.skipLastAt());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void bindLink(PreparedStatement ps, int column, StartLink link) throws SQLException {
        ps.setInt(column, link.level());
        JourneyRows.setInstant(ps, column + 1, link.prevAt());
        JourneyRows.setInstant(ps, column + 2, link.nextAt());
    }

    /** The first {@code length} delays as stored: null where not reached. */
    static Long[] stored(long[] delays, int length) {
        Long[] out = new Long[length];
        for (int i = 0; i < length; i++) {
            out[i] = delays[i] == Start.NOT_REACHED ? null : delays[i];
        }
        return out;
    }

    /** A stored array of step times back to one per stage, {@link Start#NOT_REACHED_STEP} where null or beyond its end. */
    static long[] steps(Array stored, int stageCount) throws SQLException {
        if (stored == null) {
            // Written by a version before V9: the row differs from any computed start and is rewritten.
            long[] none = new long[stageCount];
            Arrays.fill(none, Start.NOT_REACHED_STEP);
            return none;
        }
        return delays(stored, stageCount);
    }

    /** A stored array back to one delay per stage, {@link Start#NOT_REACHED} where null or beyond its end. */
    static long[] delays(Array stored, int stageCount) throws SQLException {
        Object[] values = (Object[]) stored.getArray();
        long[] out = new long[stageCount];
        Arrays.fill(out, Start.NOT_REACHED);
        for (int i = 0; i < Math.min(values.length, stageCount); i++) {
            if (values[i] != null) {
                out[i] = ((Number) values[i]).longValue();
            }
        }
        return out;
    }

    /** Reads a link stored as three columns from {@code column} on: level, prev, next (as funnel_start holds them). */
    public static StartLink link(ResultSet rs, int column) throws SQLException {
        return new StartLink(rs.getInt(column), JourneyRows.instant(rs, column + 1), JourneyRows.instant(rs, column + 2));
    }
}

package dev.touchpoint.analytics;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.touchpoint.journey.StepTimeCell;
import dev.touchpoint.journey.TimeToConvert;
import dev.touchpoint.storage.KeyList;

/**
 * The statements of the conversion query (docs/metrics.md, Ordered funnel), portable to PostgreSQL and H2.
 *
 * <p>{@link #ranked} and {@link #linkedMedians} pick each customer's chosen start (CTE
 * {@code c}, with its level {@code lvl}), take its chain's time of each step it reaches ({@code m}),
 * and answer rows of three kinds (first column): 0, customers per channel and level (ranked
 * only); 1, the number of chosen starts, then the median microseconds from step k-1 to step
 * k, one column per k; 2, the same per channel. {@link #timeToConvert} counts the same chosen
 * starts per step and bucket. {@link #cells} and {@link #stepTimeCells} count customers and time
 * to convert at the default window from the conversion and step-time cells, {@link #edgeJourneys}
 * and {@link #edgeStarts} find the starts that correct both at the range's partial edge days.
 * Each statement is bound by the method beside it, in the order its SQL takes the values.
 *
 * @param sql    the statement
 * @param linked whether it picks the chosen starts by their stored {@link StartLink}s (at the
 *               window they are kept for) rather than by ranking every start in range
 */
record ConversionSql(String sql, boolean linked) {

    /** At any window: each start's level from its delays, then the first per customer by level and journey order. */
    static ConversionSql ranked(boolean skip, long windowMillis, int stageCount, boolean byChannel) {
        return new ConversionSql(statement(rankedChosen(skip, windowMillis, stageCount), mode(skip) + "_step_us", stageCount,
                byChannel, true), false);
    }

    /**
     * Each customer's chosen start for a property breakdown, one row each: its level, its chain's
     * time in microseconds of each step k = 2…n it reaches (null beyond its level), and the stored properties of its
     * event (null if that event is gone). Chosen as {@link #linkedMedians} chooses them over
     * funnel_start at the links' window ({@code linked}), else as {@link #ranked} does.
     */
    static ConversionSql chosenStarts(boolean linked, boolean skip, long windowMillis, int stageCount) {
        String mode = mode(skip);
        String chosen = linked
                ? "c as (select start_event_id, " + mode + "_level as lvl, " + mode + "_step_us from funnel_start"
                        + " where funnel_id = ? and " + chosenIn(mode, "?", "?") + ")"
                : rankedChosen(skip, windowMillis, stageCount);
        StringBuilder sql = new StringBuilder("with ").append(chosen).append(" select c.lvl");
        for (int k = 2; k <= stageCount; k++) {
            sql.append(", case when c.lvl >= ").append(k).append(" then ").append(delayAt("c." + mode + "_step_us", k))
                    .append(" end");
        }
        sql.append(", t.properties from c left join touchpoint t on t.event_id = c.start_event_id");
        return new ConversionSql(sql.toString(), linked);
    }

    /** The CTEs {@code s} (starts in range with their level) and {@code c} (the first per customer by level, journey order). */
    private static String rankedChosen(boolean skip, long windowMillis, int stageCount) {
        String delays = mode(skip) + "_ms";
        return "s as (select journey_key, start_event_id, start_at, channel, " + mode(skip) + "_step_us, "
                + level(delays, windowMillis, stageCount)
                + " as lvl from funnel_start where funnel_id = ? and start_at >= ? and start_at < ?),"
                + " c as (select * from (select s.*, row_number() over (partition by journey_key"
                + " order by lvl desc, start_at, start_event_id) as rn from s) r where rn = 1)";
    }

    /**
     * At the links' window, the medians (and the number of chosen starts) over the starts of
     * {@code table}: a start in range is chosen when no other start in range outranks it (see
     * {@link StartLink}).
     */
    static ConversionSql linkedMedians(String table, boolean skip, int stageCount, boolean byChannel) {
        return new ConversionSql(statement(linkedChosen(table, mode(skip)), mode(skip) + "_step_us", stageCount, byChannel,
                false), true);
    }

    /** The CTE {@code c}: the starts of {@code table} chosen by their links, with their level and step times. */
    private static String linkedChosen(String table, String mode) {
        return "c as (select channel, " + mode + "_level as lvl, " + mode + "_step_us from " + table
                + " where funnel_id = ? and " + chosenIn(mode, "?", "?") + ")";
    }

    /**
     * Time to convert over every chosen start (never the sample, so the counts are exact): rows
     * of kind 1 (all customers) and, when asked, 2 (per channel), then for each step k = 2..n and
     * each {@link TimeToConvert} bucket b, in that order, the chosen starts whose level is at least
     * k and whose chain's step k took a time in bucket b. Chosen as {@link #ranked} chooses them:
     * at a window other than the links', where no cells are kept ({@link #stepTimeCells}).
     */
    static ConversionSql timeToConvert(boolean skip, long windowMillis, int stageCount, boolean byChannel) {
        String steps = mode(skip) + "_step_us";
        String chosen = rankedChosen(skip, windowMillis, stageCount);
        StringBuilder counts = new StringBuilder();
        for (int k = 2; k <= stageCount; k++) {
            for (int b = 0; b < TimeToConvert.BUCKETS; b++) {
                counts.append(", sum(case when lvl >= ").append(k);
                if (b > 0) {
                    counts.append(" and ").append(delayAt(steps, k)).append(" >= ").append(edgeMicros(b - 1));
                }
                if (b < TimeToConvert.EDGES.size()) {
                    counts.append(" and ").append(delayAt(steps, k)).append(" < ").append(edgeMicros(b));
                }
                counts.append(" then 1 else 0 end)");
            }
        }
        return new ConversionSql("with " + chosen + " select 1, cast(null as varchar(64))" + counts + " from c"
                + (byChannel ? " union all select 2, channel" + counts + " from c group by channel" : ""), false);
    }

    /**
     * Customers per level and channel for a range of whole days {@code [D1, D2)}: the cells
     * with {@code day_x >= D1} and {@code day_y < D2} (see ConversionCell).
     */
    static String cells() {
        return "select start_level, channel, sum(starts) from conversion_cell where funnel_id = ? and skip_mode = ?"
                + " and day_x >= ? and day_y < ? group by start_level, channel";
    }

    static void bindCells(PreparedStatement ps, String funnelId, boolean skip, int firstDay, int endDay)
            throws SQLException {
        bindAll(ps, funnelId, skip, firstDay, endDay);
    }

    /**
     * Customers per step, bucket and channel for a range of whole days {@code [D1, D2)}: the
     * step-time cells with {@code day_x >= D1} and {@code day_y < D2} (see StepTimeCell); bound
     * by {@link #bindCells}.
     */
    static String stepTimeCells() {
        return "select step, bucket, channel, sum(starts) from " + StepTimeCell.TABLE + " where funnel_id = ?"
                + " and skip_mode = ? and day_x >= ? and day_y < ? group by step, bucket, channel";
    }

    /**
     * The starts of some journeys (found by key alone, so that a generic plan cannot scan the
     * whole range instead), one row each: level, channel, the chain's time in microseconds of each
     * step k = 2…n it reaches (null beyond its level), then the sign: +1 when it is chosen for
     * {@code [from, to)} and not for {@code [A0, A1)}, -1 the other way round. Only those starts are
     * returned (most starts of these journeys are chosen for both or neither); they are what to add
     * to (or take from) the cells of the whole days to count the range. Bound by
     * {@link #bindEdgeStarts}.
     */
    static String edgeStarts(boolean skip, int stageCount, KeyList keys) {
        String mode = mode(skip);
        StringBuilder sql = new StringBuilder("select ").append(mode).append("_level, channel");
        for (int k = 2; k <= stageCount; k++) {
            sql.append(", case when ").append(mode).append("_level >= ").append(k).append(" then ")
                    .append(delayAt(mode + "_step_us", k)).append(" end as d").append(k);
        }
        return "select * from (" + sql.append(", case when ").append(chosenIn(mode, "?", "?"))
                .append(" then 1 else 0 end - case when ").append(chosenIn(mode, "?", "?"))
                .append(" then 1 else 0 end as sign from funnel_start where funnel_id = ? and ")
                .append(keys.match("journey_key")) + ") e where sign <> 0";
    }

    /**
     * The customers whose chosen start for a range {@code [from, to)} can differ from theirs for
     * the whole days {@code [A0, A1)} the cells answer: those with a start between {@code A0} and
     * {@code from}, or between {@code to} and {@code A1} (either may come first).
     */
    static String edgeJourneys() {
        return "select distinct journey_key from funnel_start where funnel_id = ?"
                + " and (start_at >= ? and start_at < ? or start_at >= ? and start_at < ?)";
    }

    static void bindEdgeJourneys(PreparedStatement ps, String funnelId, Instant from, Instant to, Instant a0, Instant a1)
            throws SQLException {
        bindAll(ps, funnelId, earlier(a0, from), later(a0, from), earlier(to, a1), later(to, a1));
    }

    static void bindEdgeStarts(PreparedStatement ps, String funnelId, Instant from, Instant to, Instant a0, Instant a1,
            KeyList keys) throws SQLException {
        bindAll(ps, from, to, from, to, a0, a1, a0, a1, funnelId);
        keys.bind(ps, 10);
    }

    /** Binds the statement's parameters, in the order its SQL takes them. */
    void bind(PreparedStatement ps, String funnelId, Instant from, Instant to) throws SQLException {
        if (linked) {
            bindAll(ps, funnelId, from, to, from, to);
        } else {
            bindAll(ps, funnelId, from, to);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isBefore(b) ? b : a;
    }

    /** Binds instants (as UTC) and other values from parameter 1 on. */
    private static void bindAll(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, values[i] instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : values[i]);
        }
    }

    /** A start of {@code mode} chosen for {@code [from, to)}: in range, its links outside it. */
    private static String chosenIn(String mode, String from, String to) {
        return "start_at >= " + from + " and start_at < " + to + " and " + linksOutside(mode, from, to);
    }

    /** No other start in {@code [from, to)} outranks the start: its links (if any) lie outside the range. */
    private static String linksOutside(String mode, String from, String to) {
        return "(" + mode + "_prev_at is null or " + mode + "_prev_at < " + from + ") and (" + mode
                + "_next_at is null or " + mode + "_next_at >= " + to + ")";
    }

    private static long edgeMicros(int edge) {
        return TimeToConvert.EDGES.get(edge).toNanos() / 1_000;
    }

    /** The rows described above, from the chosen starts {@code c} and their step times in microseconds. */
    private static String statement(String chosen, String steps, int stageCount, boolean byChannel, boolean counts) {
        StringBuilder perLevel = new StringBuilder();
        StringBuilder medians = new StringBuilder();
        StringBuilder noMedians = new StringBuilder();
        for (int k = 2; k <= stageCount; k++) {
            perLevel.append(", case when lvl >= ").append(k).append(" then ").append(delayAt(steps, k)).append(" end as d")
                    .append(k);
            medians.append(", percentile_cont(0.5) within group (order by d").append(k).append(") filter (where lvl >= ")
                    .append(k).append(")");
            noMedians.append(", cast(null as double precision)");
        }
        return "with " + chosen + ", m as (select channel, lvl" + perLevel + " from c)"
                + (counts ? " select 0, channel, lvl, count(*)" + noMedians + " from m group by channel, lvl union all" : "")
                + " select 1, cast(null as varchar(64)), cast(null as integer), count(*)" + medians + " from m"
                + (byChannel ? " union all select 2, channel, cast(null as integer), count(*)" + medians
                        + " from m group by channel" : "");
    }

    /** A start's level at a window: the highest k whose delay is within it. */
    private static String level(String delays, long windowMillis, int stageCount) {
        StringBuilder level = new StringBuilder("case");
        for (int k = stageCount; k >= 2; k--) {
            level.append(" when ").append(delayAt(delays, k)).append(" <= ").append(windowMillis).append(" then ").append(k);
        }
        return level.append(" else 1 end").toString();
    }

    private static String mode(boolean skip) {
        return skip ? "skip" : "strict";
    }

    /**
     * The delay to level k of a start, null where not reached: the arrays stop at the last level
     * skip mode reaches, and H2 (unlike PostgreSQL) fails on an index beyond an array's end.
     */
    private static String delayAt(String delays, int k) {
        return "case when cardinality(" + delays + ") >= " + k + " then " + delays + "[" + k + "] end";
    }
}

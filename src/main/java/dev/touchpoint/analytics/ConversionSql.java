package dev.touchpoint.analytics;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.touchpoint.attribution.StartLink;
import dev.touchpoint.attribution.StartLinks;

/**
 * The statement of one conversion query (SPEC §3 Funnel), portable to PostgreSQL and H2. CTE
 * {@code c} holds each customer's chosen start with its level {@code lvl}; {@code m} its delay
 * to each level it reaches; the result has rows of three kinds (first column): 0, customers
 * per channel and level; 1, the median milliseconds from step k-1 to step k, one column per
 * k; 2, the same per channel.
 *
 * <p>Parameters ({@link #bind}): funnel id, {@code from}, {@code to}, and when {@link #linked}
 * {@code from} and {@code to} again.
 *
 * @param sql    the statement
 * @param linked whether it picks the chosen starts by their stored {@link StartLink}s (the
 *               window is the one they are kept for) rather than by ranking every start in range
 */
record ConversionSql(String sql, boolean linked) {

    static ConversionSql of(boolean skip, long windowMillis, int stageCount, boolean byChannel) {
        String mode = skip ? "skip" : "strict";
        String delays = mode + "_ms";
        boolean linked = windowMillis == StartLinks.WINDOW_MILLIS;
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
        String chosen = linked ? linkedChosenStarts(mode) : rankedChosenStarts(delays, windowMillis, stageCount);
        String sql = "with " + chosen + ", m as (select channel, lvl" + perLevel + " from c)"
                + " select 0, channel, lvl, count(*)" + noMedians + " from m group by channel, lvl"
                + " union all select 1, cast(null as varchar(64)), cast(null as integer), cast(null as bigint)" + medians
                + " from m"
                + (byChannel ? " union all select 2, channel, cast(null as integer), cast(null as bigint)" + medians
                        + " from m group by channel" : "");
        return new ConversionSql(sql, linked);
    }

    /** Binds the statement's parameters, in the order its SQL takes them. */
    void bind(PreparedStatement ps, String funnelId, Instant from, Instant to) throws SQLException {
        ps.setString(1, funnelId);
        ps.setObject(2, from.atOffset(ZoneOffset.UTC));
        ps.setObject(3, to.atOffset(ZoneOffset.UTC));
        if (linked) {
            ps.setObject(4, from.atOffset(ZoneOffset.UTC));
            ps.setObject(5, to.atOffset(ZoneOffset.UTC));
        }
    }

    /** At the links' window: a start in range is chosen when no other start in range outranks it (see {@link StartLink}). */
    private static String linkedChosenStarts(String mode) {
        return "c as (select channel, " + mode + "_level as lvl, " + mode + "_ms from funnel_start"
                + " where funnel_id = ? and start_at >= ? and start_at < ?"
                + " and (" + mode + "_prev_at is null or " + mode + "_prev_at < ?)"
                + " and (" + mode + "_next_at is null or " + mode + "_next_at >= ?))";
    }

    /** At any window: each start's level from its delays, then the first per customer by level and journey order. */
    private static String rankedChosenStarts(String delays, long window, int stageCount) {
        StringBuilder level = new StringBuilder("case");
        for (int k = stageCount; k >= 2; k--) {
            level.append(" when ").append(delayAt(delays, k)).append(" <= ").append(window).append(" then ").append(k);
        }
        level.append(" else 1 end");
        return "s as (select journey_key, start_event_id, start_at, channel, " + delays + ", " + level
                + " as lvl from funnel_start where funnel_id = ? and start_at >= ? and start_at < ?),"
                + " c as (select * from (select s.*, row_number() over (partition by journey_key"
                + " order by lvl desc, start_at, start_event_id) as rn from s) r where rn = 1)";
    }

    /**
     * The delay to level k of a start, null where not reached: the arrays stop at the last level
     * skip mode reaches, and H2 (unlike PostgreSQL) fails on an index beyond an array's end.
     */
    private static String delayAt(String delays, int k) {
        return "case when cardinality(" + delays + ") >= " + k + " then " + delays + "[" + k + "] end";
    }
}

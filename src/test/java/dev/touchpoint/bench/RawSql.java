package dev.touchpoint.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.touchpoint.storage.Dialect;

/**
 * docs/metrics.md computed from the raw events in plain SQL, the baseline of the query benchmark. The
 * same statements run on PostgreSQL (table {@code touchpoint} as the service stores it) and on
 * DuckDB (a copy of its rows, the timestamp as epoch milliseconds); only the source relation
 * and the event-id ordering differ ({@code collate "C"} in PostgreSQL, so that ties on the
 * timestamp order like Java's {@code String.compareTo}).
 *
 * <ul>
 * <li>Stage: {@link BenchFunnel#stageCase}; events of no stage are in no journey.</li>
 * <li>Visits: events whose predecessor in journey order {@code (timestamp, eventId)} has another
 *     stage; the successor is the next visit ({@code lead}).</li>
 * <li>Strict level of a start (an event of the first stage): the greedy chain, each link the
 *     first later event of the next stage (ClickHouse {@code windowFunnel}); level = 1 + links
 *     within the window (their delays never decrease).</li>
 * <li>Skip level: 1 + the number of stages t >= 1 whose first later event of a stage >= t is
 *     within the window.</li>
 * <li>A customer's level: the most over their starts in {@code [from, to)}.</li>
 * <li>Channel credit: linear rule credit from the visits and their successors' first events;
 *     markov transition counts, solved in Java ({@link RemovalEffects}).</li>
 * </ul>
 * Timestamps are compared in milliseconds; the generator writes whole milliseconds.
 */
final class RawSql {

    enum Dialect {
        POSTGRES("(extract(epoch from occurred_at) * 1000)::bigint", "event_id collate \"C\""),
        DUCKDB("ms", "event_id");

        final String source;
        final String eventOrder;

        /**
         * The raw events with their journey key resolved here, independently of the service's
         * stored {@code journey_key} (SPEC §1.1): the customerId, else the customer of the
         * device's earliest link by (timestamp, eventId), else the anonymousId.
         */
        Dialect(String ms, String eventOrder) {
            this.source = "select coalesce(t.customer_id, o.customer_id, t.anonymous_id) as journey_key, t.event_id,"
                    + " t.type, t.channel, " + (ms.equals("ms") ? "t.ms as ms, t.p_campaign, t.p_value"
                            : ms.replace("occurred_at", "t.occurred_at") + " as ms, t.properties::json->>'campaign' as"
                                    + " p_campaign, t.properties::json->>'value' as p_value")
                    + " from touchpoint t left join ("
                    + "select anonymous_id, customer_id from (select anonymous_id, customer_id, row_number() over"
                    + " (partition by anonymous_id order by " + ms + ", " + eventOrder + ") as rank_no from touchpoint"
                    + " where customer_id is not null and anonymous_id is not null) ranked where rank_no = 1) o"
                    + " on o.anonymous_id = t.anonymous_id";
            this.eventOrder = eventOrder;
        }
    }

    private final Dialect dialect;
    private final long from;
    private final long to;
    private final long window;

    RawSql(Dialect dialect, long fromMs, long toMs, long windowMs) {
        this.dialect = dialect;
        this.from = fromMs;
        this.to = toMs;
        this.window = windowMs;
    }

    /** The attributed events, with their stage. */
    private String attributed() {
        return "a as (select journey_key, event_id, ms, channel, p_campaign, p_value, " + BenchFunnel.stageCase("type")
                + " as stage from ("
                + dialect.source + ") raw where type in (" + BenchFunnel.attributedTypesSql() + "))";
    }

    /** Visits with successor, grouped by stage, successor stage (and UTC day). */
    String flowSql(boolean byDay) {
        return flowSql(byDay, null);
    }

    /**
     * @param property {@code p_campaign} or {@code p_value}: grouped also by that property of the
     *                 visit's first event (the third column), else null
     */
    String flowSql(boolean byDay, String property) {
        String order = "order by ms, " + dialect.eventOrder;
        String day = byDay ? ", cast(floor(ms / 86400000.0) as bigint)" : "";
        String group = property == null ? "" : ", g";
        String carry = property == null ? "" : ", " + property + " as g";
        return "with " + attributed() + ","
                + " o as (select journey_key, event_id, ms, stage" + carry + ", lag(stage) over (partition by journey_key "
                + order + ") as prev from a),"
                + " v as (select journey_key, event_id, ms, stage" + group + " from o where prev is null or prev <> stage),"
                + " s as (select ms, stage" + group + ", lead(stage) over w as next_stage, lead(ms) over w as next_ms from v"
                + " window w as (partition by journey_key " + order + "))"
                + " select stage, next_stage" + group + day + ", count(*),"
                + " sum(case when next_ms - ms <= " + window + " then 1 else 0 end)"
                + " from s where ms >= " + from + " and ms < " + to + " group by stage, next_stage" + group + day;
    }

    /**
     * Flow per value of a property of the visits' first events, as the service groups it: the
     * {@code limit} values with the most visits (ties by value, null last) under their value, the
     * rest under {@code "(other)"}; null under {@code "(null)"}.
     */
    java.util.Map<String, Figures.Flow> flowByProperty(Connection conn, String property, int limit) throws SQLException {
        java.util.Map<String, Figures.FlowBuilder> byValue = new java.util.HashMap<>();
        java.util.Map<String, Long> visits = new java.util.HashMap<>();
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(flowSql(false, property))) {
            while (rs.next()) {
                String value = rs.getString(3);
                Object[] row = { rs.getInt(1), nextStage(rs), value, rs.getLong(4), rs.getLong(5) };
                rows.add(row);
                visits.merge(value == null ? "(null)" : value, (Long) row[3], Long::sum);
            }
        }
        java.util.List<String> values = new java.util.ArrayList<>(visits.keySet());
        values.sort(java.util.Comparator.<String>comparingLong(v -> -visits.get(v))
                .thenComparing(v -> v.equals("(null)") ? "\uffff\uffff" : v));
        java.util.Set<String> listed = new java.util.HashSet<>(values.subList(0, Math.min(limit, values.size())));
        for (Object[] row : rows) {
            String value = row[2] == null ? "(null)" : (String) row[2];
            String key = listed.contains(value) ? value : "(other)";
            byValue.computeIfAbsent(key, k -> new Figures.FlowBuilder()).add((Integer) row[0], (Integer) row[1],
                    (Long) row[3], (Long) row[4]);
        }
        java.util.Map<String, Figures.Flow> flows = new java.util.TreeMap<>();
        byValue.forEach((k, b) -> flows.put(k, b.build()));
        return flows;
    }

    /** Customers per level. */
    String conversionSql(boolean skip) {
        int n = BenchFunnel.stageCount();
        String later = "window d as (partition by journey_key order by rn desc rows between unbounded preceding and 1 preceding)";
        StringBuilder sql = new StringBuilder("with ").append(attributed()).append(",")
                .append(" r as (select journey_key, ms, stage, row_number() over (partition by journey_key order by ms, ")
                .append(dialect.eventOrder).append(") as rn from a),");
        if (skip) {
            // m_t: the timestamp of the first later event of a stage >= t
            sql.append(" n as (select journey_key, ms, stage");
            for (int t = 1; t < n; t++) {
                sql.append(", min(case when stage >= ").append(t).append(" then ms end) over d as m").append(t);
            }
            sql.append(" from r ").append(later).append("),");
            sql.append(" l as (select journey_key, 1");
            for (int t = 1; t < n; t++) {
                sql.append(" + case when m").append(t).append(" - ms <= ").append(window).append(" then 1 else 0 end");
            }
            sql.append(" as lvl from n where stage = 0 and ms >= ").append(from).append(" and ms < ").append(to).append("),");
        } else {
            // succ: the position of the first later event of the next stage
            sql.append(" n as (select journey_key, rn, ms, stage");
            for (int t = 1; t < n; t++) {
                sql.append(", min(case when stage = ").append(t).append(" then rn end) over d as n").append(t);
            }
            sql.append(" from r ").append(later).append("),");
            sql.append(" c as (select journey_key, rn, ms, stage, case stage");
            for (int t = 1; t < n; t++) {
                sql.append(" when ").append(t - 1).append(" then n").append(t);
            }
            sql.append(" end as succ from n),");
            sql.append(" l as (select s.journey_key, 1");
            for (int k = 1; k < n; k++) {
                sql.append(" + case when c").append(k).append(".ms - s.ms <= ").append(window).append(" then 1 else 0 end");
            }
            sql.append(" as lvl from c s");
            for (int k = 1; k < n; k++) {
                String prev = k == 1 ? "s" : "c" + (k - 1);
                sql.append(" left join c c").append(k).append(" on c").append(k).append(".journey_key = ").append(prev)
                        .append(".journey_key and c").append(k).append(".rn = ").append(prev).append(".succ");
            }
            sql.append(" where s.stage = 0 and s.ms >= ").append(from).append(" and s.ms < ").append(to).append("),");
        }
        sql.append(" best as (select journey_key, max(lvl) as lvl from l group by journey_key)")
                .append(" select lvl, count(*) from best group by lvl");
        return sql.toString();
    }

    /**
     * Customers per level under per-step windows (docs/metrics.md, Per-step windows), as plainly as
     * SQL allows: {@code p1} holds the starts in range, and {@code p(i+1)} every (start, event) pair
     * such that a chain of {@code i + 1} events from that start ends at that event keeping every
     * bound: an event later in journey order, of the next stage (skip: of a later stage), within
     * the step bound of the chain's previous event (skip: the bounds it jumps over added up) and
     * within the window of the start. A customer's level is the highest stage any pair reaches,
     * plus one. No greedy choice, so it holds where "the first next-stage event" does not.
     *
     * @param stepMs the step windows in milliseconds, {@code stageCount - 1} of them
     */
    String stepConversionSql(boolean skip, long[] stepMs) {
        int n = BenchFunnel.stageCount();
        StringBuilder sql = new StringBuilder("with ").append(attributed()).append(",")
                .append(" r as (select journey_key, ms, stage, row_number() over (partition by journey_key order by ms, ")
                .append(dialect.eventOrder).append(") as rn from a),")
                .append(" p1 as (select journey_key, ms as sms, rn, ms, stage from r where stage = 0 and ms >= ").append(from)
                .append(" and ms < ").append(to).append(")");
        for (int i = 2; i <= n; i++) {
            sql.append(", p").append(i).append(" as (select distinct p.journey_key, p.sms, e.rn, e.ms, e.stage from p")
                    .append(i - 1).append(" p join r e on e.journey_key = p.journey_key and e.rn > p.rn and ")
                    .append(skip ? "e.stage > p.stage" : "e.stage = p.stage + 1")
                    .append(" and e.ms - p.ms <= ").append(prefix("e", stepMs)).append(" - ").append(prefix("p", stepMs))
                    .append(" and e.ms - p.sms <= ").append(window).append(")");
        }
        sql.append(", best as (select journey_key, max(stage) + 1 as lvl from (");
        for (int i = 1; i <= n; i++) {
            sql.append(i == 1 ? "" : " union all ").append("select journey_key, stage from p").append(i);
        }
        return sql.append(") u group by journey_key) select lvl, count(*) from best group by lvl").toString();
    }

    /** The sum of the step windows before the stage of {@code alias}, in milliseconds. */
    private static String prefix(String alias, long[] stepMs) {
        StringBuilder sql = new StringBuilder("(case ").append(alias).append(".stage when 0 then 0");
        long sum = 0;
        for (int s = 1; s <= stepMs.length; s++) {
            sum += stepMs[s - 1];
            sql.append(" when ").append(s).append(" then ").append(sum);
        }
        return sql.append(" end)").toString();
    }

    Figures.Conversion stepConversion(Connection conn, boolean skip, long[] stepMs) throws SQLException {
        long[] exactly = new long[BenchFunnel.stageCount() + 1];
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(stepConversionSql(skip, stepMs))) {
            while (rs.next()) {
                exactly[rs.getInt(1)] += rs.getLong(2);
            }
        }
        return Figures.conversion(exactly);
    }

    /**
     * Linear channel credit per stage, channel and kind (0 advancement, 1 loop-back): each visit
     * entered in range whose successor came within the window is one unit, a share of
     * {@code 1/(k+1)} to each of its {@code k} events and to its successor's first event, the
     * latter found as the first event of the next visit.
     */
    String creditSql() {
        String order = "order by ms, " + dialect.eventOrder;
        return "with " + attributed() + ","
                + " o as (select journey_key, ms, stage, channel, lag(stage) over (partition by journey_key " + order
                + ") as prev, row_number() over (partition by journey_key " + order + ") as rn from a),"
                + " g as (select journey_key, ms, stage, channel, prev, sum(case when prev is null or prev <> stage then 1"
                + " else 0 end) over (partition by journey_key order by rn rows unbounded preceding) as visit from o),"
                + " v as (select journey_key, visit, min(stage) as stage, min(ms) as entered, count(*) as k from g"
                + " group by journey_key, visit),"
                + " s as (select journey_key, visit, stage, entered, k, lead(stage) over w as next_stage,"
                + " lead(entered) over w as next_entered from v window w as (partition by journey_key order by visit)),"
                + " m as (select journey_key, visit, stage, k, case when next_stage > stage then 0 else 1 end as kind"
                + " from s where next_stage is not null and entered >= " + from + " and entered < " + to
                + " and next_entered - entered <= " + window + "),"
                + " t as (select journey_key, visit, channel from g union all select journey_key, visit - 1, channel from g"
                + " where prev is null or prev <> stage)"
                + " select m.stage, t.channel, m.kind, sum(1.0 / (m.k + 1)) from m join t on t.journey_key = m.journey_key"
                + " and t.visit = m.visit group by m.stage, t.channel, m.kind";
    }

    /**
     * Markov transition counts (state, next state, count): each journey's attributed events in
     * range in journey order up to its first event of stage {@code target} or later, repeats of a
     * channel in a row collapsed; state {@code ''} is START, next states {@code (conversion)} and
     * {@code (null)} the ends.
     */
    String markovSql(int target) {
        String order = "order by ms, " + dialect.eventOrder;
        return "with " + attributed() + ","
                + " r as (select journey_key, channel, stage, row_number() over (partition by journey_key " + order
                + ") as rn from a where ms >= " + from + " and ms < " + to + "),"
                + " c as (select journey_key, min(case when stage >= " + target + " then rn end) as stop from r"
                + " group by journey_key),"
                + " q as (select r.journey_key, r.rn, r.channel, c.stop, lag(r.channel) over (partition by r.journey_key"
                + " order by r.rn) as prev from r join c on c.journey_key = r.journey_key where c.stop is null"
                + " or r.rn <= c.stop),"
                + " d as (select journey_key, rn, channel, stop from q where prev is null or prev <> channel),"
                + " e as (select channel, stop, lag(channel) over w as before, lead(channel) over w as after from d"
                + " window w as (partition by journey_key order by rn))"
                + " select coalesce(before, ''), channel, count(*) from e group by coalesce(before, ''), channel"
                + " union all select channel, case when stop is null then '(null)' else '(conversion)' end, count(*)"
                + " from e where after is null group by channel, case when stop is null then '(null)' else '(conversion)' end";
    }

    Figures.Credit credit(Connection conn) throws SQLException {
        java.util.Map<String, Double> values = new java.util.TreeMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(creditSql())) {
            while (rs.next()) {
                values.merge(BenchFunnel.STAGES.get(rs.getInt(1)) + "|" + rs.getString(2) + "|"
                        + (rs.getInt(3) == 0 ? "advancement" : "loopBack"), rs.getDouble(4), Double::sum);
            }
        }
        values.values().removeIf(v -> v == 0);
        return new Figures.Credit(values);
    }

    /** Removal effects per channel, the absorbing chain solved here from the counts the SQL returns. */
    Figures.Credit markov(Connection conn, int target) throws SQLException {
        java.util.Map<String, java.util.Map<String, Long>> counts = new java.util.TreeMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(markovSql(target))) {
            while (rs.next()) {
                counts.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).merge(rs.getString(2), rs.getLong(3),
                        Long::sum);
            }
        }
        return new Figures.Credit(RemovalEffects.of(counts));
    }

    Figures.Flow flow(Connection conn) throws SQLException {
        Figures.FlowBuilder flow = new Figures.FlowBuilder();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(flowSql(false))) {
            while (rs.next()) {
                flow.add(rs.getInt(1), nextStage(rs), rs.getLong(3), rs.getLong(4));
            }
        }
        return flow.build();
    }

    Figures.Trends trends(Connection conn) throws SQLException {
        Figures.TrendsBuilder trends = new Figures.TrendsBuilder();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(flowSql(true))) {
            while (rs.next()) {
                trends.add(rs.getLong(3), rs.getInt(1), nextStage(rs), rs.getLong(4), rs.getLong(5));
            }
        }
        return trends.build();
    }

    Figures.Conversion conversion(Connection conn, boolean skip) throws SQLException {
        long[] exactly = new long[BenchFunnel.stageCount() + 1];
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(conversionSql(skip))) {
            while (rs.next()) {
                exactly[rs.getInt(1)] += rs.getLong(2);
            }
        }
        return Figures.conversion(exactly);
    }

    private static Integer nextStage(ResultSet rs) throws SQLException {
        int next = rs.getInt(2);
        return rs.wasNull() ? null : next;
    }
}

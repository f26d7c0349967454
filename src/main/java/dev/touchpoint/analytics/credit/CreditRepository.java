package dev.touchpoint.analytics.credit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.analytics.query.DaySplit;
import dev.touchpoint.analytics.query.QueryConnection;
import dev.touchpoint.analytics.query.QueryRange;
import dev.touchpoint.journey.CreditKey;
import dev.touchpoint.journey.DelayBuckets;
import dev.touchpoint.journey.credit.ChannelCredit;

/**
 * Rule-model channel credit from the rows attribution keeps, for the models that weigh a
 * touchpoint by its role alone ({@code CreditModel.byRole}): whole days from the daily credit
 * rollup ({@link CreditKey}) when its delay buckets answer the window exactly, as the flow query
 * reads flow_rollup, and the rest from the moves' touchpoints each funnel_visit row names (its
 * channel, its successor's, and the channels of its other events), grouped in the database.
 */
@ApplicationScoped
public class CreditRepository {

    private final QueryConnection connection;

    @Inject
    public CreditRepository(QueryConnection connection) {
        this.connection = connection;
    }

    /**
     * Credits the moves out of the visits entered in range within its window to {@code credit}. A
     * partial day at either end of the range is read from the visits, or as its whole day from the
     * rollup less the visits of the rest of that day, whichever has fewer hours of visits before now
     * ({@link DaySplit#readWholeDay}): no more than half a day of visit rows per end, and none for
     * the end of a range that ends now.
     */
    public void credit(String funnelId, QueryRange range, ChannelCredit credit) {
        DaySplit split = DaySplit.of(range.from(), range.to());
        long window = range.windowMillis();
        if (!split.hasWholeDays() || !DelayBuckets.isExactFor(window)) {
            visits(funnelId, range.from(), range.to(), window, 1, credit);
            return;
        }
        // An end whose rest of the day has fewer hours to read than its part counts as its whole day.
        DaySplit.Days days = DaySplit.readDays(range.from(), range.to(), Instant.now());
        rollup(funnelId, days.first(), days.end(), window, credit);
        if (split.head() != null) {
            // its part, or less the rest of its day before the range's start
            boolean whole = days.first() < split.firstDay();
            visits(funnelId, whole ? DaySplit.startOf(days.first()) : range.from(),
                    whole ? range.from() : DaySplit.startOf(split.firstDay()), window, whole ? -1 : 1, credit);
        }
        if (split.tail() != null) {
            // its part, or less the rest of its day from the range's end
            boolean whole = days.end() > split.endDay();
            visits(funnelId, whole ? range.to() : DaySplit.startOf(split.endDay()),
                    whole ? DaySplit.startOf(days.end()) : range.to(), window, whole ? -1 : 1, credit);
        }
    }

    /** The rollup's rows of the days {@code [firstDay, endDay)}. */
    private void rollup(String funnelId, int firstDay, int endDay, long windowMillis, ChannelCredit credit) {
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select stage, next_stage, channel, touchpoints,"
                    + " sum(first_touches), sum(middle_touches), sum(last_touches), sum(linear_units),"
                    + " sum(position_units) from credit_rollup where funnel_id = ? and entered_day >= ?"
                    + " and entered_day < ? and delay_bucket <= ? group by stage, next_stage, channel, touchpoints")) {
                ps.setString(1, funnelId);
                ps.setInt(2, firstDay);
                ps.setInt(3, endDay);
                ps.setLong(4, windowMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int stage = rs.getInt(1);
                        long[] values = new long[CreditKey.VALUES];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = rs.getLong(5 + i);
                        }
                        credit.addRow(stage, rs.getInt(2) > stage, rs.getString(3), rs.getInt(4), values);
                    }
                }
            }
        });
    }

    /** The moves of the visits entered in {@code [from, to)} whose successor came within the window, {@code sign} times. */
    private void visits(String funnelId, Instant from, Instant to, long windowMillis, int sign, ChannelCredit credit) {
        connection.run(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select stage, next_stage, channel, next_channel,"
                    + " event_count, middle_channels, count(*) from funnel_visit where funnel_id = ?"
                    + " and entered_at >= ? and entered_at < ? and next_stage is not null and delay_ms <= ?"
                    + " group by stage, next_stage, channel, next_channel, event_count, middle_channels")) {
                ps.setString(1, funnelId);
                ps.setObject(2, from.atOffset(ZoneOffset.UTC));
                ps.setObject(3, to.atOffset(ZoneOffset.UTC));
                ps.setLong(4, windowMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int stage = rs.getInt(1);
                        boolean forward = rs.getInt(2) > stage;
                        long moves = sign * rs.getLong(7);
                        CreditKey.touches(rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                                (channel, n, role, count) -> credit.addTouches(stage, forward, channel, n, role,
                                        count * moves));
                    }
                }
            }
        });
    }
}

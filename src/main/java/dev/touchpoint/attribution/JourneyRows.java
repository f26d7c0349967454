package dev.touchpoint.attribution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import dev.touchpoint.storage.RoutingJdbcDriver;

/**
 * Bulk reads of journeys and bulk replacement of the rows derived from them, in the caller's
 * transaction. Plain JDBC batches rather than entities: these are the hot paths of the
 * consumer and of backfills, touching thousands of rows per transaction.
 */
@ApplicationScoped
public class JourneyRows {

    /**
     * Journey keys per {@code journey_key in (...)} statement. PostgreSQL looks a list up in the
     * (funnel_id, journey_key, ...) indexes; H2 uses only their funnel_id prefix for a list and
     * tests every row of the funnel against it, which grows with the tables, but looks a single
     * key up directly: so one key per statement there (in process, a statement costs microseconds).
     */
    private final int inChunk;

    @Inject
    public JourneyRows(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.inChunk = RoutingJdbcDriver.isPostgres(jdbcUrl) ? 500 : 1;
    }

    @Inject
    EntityManager em;

    @Inject
    FlowRollup rollup;

    /** What attribution needs of a stored touchpoint. */
    public record StoredEvent(String eventId, String journeyKey, String type, String channel, Instant timestamp,
            String properties) {
    }

    /** The stored events of these journeys, grouped by journey key. */
    public Map<String, List<StoredEvent>> load(Collection<String> journeyKeys) {
        Map<String, List<StoredEvent>> journeys = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> {
            try (PreparedStatement ps = conn.prepareStatement("select event_id, journey_key, type, channel, occurred_at,"
                    + " properties from touchpoint where journey_key in (" + marks(chunk.size()) + ")")) {
                bind(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredEvent e = new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6));
                        journeys.computeIfAbsent(e.journeyKey(), k -> new ArrayList<>()).add(e);
                    }
                }
            }
        });
        return journeys;
    }

    /** Deletes every derived row of these funnels and journeys; their visits count -1 in {@code deltas}. */
    public void delete(Collection<String> funnelIds, Collection<String> journeyKeys, FlowDeltas deltas) {
        for (String funnelId : funnelIds) {
            forChunks(journeyKeys, (conn, chunk) -> {
                rollup.subtractStored(conn, funnelId, chunk, deltas);
                for (String table : List.of("funnel_visit", "funnel_reach")) {
                    try (PreparedStatement ps = conn.prepareStatement("delete from " + table
                            + " where funnel_id = ? and journey_key in (" + marks(chunk.size()) + ")")) {
                        ps.setString(1, funnelId);
                        bind(ps, 2, chunk);
                        ps.executeUpdate();
                    }
                }
            });
        }
    }

    /** Deletes every derived row of one funnel. */
    public void deleteFunnel(String funnelId) {
        session().doWork(conn -> {
            rollup.deleteFunnel(conn, funnelId);
            for (String table : List.of("funnel_visit", "funnel_reach")) {
                try (PreparedStatement ps = conn.prepareStatement("delete from " + table + " where funnel_id = ?")) {
                    ps.setString(1, funnelId);
                    ps.executeUpdate();
                }
            }
        });
    }

    /** Inserts the visits and reach rows of one funnel's journeys; the visits count +1 in {@code deltas}. */
    public void insert(String funnelId, Map<String, List<Visit>> visits, Map<String, List<Reach>> reaches,
            FlowDeltas deltas) {
        deltas.addVisits(funnelId, visits.values());
        session().doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("insert into funnel_visit (funnel_id, journey_key, seq,"
                    + " stage, entered_at, channel, first_event_id, event_count, cycle, next_stage, next_entered_at, delay_ms,"
                    + " entered_day) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, List<Visit>> journey : visits.entrySet()) {
                    for (Visit v : journey.getValue()) {
                        ps.setString(1, funnelId);
                        ps.setString(2, journey.getKey());
                        ps.setInt(3, v.seq());
                        ps.setShort(4, (short) v.stage());
                        ps.setObject(5, utc(v.enteredAt()));
                        ps.setString(6, v.channel());
                        ps.setString(7, v.firstEventId());
                        ps.setInt(8, v.eventCount());
                        ps.setInt(9, v.cycle());
                        if (v.nextStage() == null) {
                            ps.setNull(10, Types.SMALLINT);
                            ps.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
                            ps.setNull(12, Types.BIGINT);
                        } else {
                            ps.setShort(10, v.nextStage().shortValue());
                            ps.setObject(11, utc(v.nextEnteredAt()));
                            ps.setLong(12, v.delayMillis());
                        }
                        ps.setInt(13, FlowKey.dayOf(v.enteredAt()));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = conn.prepareStatement("insert into funnel_reach (funnel_id, journey_key,"
                    + " start_event_id, start_at, channel, level, strict_ms, skip_ms) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, List<Reach>> journey : reaches.entrySet()) {
                    for (Reach r : journey.getValue()) {
                        for (int level = 0; level < r.skipDelayMs().length; level++) {
                            // Skip mode reaches at least as far as strict mode: no skip delay, no row.
                            if (r.skipDelayMs()[level] == Reach.NOT_REACHED) {
                                break;
                            }
                            ps.setString(1, funnelId);
                            ps.setString(2, journey.getKey());
                            ps.setString(3, r.startEventId());
                            ps.setObject(4, utc(r.startAt()));
                            ps.setString(5, r.channel());
                            ps.setShort(6, (short) (level + 1));
                            setDelay(ps, 7, r.strictDelayMs()[level]);
                            setDelay(ps, 8, r.skipDelayMs()[level]);
                            ps.addBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
        });
    }

    /** Writes what the deletes and inserts changed to the flow rollup. */
    public void applyRollup(FlowDeltas deltas) {
        session().doWork(conn -> rollup.apply(conn, deltas));
    }

    private static void setDelay(PreparedStatement ps, int index, long delay) throws SQLException {
        if (delay == Reach.NOT_REACHED) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, delay);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private interface ChunkWork {
        void run(Connection conn, List<String> chunk) throws SQLException;
    }

    private void forChunks(Collection<String> keys, ChunkWork work) {
        List<String> all = List.copyOf(keys);
        session().doWork(conn -> {
            for (int from = 0; from < all.size(); from += inChunk) {
                work.run(conn, all.subList(from, Math.min(all.size(), from + inChunk)));
            }
        });
    }

    /** {@code ?,?,…}: the placeholders of an {@code in} list of n values. */
    static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    static void bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}

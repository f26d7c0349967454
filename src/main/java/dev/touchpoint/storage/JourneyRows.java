package dev.touchpoint.storage;

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
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import dev.touchpoint.journey.RollupDeltas;
import dev.touchpoint.journey.RowDiff;
import dev.touchpoint.journey.Start;
import dev.touchpoint.journey.StartSample;
import dev.touchpoint.journey.StepTimeCell;
import dev.touchpoint.journey.Visit;

/**
 * Bulk reads of journeys and bulk replacement of the rows derived from them, in the caller's
 * transaction: the stored derived rows are read and only those that differ are rewritten.
 * Plain JDBC batches rather than entities: these are the hot paths of the consumer and of
 * backfills, touching thousands of rows per transaction.
 */
@ApplicationScoped
public class JourneyRows {

    @Inject
    Dialect dialect;

    @Inject
    EntityManager em;

    @Inject
    Rollups rollups;

    /** What attribution needs of a stored touchpoint. */
    public record StoredEvent(String eventId, String journeyKey, String type, String channel, Instant timestamp,
            String properties) {
    }

    /** The stored events of these journeys, grouped by journey key. */
    public Map<String, List<StoredEvent>> load(Collection<String> journeyKeys) {
        Map<String, List<StoredEvent>> journeys = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> {
            try (PreparedStatement ps = conn.prepareStatement("select event_id, journey_key, type, channel, occurred_at,"
                    + " properties from touchpoint where " + chunk.match("journey_key"))) {
                chunk.bind(ps, 1);
                read(ps, journeys);
            }
        });
        return journeys;
    }

    private static void read(PreparedStatement ps, Map<String, List<StoredEvent>> journeys) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredEvent e = new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6));
                journeys.computeIfAbsent(e.journeyKey(), k -> new ArrayList<>()).add(e);
            }
        }
    }

    /**
     * Replaces one funnel's visits and starts of these journeys by the computed ones (a journey
     * missing from the maps has none), writing only the rows that differ from what is stored.
     * The visits and starts deleted count -1 in {@code deltas}, those inserted +1. The starts of
     * sampled journeys ({@link StartSample}) are written to the sample table too.
     *
     * @param dimensionCount how many dimensions the funnel declares
     * @param dimensions     the values of the funnel's declared dimensions on a computed visit's first
     *                       event, by its id, kept in funnel_visit.dim_1 … dim_5; a deleted visit's are
     *                       read from its row
     */
    public void replace(String funnelId, int stageCount, Collection<String> journeyKeys,
            Map<String, List<Visit>> visits, Map<String, List<Start>> starts, RollupDeltas deltas,
            int dimensionCount, Function<String, String[]> dimensions) {
        Map<String, RowDiff<Visit>> visitDiffs = new HashMap<>();
        Map<String, RowDiff<Start>> startDiffs = new HashMap<>();
        Map<String, String[]> storedDimensions = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> {
            Map<String, List<Visit>> storedVisits = VisitTable.select(conn, funnelId, chunk, dimensionCount,
                    storedDimensions);
            Map<String, List<Start>> storedStarts = StartTable.select(conn, funnelId, chunk, stageCount);
            for (String key : chunk.keys()) {
                visitDiffs.put(key, RowDiff.of(storedVisits.getOrDefault(key, List.of()),
                        visits.getOrDefault(key, List.of()), Visit::seq));
                startDiffs.put(key, RowDiff.of(storedStarts.getOrDefault(key, List.of()),
                        starts.getOrDefault(key, List.of()), Start::startEventId));
            }
        });
        // A stored row and a computed one with the same first event have the same values (JourneyAttributor).
        write(funnelId, visitDiffs, startDiffs, deltas, dimensionCount == 0 ? id -> null
                : id -> storedDimensions.containsKey(id) ? storedDimensions.get(id) : dimensions.apply(id));
    }

    /**
     * Writes what changes in one funnel's rows of some journeys: each diff's removed rows (exactly as
     * stored) are deleted and count -1 in {@code deltas}, its added rows inserted and count +1.
     *
     * @param dimensions the declared dimensions' values on an added or removed visit's first event, by
     *                   its id: one per declared dimension, or null when the funnel declares none
     */
    public void write(String funnelId, Map<String, RowDiff<Visit>> visits, Map<String, RowDiff<Start>> starts,
            RollupDeltas deltas, Function<String, String[]> dimensions) {
        Map<String, List<Visit>> visitsGone = new HashMap<>();
        Map<String, List<Visit>> visitsNew = new HashMap<>();
        Map<String, List<Start>> startsGone = new HashMap<>();
        Map<String, List<Start>> startsNew = new HashMap<>();
        visits.forEach((key, v) -> {
            collect(key, v, visitsGone, visitsNew);
            deltas.countVisits(funnelId, v.removed(), -1, dimensions);
            deltas.countVisits(funnelId, v.added(), 1, dimensions);
        });
        starts.forEach((key, s) -> {
            collect(key, s, startsGone, startsNew);
            deltas.countStarts(funnelId, s.removed(), -1);
            deltas.countStarts(funnelId, s.added(), 1);
        });
        session().doWork(conn -> {
            VisitTable.delete(conn, funnelId, visitsGone, dialect.postgres());
            StartTable.delete(conn, StartTable.ALL, funnelId, startsGone, dialect.postgres());
            StartTable.delete(conn, StartTable.SAMPLE, funnelId, StartSample.of(startsGone), dialect.postgres());
            VisitTable.insert(conn, funnelId, visitsNew, dimensions, dialect.postgres());
            StartTable.insert(conn, StartTable.ALL, funnelId, startsNew);
            StartTable.insert(conn, StartTable.SAMPLE, funnelId, StartSample.of(startsNew));
        });
    }

    /** The ids and versions of the funnels whose stored rows are complete: no backfill running. */
    public Map<String, Integer> attributedFunnels() {
        Map<String, Integer> versions = new HashMap<>();
        session().doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select id, version from funnel where backfill_state = 'DONE'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getInt(2));
                }
            }
        });
        return versions;
    }

    /** These stored events (by id), grouped by journey key. */
    public Map<String, List<StoredEvent>> loadEvents(Collection<String> eventIds) {
        Map<String, List<StoredEvent>> journeys = new HashMap<>();
        List<String> all = List.copyOf(eventIds);
        session().doWork(conn -> {
            for (int from = 0; from < all.size(); from += EVENTS_PER_STATEMENT) {
                KeyList chunk = dialect.keys(all.subList(from, Math.min(all.size(), from + EVENTS_PER_STATEMENT)));
                try (PreparedStatement ps = conn.prepareStatement("select event_id, journey_key, type, channel,"
                        + " occurred_at, properties from touchpoint where " + chunk.match("event_id"))) {
                    chunk.bind(ps, 1);
                    read(ps, journeys);
                }
            }
        });
        return journeys;
    }

    /** Event ids per statement of {@link #loadEvents}: a primary key lookup, as a list on H2 too. */
    private static final int EVENTS_PER_STATEMENT = 1000;

    /** A journey's stored last visit in a funnel, and the values of the funnel's dimensions on it. */
    public record LastVisit(Visit visit, String[] dimensions) {
    }

    /** The stored last visit in one funnel of each of these journeys that has one. */
    public Map<String, LastVisit> lastVisits(String funnelId, Collection<String> journeyKeys) {
        Map<String, LastVisit> last = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> last.putAll(VisitTable.selectLast(conn, funnelId, chunk)));
        return last;
    }

    /** The stored starts appended events with these stages may extend ({@link StartTable#selectExtendable}). */
    public Map<String, List<Start>> extendableStarts(String funnelId, int stageCount, Collection<String> journeyKeys,
            Set<Integer> stages, int maxStage) {
        Map<String, List<Start>> starts = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> starts.putAll(
                StartTable.selectExtendable(conn, funnelId, chunk, stageCount, stages, maxStage)));
        return starts;
    }

    /** The stored starts of these journeys from {@code from} on. */
    public Map<String, List<Start>> startsFrom(String funnelId, int stageCount, Collection<String> journeyKeys,
            Instant from) {
        Map<String, List<Start>> starts = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> starts.putAll(StartTable.selectFrom(conn, funnelId, chunk, stageCount, from)));
        return starts;
    }

    /** The stored starts before {@code from} that may wait for a risen or new start ({@link StartTable#selectWaiting}). */
    public Map<String, List<Start>> waitingStarts(String funnelId, int stageCount, Collection<String> journeyKeys,
            Instant from, int strictLevel, int skipLevel) {
        Map<String, List<Start>> starts = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> starts.putAll(
                StartTable.selectWaiting(conn, funnelId, chunk, stageCount, from, strictLevel, skipLevel)));
        return starts;
    }

    /** Per journey, {strict, skip}: the latest stored start before {@code before} reaching each level ({@link StartTable#latest}). */
    public Map<String, Instant[][]> latestStarts(String funnelId, int stageCount, Collection<String> journeyKeys,
            Instant before) {
        Map<String, Instant[][]> latest = new HashMap<>();
        forChunks(journeyKeys, (conn, chunk) -> latest.putAll(StartTable.latest(conn, funnelId, chunk, stageCount, before)));
        return latest;
    }

    private static <T> void collect(String key, RowDiff<T> diff, Map<String, List<T>> gone, Map<String, List<T>> fresh) {
        if (!diff.removed().isEmpty()) {
            gone.put(key, diff.removed());
        }
        if (!diff.added().isEmpty()) {
            fresh.put(key, diff.added());
        }
    }

    /** The daily dimension rollup ({@link dev.touchpoint.journey.DimensionFlowKey}). */
    public static final String DIMENSION_ROLLUP = "dimension_rollup";

    /** The daily credit rollup ({@link dev.touchpoint.journey.CreditKey}). */
    public static final String CREDIT_ROLLUP = "credit_rollup";

    /** Deletes every derived row of one funnel. */
    public void deleteFunnel(String funnelId) {
        session().doWork(conn -> {
            for (String table : List.of("flow_rollup", DIMENSION_ROLLUP, CREDIT_ROLLUP, "conversion_cell", StepTimeCell.TABLE,
                    "funnel_visit", "funnel_start", StartTable.SAMPLE)) {
                RowDeletes.deleteFunnel(conn, table, funnelId);
            }
        });
    }

    /** Writes what the replacements changed to the rollups. */
    public void applyRollups(RollupDeltas deltas) {
        session().doWork(conn -> rollups.apply(conn, deltas));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Binds a timestamp column that may be null. */
    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, utc(instant));
        }
    }

    /** Reads a timestamp column that may be null. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private interface ChunkWork {
        void run(Connection conn, KeyList chunk) throws SQLException;
    }

    private void forChunks(Collection<String> keys, ChunkWork work) {
        List<String> all = List.copyOf(keys);
        int chunk = dialect.keysPerStatement();
        session().doWork(conn -> {
            for (int from = 0; from < all.size(); from += chunk) {
                work.run(conn, dialect.keys(all.subList(from, Math.min(all.size(), from + chunk))));
            }
        });
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}

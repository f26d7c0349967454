package dev.touchpoint.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.touchpoint.funnel.Funnel;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.storage.JourneyRows;
import io.quarkus.runtime.StartupEvent;

/**
 * The one owner of table {@code backfill_cursor}: a backfill is one cursor per partition of the
 * event topic, laid when a funnel's rules change, advanced by {@link BackfillWorker} chunk by
 * chunk, and read back as the funnel's progress. Runs in the caller's transaction.
 */
@ApplicationScoped
public class BackfillCursors {

    /** One partition's cursor: the last journey key attributed, in key order. */
    public record Cursor(String funnelId, int partition, String lastKey) {
    }

    @Inject
    EntityManager em;
    @Inject
    JourneyRows rows;
    @Inject
    EventTopic topic;

    /** Drops the funnel's derived rows and lays one cursor per partition over the stored history. */
    public void start(Funnel funnel) {
        rows.deleteFunnel(funnel.id);
        delete(funnel.id);
        // A journey joined by identity may hold rows of several partitions; each partition's cursor
        // recomputes it, so the total counts it once per partition, as the cursors count what they did.
        long journeys = ((Number) em.createNativeQuery("select count(*) from (select distinct partition_no, journey_key"
                + " from touchpoint) journeys").getSingleResult()).longValue();
        lay(funnel, journeys == 0);
        funnel.backfillStarted(journeys, Instant.now());
    }

    public void delete(String funnelId) {
        em.createNativeQuery("delete from backfill_cursor where funnel_id = ?1").setParameter(1, funnelId)
                .executeUpdate();
    }

    /** Journeys attributed so far by the backfill of the funnel's current version. */
    public long journeysDone(Funnel funnel) {
        return ((Number) em.createNativeQuery("select coalesce(sum(journeys_done), 0) from backfill_cursor"
                + " where funnel_id = ?1 and funnel_version = ?2")
                .setParameter(1, funnel.id).setParameter(2, funnel.version).getSingleResult()).longValue();
    }

    /** The first open cursor of a running backfill over one of these partitions, or null. */
    public Cursor nextOpen(Set<Integer> partitions) {
        List<?> cursors = em.createNativeQuery("select c.funnel_id, c.partition_no, c.last_key from backfill_cursor c"
                + " join funnel f on f.id = c.funnel_id and f.version = c.funnel_version"
                + " where c.finished = false and c.partition_no in (?1) order by c.funnel_id, c.partition_no")
                .setParameter(1, partitions).setMaxResults(1).getResultList();
        if (cursors.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) cursors.get(0);
        return new Cursor((String) row[0], ((Number) row[1]).intValue(), (String) row[2]);
    }

    public void advance(Cursor cursor, String lastKey, int journeys, boolean finished) {
        em.createNativeQuery("update backfill_cursor set last_key = ?1, journeys_done = journeys_done + ?2,"
                + " finished = ?3 where funnel_id = ?4 and partition_no = ?5")
                .setParameter(1, lastKey).setParameter(2, journeys).setParameter(3, finished)
                .setParameter(4, cursor.funnelId()).setParameter(5, cursor.partition())
                .executeUpdate();
    }

    /**
     * Marks the backfill done when no cursor of it is open. Consumer threads and instances
     * finish their partitions' cursors concurrently; each would miss the others' uncommitted
     * last cursors and none would mark the funnel done, so the count waits for a lock on the
     * funnel row and sees every cursor finished before it.
     */
    public void completeIfDone(Funnel funnel) {
        lock(funnel);
        long open = ((Number) em.createNativeQuery(
                "select count(*) from backfill_cursor where funnel_id = ?1 and finished = false")
                .setParameter(1, funnel.id).getSingleResult()).longValue();
        if (open == 0) {
            funnel.backfillDone(Instant.now());
        }
    }

    /**
     * Lays the cursors of backfills that a migration asked for: a migration that rebuilds derived
     * tables empties them and marks every funnel running, but cannot know the topic's partitions.
     */
    void onStart(@Observes StartupEvent ignored) {
        layMissing();
    }

    @Transactional
    void layMissing() {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("select id from funnel f where backfill_state = 'RUNNING' and not exists"
                + " (select 1 from backfill_cursor c where c.funnel_id = f.id and c.funnel_version = f.version)"
                + " order by id", String.class).getResultList();
        for (String id : ids) {
            Funnel funnel = em.find(Funnel.class, id);
            lock(funnel);
            if (cursorCount(funnel) == 0) {
                lay(funnel, false);
            }
        }
    }

    private long cursorCount(Funnel funnel) {
        return ((Number) em.createNativeQuery("select count(*) from backfill_cursor where funnel_id = ?1"
                + " and funnel_version = ?2").setParameter(1, funnel.id).setParameter(2, funnel.version)
                .getSingleResult()).longValue();
    }

    private void lay(Funnel funnel, boolean finished) {
        for (int p = 0; p < topic.partitions(); p++) {
            em.createNativeQuery("insert into backfill_cursor (funnel_id, partition_no, funnel_version, last_key,"
                    + " journeys_done, finished) values (?1, ?2, ?3, null, 0, ?4)")
                    .setParameter(1, funnel.id).setParameter(2, p).setParameter(3, funnel.version)
                    .setParameter(4, finished).executeUpdate();
        }
    }

    private void lock(Funnel funnel) {
        // Plain FOR UPDATE: Hibernate's PostgreSQL dialect locks with FOR NO KEY UPDATE, which H2 rejects.
        em.createNativeQuery("select id from funnel where id = ?1 for update").setParameter(1, funnel.id).getResultList();
        em.refresh(funnel);
    }
}

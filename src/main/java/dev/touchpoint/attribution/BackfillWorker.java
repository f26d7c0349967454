package dev.touchpoint.attribution;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.touchpoint.funnel.Funnel;
import dev.touchpoint.funnel.FunnelRepository;

/**
 * Attributes stored history to a new or changed funnel, a bounded chunk of journeys per
 * transaction, on the consumer's thread between batches: ingestion keeps flowing, memory
 * stays flat, and no journey is written by two threads at once. Each instance backfills
 * only the partitions it consumes, so the journeys it recomputes are exactly those it also
 * receives new events for.
 */
@ApplicationScoped
public class BackfillWorker {

    /** Journeys per backfill transaction. */
    static final int CHUNK = 200;

    @Inject
    EntityManager em;
    @Inject
    FunnelRepository funnels;
    @Inject
    FunnelCatalog catalog;
    @Inject
    JourneyAttributor attributor;
    @Inject
    WriteFence fence;

    /** Runs one chunk of some running backfill over these partitions; false when none is left. */
    @Transactional
    public boolean step(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return false;
        }
        List<?> cursors = em.createNativeQuery("select c.funnel_id, c.partition_no, c.last_key from backfill_cursor c"
                + " join funnel f on f.id = c.funnel_id and f.version = c.funnel_version"
                + " where c.finished = false and c.partition_no in (?1) order by c.funnel_id, c.partition_no")
                .setParameter(1, partitions).setMaxResults(1).getResultList();
        if (cursors.isEmpty()) {
            return false;
        }
        fence.enterShared();
        Object[] cursor = (Object[]) cursors.get(0);
        String funnelId = (String) cursor[0];
        int partition = ((Number) cursor[1]).intValue();
        String lastKey = (String) cursor[2];
        Funnel funnel = funnels.findById(funnelId);
        List<String> keys = nextJourneys(partition, lastKey);
        attributor.recompute(keys, List.of(catalog.compile(funnel)));
        boolean finished = keys.size() < CHUNK;
        em.createNativeQuery("update backfill_cursor set last_key = ?1, journeys_done = journeys_done + ?2,"
                + " finished = ?3 where funnel_id = ?4 and partition_no = ?5")
                .setParameter(1, keys.isEmpty() ? lastKey : keys.get(keys.size() - 1))
                .setParameter(2, keys.size()).setParameter(3, finished)
                .setParameter(4, funnelId).setParameter(5, partition)
                .executeUpdate();
        if (finished) {
            completeIfDone(funnel);
        }
        return true;
    }

    private List<String> nextJourneys(int partition, String lastKey) {
        String sql = "select distinct journey_key from touchpoint where partition_no = ?1"
                + (lastKey == null ? "" : " and journey_key > ?2") + " order by journey_key";
        var query = em.createNativeQuery(sql, String.class).setParameter(1, partition).setMaxResults(CHUNK);
        if (lastKey != null) {
            query.setParameter(2, lastKey);
        }
        @SuppressWarnings("unchecked")
        List<String> keys = query.getResultList();
        return keys;
    }

    /**
     * Marks the backfill done when no cursor of it is open. Consumer threads and instances
     * finish their partitions' cursors concurrently; each would miss the others' uncommitted
     * last cursors and none would mark the funnel done, so the count waits for a lock on the
     * funnel row and sees every cursor finished before it.
     */
    private void completeIfDone(Funnel funnel) {
        // Plain FOR UPDATE: Hibernate's PostgreSQL dialect locks with FOR NO KEY UPDATE, which H2 rejects.
        em.createNativeQuery("select id from funnel where id = ?1 for update").setParameter(1, funnel.id).getResultList();
        em.refresh(funnel);
        long open = ((Number) em.createNativeQuery(
                "select count(*) from backfill_cursor where funnel_id = ?1 and finished = false")
                .setParameter(1, funnel.id).getSingleResult()).longValue();
        if (open == 0) {
            funnel.backfillState = Funnel.BackfillState.DONE;
            funnel.backfillFinishedAt = Instant.now();
        }
    }
}

package dev.touchpoint.backfill;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.touchpoint.attribution.JourneyAttributor;
import dev.touchpoint.funnel.Funnel;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.funnel.FunnelRepository;
import dev.touchpoint.storage.JourneyLocks;
import dev.touchpoint.storage.WriteFence;

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
    @Inject
    BackfillCursors cursors;
    @Inject
    JourneyLocks locks;

    /** Runs one chunk of some running backfill over these partitions; false when none is left. */
    @Transactional
    public boolean step(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return false;
        }
        BackfillCursors.Cursor cursor = cursors.nextOpen(partitions);
        if (cursor == null) {
            return false;
        }
        fence.enterShared();
        Funnel funnel = funnels.findById(cursor.funnelId());
        List<String> keys = nextJourneys(cursor.partition(), cursor.lastKey());
        // A journey joined by identity holds rows of several partitions: others may write it now.
        locks.lock(keys);
        attributor.recompute(keys, List.of(catalog.compile(funnel)));
        boolean finished = keys.size() < CHUNK;
        cursors.advance(cursor, keys.isEmpty() ? cursor.lastKey() : keys.get(keys.size() - 1), keys.size(), finished);
        if (finished) {
            cursors.completeIfDone(funnel);
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
}

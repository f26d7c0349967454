package dev.touchpoint.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.touchpoint.ingest.AcceptedEvent;

/**
 * Tombstones of erased customer and anonymous ids. An event of an erased id that was
 * received before its erasure is never stored again, even when the topic is read again;
 * events received after the erasure are new data.
 */
@ApplicationScoped
public class Erasures {

    @Inject
    EntityManager em;

    /** Records (or renews) the erasure of an id, at the given time. */
    public void record(String id, Instant at) {
        em.createNativeQuery("delete from erasure where erased_id = ?1").setParameter(1, id).executeUpdate();
        em.createNativeQuery("insert into erasure (erased_id, erased_at) values (?1, ?2)")
                .setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    /** When each of these ids was erased, for those that were. */
    public Map<String, Instant> erasedAmong(Collection<String> ids) {
        Map<String, Instant> erased = new HashMap<>();
        if (ids.isEmpty()) {
            return erased;
        }
        List<?> rows = em.createNativeQuery("select erased_id, erased_at from erasure where erased_id in (?1)")
                .setParameter(1, ids).getResultList();
        for (Object row : rows) {
            Object[] cols = (Object[]) row;
            erased.put((String) cols[0], SqlValues.instant(cols[1]));
        }
        return erased;
    }

    /** True when the event belongs to an id erased after the event was received. */
    public static boolean covers(Map<String, Instant> erased, AcceptedEvent e) {
        return erasedBefore(erased.get(e.customerId()), e) || erasedBefore(erased.get(e.anonymousId()), e);
    }

    private static boolean erasedBefore(Instant erasedAt, AcceptedEvent e) {
        return erasedAt != null && !e.receivedAt().isAfter(erasedAt);
    }
}

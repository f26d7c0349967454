package dev.touchpoint.customer;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.touchpoint.attribution.JourneyAttributor;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.storage.Erasures;
import dev.touchpoint.storage.WriteFence;

/**
 * Erases a customer: every touchpoint whose customerId, anonymousId or journey key is the
 * given id, and everything derived from them. Journeys that keep other events are
 * recomputed without the erased ones; a tombstone keeps the erased events from coming back
 * when the topic is read again.
 */
@ApplicationScoped
public class ErasureService {

    @Inject
    EntityManager em;
    @Inject
    Erasures erasures;
    @Inject
    WriteFence fence;
    @Inject
    FunnelCatalog catalog;
    @Inject
    JourneyAttributor attributor;

    /** What an erasure removed. */
    public record Erased(String id, long touchpointsDeleted, Instant erasedAt) {
    }

    @Transactional
    public Erased erase(String id) {
        fence.enterExclusive();
        Instant now = Instant.now();
        erasures.record(id, now);
        // journey_key is the customer id whenever there is one, so customer_id needs no test of its
        // own; anonymous_id has no index (see V4) and is found by a scan of the table.
        String match = " from touchpoint where journey_key = ?1 or anonymous_id = ?1";
        @SuppressWarnings("unchecked")
        List<String> journeys = em.createNativeQuery("select distinct journey_key" + match, String.class)
                .setParameter(1, id).getResultList();
        int deleted = em.createNativeQuery("delete" + match).setParameter(1, id).executeUpdate();
        attributor.recompute(journeys, catalog.refresh());
        return new Erased(id, deleted, now);
    }
}

package dev.touchpoint.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.touchpoint.attribution.JourneyAttributor;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.storage.Erasures;
import dev.touchpoint.storage.IdentityTable;
import dev.touchpoint.storage.WriteFence;

/**
 * Erases a customer: every touchpoint whose customerId, anonymousId or journey key is the
 * given id, the events and links of every anonymous id it owns (SPEC §1.1), and everything
 * derived from them. Journeys that keep other events are
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
    @Inject
    IdentityTable identities;

    /** What an erasure removed: the customer's touchpoints and those of the anonymous ids it owned. */
    public record Erased(String id, List<String> anonymousIds, long touchpointsDeleted, Instant erasedAt) {
    }

    @Transactional
    public Erased erase(String id) {
        fence.enterExclusive();
        Instant now = Instant.now();
        List<String> devices = List.copyOf(identities.ownedBy(id).keySet());
        erasures.record(id, now);
        devices.forEach(device -> erasures.record(device, now));
        List<String> anonymous = new ArrayList<>(devices);
        anonymous.add(id);
        // journey_key is the customer id whenever there is one and the owner of an owned device's
        // events, so customer_id needs no test of its own; anonymous_id (the devices' link events to
        // other customers, an id erased as a device) has no index (see V4): a scan of the table.
        String match = " from touchpoint where journey_key = ?1 or anonymous_id in (?2)";
        @SuppressWarnings("unchecked")
        List<String> journeys = em.createNativeQuery("select distinct journey_key" + match, String.class)
                .setParameter(1, id).setParameter(2, anonymous).getResultList();
        int deleted = em.createNativeQuery("delete" + match).setParameter(1, id).setParameter(2, anonymous).executeUpdate();
        identities.erase(id, anonymous);
        attributor.recompute(journeys, catalog.refresh());
        return new Erased(id, devices, deleted, now);
    }
}

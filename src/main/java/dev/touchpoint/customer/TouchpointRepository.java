package dev.touchpoint.customer;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Stored touchpoints: a customer's journey in order, and which event ids are already stored. */
@ApplicationScoped
public class TouchpointRepository implements PanacheRepositoryBase<Touchpoint, String> {

    /** A journey in SPEC order: by timestamp, ties broken by eventId. */
    public List<Touchpoint> journey(String journeyKey, int limit) {
        return find("journeyKey", Sort.by("occurredAt").and("eventId"), journeyKey)
                .page(Page.ofSize(limit)).list();
    }

    /** The subset of the given ids that are stored already. */
    public Set<String> existing(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(getEntityManager()
                .createQuery("select t.eventId from Touchpoint t where t.eventId in :ids", String.class)
                .setParameter("ids", eventIds)
                .getResultList());
    }
}

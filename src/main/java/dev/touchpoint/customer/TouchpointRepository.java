package dev.touchpoint.customer;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Stored touchpoints: a customer's journey in order. */
@ApplicationScoped
public class TouchpointRepository implements PanacheRepositoryBase<Touchpoint, String> {

    /** A journey in journey order (docs/metrics.md): by timestamp, ties broken by eventId. */
    public List<Touchpoint> journey(String journeyKey, int limit) {
        return find("journeyKey", Sort.by("occurredAt").and("eventId"), journeyKey)
                .page(Page.ofSize(limit)).list();
    }
}

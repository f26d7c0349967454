package dev.touchpoint.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Orders erasures against everything that writes touchpoints or derived rows. Writers take
 * the one fence row shared, an erasure takes it exclusively, so an erasure never interleaves
 * with a batch that could store (or recompute from) the erased customer's events: a batch
 * either finished before the erasure, or starts after it and sees its tombstone.
 * On H2 "shared" is exclusive too ({@link Dialect#sharedRowLock()}).
 */
@ApplicationScoped
public class WriteFence {

    private static final String LOCK = "select id from write_fence where id = 1 ";

    @Inject
    EntityManager em;

    @Inject
    Dialect dialect;

    /** Taken by writers, inside their transaction. */
    public void enterShared() {
        em.createNativeQuery(LOCK + dialect.sharedRowLock()).getResultList();
    }

    /** Taken by an erasure, inside its transaction. */
    public void enterExclusive() {
        em.createNativeQuery(LOCK + "for update").getResultList();
    }
}

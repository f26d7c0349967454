package dev.touchpoint.attribution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.touchpoint.storage.RoutingJdbcDriver;

/**
 * Orders erasures against everything that writes touchpoints or derived rows. Writers take
 * the one fence row shared, an erasure takes it exclusively, so an erasure never interleaves
 * with a batch that could store (or recompute from) the erased customer's events: a batch
 * either finished before the erasure, or starts after it and sees its tombstone.
 * H2 has no shared row lock, so there every writer takes it exclusively (standalone runs
 * one consumer anyway).
 */
@ApplicationScoped
public class WriteFence {

    private static final String LOCK = "select id from write_fence where id = 1 for ";

    @Inject
    EntityManager em;

    private final boolean sharedLocks;

    @Inject
    public WriteFence(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.sharedLocks = RoutingJdbcDriver.isPostgres(jdbcUrl);
    }

    /** Taken by writers, inside their transaction. */
    public void enterShared() {
        em.createNativeQuery(LOCK + (sharedLocks ? "share" : "update")).getResultList();
    }

    /** Taken by an erasure, inside its transaction. */
    public void enterExclusive() {
        em.createNativeQuery(LOCK + "update").getResultList();
    }
}

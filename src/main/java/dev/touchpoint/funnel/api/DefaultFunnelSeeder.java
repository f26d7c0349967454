package dev.touchpoint.funnel.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.touchpoint.funnel.FunnelTemplates;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the default funnel {@code customer-journey} on the very first start. Only once:
 * a user who deletes it does not get it back on the next restart.
 */
@ApplicationScoped
public class DefaultFunnelSeeder {

    private static final Logger LOG = Logger.getLogger(DefaultFunnelSeeder.class);
    private static final String MARKER = "default-funnel-seeded";

    @Inject
    FunnelService funnels;

    @Inject
    EntityManager em;

    void onStart(@Observes StartupEvent ignored) {
        try {
            seed();
        } catch (RuntimeException e) {
            // Another instance starting at the same moment seeded first: that is the outcome wanted.
            if (funnels.absent(FunnelTemplates.customerJourney().id())) {
                throw e;
            }
            LOG.debugf("The default funnel was seeded by another instance: %s", e);
        }
    }

    @Transactional
    void seed() {
        long seeded = ((Number) em.createNativeQuery("select count(*) from app_state where name = ?1")
                .setParameter(1, MARKER).getSingleResult()).longValue();
        if (seeded > 0) {
            return;
        }
        String id = FunnelTemplates.customerJourney().id();
        if (funnels.absent(id)) {
            funnels.create(new FunnelRequest(null, null, null, null, id));
            LOG.infof("Created the default funnel '%s'", id);
        }
        em.createNativeQuery("insert into app_state (name, setting) values (?1, 'true')").setParameter(1, MARKER)
                .executeUpdate();
    }
}

package dev.touchpoint.storage;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * Transaction-scoped locks on journey keys and anonymous ids, for writers that may touch the
 * same journey from different partitions: with identity, a customer's journey holds events of
 * its own partition and of its devices' partitions, so two consumer threads or instances can
 * recompute it at once, and rollups are netted from what each saw (docs/design/identity-and-throughput.md).
 *
 * <p>PostgreSQL: {@code pg_advisory_xact_lock} on a 64-bit hash of each id, taken in ascending
 * hash order in one statement, so that two writers never wait for each other in a cycle (a
 * second call in one transaction may: PostgreSQL then aborts one of them, whose batch is
 * rewound and retried). A hash collision only makes two ids share a lock. Released at commit.
 * H2: nothing to do, every writer there already holds the write fence exclusively.
 */
@ApplicationScoped
public class JourneyLocks {

    @Inject
    EntityManager em;

    @Inject
    Dialect dialect;

    /** Waits for and takes the locks of these ids, in the caller's transaction. */
    public void lock(Collection<String> ids) {
        if (!dialect.postgres() || ids.isEmpty()) {
            return;
        }
        Set<Long> hashes = new TreeSet<>();
        for (String id : ids) {
            if (id != null) {
                hashes.add(hash(id));
            }
        }
        em.unwrap(Session.class).doWork(conn -> {
            // The ordered subquery (kept apart by offset 0) fixes the order in which the locks are taken.
            try (PreparedStatement ps = conn.prepareStatement("select count(pg_advisory_xact_lock(h))"
                    + " from (select h from unnest(?) as u(h) order by h offset 0) ordered")) {
                ps.setArray(1, conn.createArrayOf("bigint", hashes.toArray()));
                ps.executeQuery().close();
            }
        });
    }

    /** 64-bit FNV-1a over the id's UTF-16 code units: stable across JVMs and instances. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
            h = (h ^ (c >>> 8)) * 0x100000001b3L;
        }
        return h;
    }
}

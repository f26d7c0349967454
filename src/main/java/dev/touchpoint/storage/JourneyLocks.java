package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

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

    @Inject
    DataSource dataSource;

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
                ps.setArray(1, conn.createArrayOf("bigint", hashes.toArray(new Long[0])));
                ps.executeQuery().close();
            }
        });
    }

    /**
     * How many locks the database can hold at once, over every session: PostgreSQL keeps
     * advisory locks in its shared lock table of {@code max_locks_per_transaction ×
     * (max_connections + max_prepared_transactions)} entries (6,400 with the stock settings),
     * and a transaction that finds it full fails ("out of shared memory") and is retried.
     * {@link Long#MAX_VALUE} on H2.
     */
    public long capacity() {
        if (!dialect.postgres()) {
            return Long.MAX_VALUE;
        }
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("select current_setting('max_locks_per_transaction')::bigint"
                        + " * (current_setting('max_connections')::bigint + current_setting('max_prepared_transactions')::bigint)")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the database's lock settings", e);
        }
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

package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import dev.touchpoint.identity.IdentityState;
import dev.touchpoint.identity.Link;
import dev.touchpoint.identity.Owner;

/**
 * The SQL of identity (V8): link events, an admin's blocked pairs and explicit links, the
 * owner they decide for each anonymous id, and the move of a device's anonymous events from
 * one journey to another. In the caller's transaction; the caller holds the locks
 * ({@link JourneyLocks}, {@link WriteFence}) that make a read-decide-write here safe.
 */
@ApplicationScoped
public class IdentityTable {

    /** Ids per statement: H2 binds a list of placeholders, and keeps statements short. */
    private static final int CHUNK = 1000;

    @Inject
    EntityManager em;

    @Inject
    Dialect dialect;

    /** The current owners of those of these anonymous ids that have one. */
    public Map<String, Owner> owners(Collection<String> anonymousIds) {
        Map<String, Owner> owners = new HashMap<>();
        forChunks(anonymousIds, (conn, ids) -> {
            try (PreparedStatement ps = conn.prepareStatement("select anonymous_id, customer_id, kind, link_event_id,"
                    + " linked_at from identity_owner where " + ids.match("anonymous_id"))) {
                ids.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        owners.put(rs.getString(1), new Owner(rs.getString(2), Owner.Kind.of(rs.getString(3)),
                                rs.getString(4), JourneyRows.instant(rs, 5)));
                    }
                }
            }
        });
        return owners;
    }

    /** The owner of one anonymous id, or {@code null}. */
    public Owner owner(String anonymousId) {
        return owners(List.of(anonymousId)).get(anonymousId);
    }

    /** The anonymous ids a customer owns, each with how, ordered by anonymous id. */
    public Map<String, Owner> ownedBy(String customerId) {
        return work(conn -> {
            Map<String, Owner> owned = new java.util.LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("select anonymous_id, kind, link_event_id, linked_at"
                    + " from identity_owner where customer_id = ? order by anonymous_id")) {
                ps.setString(1, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        owned.put(rs.getString(1), new Owner(customerId, Owner.Kind.of(rs.getString(2)), rs.getString(3),
                                JourneyRows.instant(rs, 4)));
                    }
                }
            }
            return owned;
        });
    }

    /** Stores links as the earliest of their pair; {@code replacing}: those whose pair has a stored link already. */
    public void putEarliestLinks(List<Link> links, List<Link> replacing) {
        if (links.isEmpty()) {
            return;
        }
        work(conn -> {
            if (!replacing.isEmpty()) {
                try (PreparedStatement ps = conn.prepareStatement("delete from identity_link where anonymous_id = ?"
                        + " and customer_id = ?")) {
                    for (Link link : replacing) {
                        ps.setString(1, link.anonymousId());
                        ps.setString(2, link.customerId());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("insert into identity_link (anonymous_id, customer_id,"
                    + " occurred_at, event_id) values (?, ?, ?, ?)")) {
                for (Link link : links) {
                    ps.setString(1, link.anonymousId());
                    ps.setString(2, link.customerId());
                    ps.setObject(3, JourneyRows.utc(link.at()));
                    ps.setString(4, link.eventId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** What decides the owner of each of these anonymous ids: explicit link, link events, blocked pairs. */
    public Map<String, IdentityState> states(Collection<String> anonymousIds) {
        Map<String, IdentityState> states = new HashMap<>();
        for (String id : anonymousIds) {
            states.put(id, new IdentityState());
        }
        forChunks(anonymousIds, (conn, ids) -> {
            try (PreparedStatement ps = conn.prepareStatement("select anonymous_id, customer_id, event_id, occurred_at"
                    + " from identity_link where " + ids.match("anonymous_id"))) {
                ids.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        states.get(rs.getString(1)).stored(new Link(rs.getString(1), rs.getString(2), rs.getString(3),
                                JourneyRows.instant(rs, 4)));
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("select anonymous_id, customer_id from identity_block where "
                    + ids.match("anonymous_id"))) {
                ids.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        states.get(rs.getString(1)).block(rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("select anonymous_id, customer_id, linked_at"
                    + " from identity_explicit where " + ids.match("anonymous_id"))) {
                ids.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        states.get(rs.getString(1)).explicit(new Owner(rs.getString(2), Owner.Kind.EXPLICIT, null,
                                JourneyRows.instant(rs, 3)));
                    }
                }
            }
        });
        return states;
    }

    /** Records the owners of these anonymous ids (a {@code null} owner: it has none now). */
    public void setOwners(Map<String, Owner> owners) {
        if (owners.isEmpty()) {
            return;
        }
        forChunks(owners.keySet(), (conn, ids) -> {
            try (PreparedStatement ps = conn.prepareStatement("delete from identity_owner where " + ids.match("anonymous_id"))) {
                ids.bind(ps, 1);
                ps.executeUpdate();
            }
        });
        work(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("insert into identity_owner (anonymous_id, customer_id, kind,"
                    + " link_event_id, linked_at) values (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, Owner> entry : owners.entrySet()) {
                    Owner owner = entry.getValue();
                    if (owner != null) {
                        ps.setString(1, entry.getKey());
                        ps.setString(2, owner.customerId());
                        ps.setString(3, owner.kind().label());
                        ps.setString(4, owner.eventId());
                        ps.setObject(5, JourneyRows.utc(owner.at()));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** A device's anonymous events (those without a customerId) leaving journey {@code from} for journey {@code to}. */
    public record Move(String anonymousId, String from, String to) {
    }

    /**
     * Moves devices' anonymous events, in one batch of statements; returns how many moved. Found
     * through the journey index: a device's anonymous events all sit under its current journey key.
     */
    public long move(List<Move> moves) {
        if (moves.isEmpty()) {
            return 0;
        }
        return work(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("update touchpoint set journey_key = ? where journey_key = ?"
                    + " and anonymous_id = ? and customer_id is null")) {
                for (Move move : moves) {
                    ps.setString(1, move.to());
                    ps.setString(2, move.from());
                    ps.setString(3, move.anonymousId());
                    ps.addBatch();
                }
                long moved = 0;
                for (int n : ps.executeBatch()) {
                    moved += Math.max(0, n);
                }
                return moved;
            }
        });
    }

    /** Blocks a pair (an admin's unlink) and drops an explicit link of that pair. */
    public void block(String anonymousId, String customerId, Instant at) {
        work(conn -> {
            execute(conn, "delete from identity_block where anonymous_id = ? and customer_id = ?", anonymousId, customerId);
            execute(conn, "insert into identity_block (anonymous_id, customer_id, blocked_at) values (?, ?, ?)",
                    anonymousId, customerId, JourneyRows.utc(at));
            execute(conn, "delete from identity_explicit where anonymous_id = ? and customer_id = ?", anonymousId, customerId);
            return null;
        });
    }

    /** Links a pair explicitly (an admin's link): lifts its block and replaces any explicit link of the anonymous id. */
    public void linkExplicitly(String anonymousId, String customerId, Instant at) {
        work(conn -> {
            execute(conn, "delete from identity_block where anonymous_id = ? and customer_id = ?", anonymousId, customerId);
            execute(conn, "delete from identity_explicit where anonymous_id = ?", anonymousId);
            execute(conn, "insert into identity_explicit (anonymous_id, customer_id, linked_at) values (?, ?, ?)",
                    anonymousId, customerId, JourneyRows.utc(at));
            return null;
        });
    }

    /**
     * Forgets everything identity knows of an erased customer and of the anonymous ids erased
     * with it: their links (either side), blocks, explicit links and ownership.
     */
    public void erase(String customerId, Collection<String> anonymousIds) {
        List<String> ids = new ArrayList<>(anonymousIds);
        work(conn -> {
            for (String table : new String[] { "identity_link", "identity_block", "identity_explicit", "identity_owner" }) {
                execute(conn, "delete from " + table + " where customer_id = ?", customerId);
            }
            return null;
        });
        forChunks(ids, (conn, chunk) -> {
            for (String table : new String[] { "identity_link", "identity_block", "identity_explicit", "identity_owner" }) {
                try (PreparedStatement ps = conn.prepareStatement("delete from " + table + " where "
                        + chunk.match("anonymous_id"))) {
                    chunk.bind(ps, 1);
                    ps.executeUpdate();
                }
            }
        });
    }

    /** One statement with its parameters in order; returns the update count. */
    private static int execute(Connection conn, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    ps.setNull(i + 1, Types.VARCHAR); // only text columns take a null here
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            return ps.executeUpdate();
        }
    }

    private interface ChunkWork {
        void run(Connection conn, KeyList ids) throws SQLException;
    }

    private void forChunks(Collection<String> ids, ChunkWork work) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> all = List.copyOf(ids);
        work(conn -> {
            for (int i = 0; i < all.size(); i += CHUNK) {
                work.run(conn, dialect.keys(all.subList(i, Math.min(all.size(), i + CHUNK))));
            }
            return null;
        });
    }

    private <T> T work(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}

package dev.touchpoint.consumer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.touchpoint.attribution.IdentityResolver;
import dev.touchpoint.attribution.IdentityResolver.Resolution;
import dev.touchpoint.attribution.JourneyAttributor;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.storage.ConsumedEvent;
import dev.touchpoint.storage.Dialect;
import dev.touchpoint.storage.Erasures;
import dev.touchpoint.storage.TouchpointTable;
import dev.touchpoint.storage.WriteFence;

/**
 * Writes one consumed batch in one transaction: the events not stored before (by eventId)
 * and not erased, each in the journey identity resolves it to (with the moves its link events
 * cause), the recomputed journeys, and the partitions' new positions.
 * Either all of it commits or none, so a crash at any point neither loses an event nor
 * counts one twice.
 */
@ApplicationScoped
public class BatchWriter {

    @Inject
    EntityManager em;
    @Inject
    OffsetStore offsets;
    @Inject
    Erasures erasures;
    @Inject
    WriteFence fence;
    @Inject
    JourneyAttributor attributor;
    @Inject
    IdentityResolver identity;

    @Inject
    Dialect dialect;

    /** A partition's share of the batch: records from offset {@code first} up to {@code next} (exclusive). */
    public record PartitionRange(int partition, long first, long next) {
    }

    /** Stores the batch and advances the positions; returns how many events were new. */
    @Transactional
    public int store(List<ConsumedEvent> batch, List<CompiledFunnel> funnels, String topic, String topicId,
            List<PartitionRange> ranges) {
        fence.enterShared();
        Map<String, ConsumedEvent> byId = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (ConsumedEvent c : batch) {
            AcceptedEvent e = c.decoded().event();
            byId.putIfAbsent(e.eventId(), c);
            ids.add(e.customerId());
            ids.add(e.anonymousId());
        }
        ids.remove(null);
        Map<String, Instant> erased = erasures.erasedAmong(ids);
        Session session = em.unwrap(Session.class);
        Set<String> stored = session.doReturningWork(
                conn -> TouchpointTable.existing(conn, dialect.keys(List.copyOf(byId.keySet()))));
        List<ConsumedEvent> fresh = new ArrayList<>();
        List<AcceptedEvent> events = new ArrayList<>();
        for (ConsumedEvent c : byId.values()) {
            AcceptedEvent e = c.decoded().event();
            if (!stored.contains(e.eventId()) && !Erasures.covers(erased, e)) {
                fresh.add(c);
                events.add(e);
            }
        }
        Resolution resolution = identity.resolve(events);
        session.doWork(conn -> TouchpointTable.insert(conn, fresh, resolution.keys(), dialect.postgres()));
        // Every journey the batch touched: the new events by journey, and the journeys a change of
        // owner moved events into or out of, which are recomputed whole and count as a
        // re-attribution on the identity meter.
        Map<String, List<String>> journeys = new HashMap<>();
        resolution.keys().forEach((eventId, key) -> journeys.computeIfAbsent(key, k -> new ArrayList<>()).add(eventId));
        Set<String> moved = resolution.movedJourneys();
        if (moved.isEmpty()) {
            attributor.attribute(journeys, moved, funnels);
        } else {
            identity.reattribute(() -> attributor.attribute(journeys, moved, funnels));
        }
        for (PartitionRange range : ranges) {
            offsets.advance(topic, topicId, range.partition(), range.first(), range.next());
        }
        return fresh.size();
    }
}

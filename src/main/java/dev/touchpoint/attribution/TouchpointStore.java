package dev.touchpoint.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.touchpoint.customer.Touchpoint;
import dev.touchpoint.customer.TouchpointRepository;
import dev.touchpoint.ingest.EventRecordCodec.Decoded;

/**
 * Writes one consumed batch in one transaction: the events not stored before (by eventId)
 * and the partitions' new positions. Either all of it commits or none, so a crash at any
 * point neither loses an event nor stores one twice.
 */
@ApplicationScoped
public class TouchpointStore {

    @Inject
    TouchpointRepository touchpoints;

    @Inject
    OffsetStore offsets;

    /** A partition's share of the batch: records from offset {@code first} up to {@code next} (exclusive). */
    public record PartitionRange(int partition, long first, long next) {
    }

    /** Stores the batch and advances the positions; returns how many events were new. */
    @Transactional
    public int store(List<Decoded> batch, String topic, String topicId, List<PartitionRange> ranges) {
        Map<String, Decoded> byId = new LinkedHashMap<>();
        for (Decoded d : batch) {
            byId.putIfAbsent(d.event().eventId(), d);
        }
        Set<String> stored = touchpoints.existing(byId.keySet());
        List<Touchpoint> fresh = new ArrayList<>();
        for (Decoded d : byId.values()) {
            if (!stored.contains(d.event().eventId())) {
                fresh.add(TouchpointMapper.toEntity(d));
            }
        }
        touchpoints.persist(fresh);
        for (PartitionRange range : ranges) {
            offsets.advance(topic, topicId, range.partition(), range.first(), range.next());
        }
        return fresh.size();
    }
}

package dev.touchpoint.consumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The consumer's position in each partition, kept in the database so that it commits in the
 * same transaction as the data it covers. Rows remember the topic id, so positions of a
 * deleted and recreated topic (or of a fresh broker) are not mistaken for this one's.
 */
@ApplicationScoped
public class OffsetStore {

    @Inject
    EntityManager em;

    /** Stored next offsets of the topic's partitions, for this topic id only. */
    @Transactional
    public Map<Integer, Long> positions(String topic, String topicId) {
        List<?> rows = em.createNativeQuery(
                "select partition_no, next_offset from consumer_offset where topic = ?1 and topic_id = ?2")
                .setParameter(1, topic).setParameter(2, topicId).getResultList();
        Map<Integer, Long> positions = new HashMap<>();
        for (Object row : rows) {
            Object[] cols = (Object[]) row;
            positions.put(((Number) cols[0]).intValue(), ((Number) cols[1]).longValue());
        }
        return positions;
    }

    /**
     * Moves a partition's position from where this batch started to {@code next}. Fails when
     * another consumer already went past {@code first} (a rebalance overtook this one), so the
     * caller's transaction rolls back instead of writing the batch twice.
     */
    public void advance(String topic, String topicId, int partition, long first, long next) {
        int updated = em.createNativeQuery("update consumer_offset set next_offset = ?1, topic_id = ?2"
                + " where topic = ?3 and partition_no = ?4 and (next_offset <= ?5 or topic_id <> ?2)")
                .setParameter(1, next).setParameter(2, topicId).setParameter(3, topic)
                .setParameter(4, partition).setParameter(5, first)
                .executeUpdate();
        if (updated == 0) {
            long rows = ((Number) em.createNativeQuery(
                    "select count(*) from consumer_offset where topic = ?1 and partition_no = ?2")
                    .setParameter(1, topic).setParameter(2, partition).getSingleResult()).longValue();
            if (rows > 0) {
                throw new StalePositionException(topic + "-" + partition + " was already consumed past " + first);
            }
            em.createNativeQuery("insert into consumer_offset (topic, partition_no, topic_id, next_offset)"
                    + " values (?1, ?2, ?3, ?4)")
                    .setParameter(1, topic).setParameter(2, partition).setParameter(3, topicId)
                    .setParameter(4, next).executeUpdate();
        }
    }

    /** Another consumer of the group stored this partition past the batch: the batch is stale. */
    public static class StalePositionException extends RuntimeException {
        public StalePositionException(String message) {
            super(message);
        }
    }
}

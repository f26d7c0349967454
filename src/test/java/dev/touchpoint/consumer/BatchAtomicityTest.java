package dev.touchpoint.consumer;

import static dev.touchpoint.support.Api.reader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.touchpoint.consumer.BatchWriter.PartitionRange;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.ingest.EventRecordCodec.Decoded;
import dev.touchpoint.ingest.EventSource;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.storage.ConsumedEvent;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The exactly-once mechanics of a consumer batch, against the real database: events and the
 * partition's position commit together, and a batch whose position was already passed (a
 * redelivery after a rebalance or a crash) leaves nothing behind.
 */
@QuarkusTest
class BatchAtomicityTest {

    @Inject
    BatchWriter store;
    @Inject
    FunnelCatalog catalog;
    @Inject
    OffsetStore offsets;

    private static ConsumedEvent event(String customer, String id) {
        AcceptedEvent e = new AcceptedEvent(id, customer, null, "purchase", "web", Instant.parse("2026-01-01T00:00:00Z"),
                null, null, Instant.now(), JsonNodeFactory.instance.objectNode());
        return new ConsumedEvent(new Decoded(e, new EventSource(KeyKind.WRITE, "header")), 0);
    }

    private static int stored(String customer) {
        return reader().get("/v1/customers/{id}/journey", customer).jsonPath().getList("touchpoints").size();
    }

    @Test
    void aBatchBehindTheStoredPositionIsRolledBackWhole() {
        String topic = "atomicity-" + UUID.randomUUID();
        String customer = "atomic-" + UUID.randomUUID();
        List<CompiledFunnel> funnels = catalog.refresh();

        assertEquals(2, store.store(List.of(event(customer, customer + "-1"), event(customer, customer + "-2")), funnels,
                topic, "topic-id", List.of(new PartitionRange(0, 0, 2))));
        assertEquals(2, stored(customer));
        assertEquals(2L, offsets.positions(topic, "topic-id").get(0));

        // The same offsets again, now carrying a new event: the position moved past them, so nothing commits.
        assertThrows(RuntimeException.class, () -> store.store(List.of(event(customer, customer + "-1"),
                event(customer, customer + "-3")), funnels, topic, "topic-id", List.of(new PartitionRange(0, 0, 2))));
        assertEquals(2, stored(customer));
        assertEquals(2L, offsets.positions(topic, "topic-id").get(0));

        // Redelivered events with ids already stored are accepted and not stored twice.
        assertEquals(1, store.store(List.of(event(customer, customer + "-2"), event(customer, customer + "-3")), funnels,
                topic, "topic-id", List.of(new PartitionRange(0, 2, 4))));
        assertEquals(3, stored(customer));
        assertEquals(4L, offsets.positions(topic, "topic-id").get(0));
    }

    @Test
    void positionsOfAnotherTopicIdAreNotThisTopics() {
        String topic = "recreated-" + UUID.randomUUID();
        String customer = "recreated-" + UUID.randomUUID();
        store.store(List.of(event(customer, customer + "-1")), catalog.refresh(), topic, "old-id",
                List.of(new PartitionRange(0, 0, 50)));
        assertEquals(0, offsets.positions(topic, "new-id").size(), "a recreated topic starts from its beginning");
        store.store(List.of(event(customer, customer + "-2")), catalog.refresh(), topic, "new-id",
                List.of(new PartitionRange(0, 0, 1)));
        assertEquals(1L, offsets.positions(topic, "new-id").get(0));
    }
}

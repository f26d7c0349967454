package dev.touchpoint.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.touchpoint.backfill.BackfillWorker;
import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.kafka.KafkaClients;
import dev.touchpoint.ops.Meters;
import dev.touchpoint.storage.Dialect;
import dev.touchpoint.storage.JourneyLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the attribution consumer: {@code touchpoint.consumer.threads} {@link ConsumerLoop}s, each
 * with its own Kafka consumer and its own transactions, so that one thread's database round
 * trips overlap another's computing. Journeys are keyed by partition, so two threads never
 * write the same journey; the rows they share (the flow rollup) are locked in one order.
 * On H2 (standalone) one thread: an embedded database gains nothing from it.
 */
@ApplicationScoped
public class AttributionConsumer {

    private static final Logger LOG = Logger.getLogger(AttributionConsumer.class);

    @Inject
    JourneyLocks locks;
    @Inject
    KafkaClients clients;
    @Inject
    EventTopic topic;
    @Inject
    RecordBatchHandler batches;
    @Inject
    OffsetStore offsets;
    @Inject
    FunnelCatalog catalog;
    @Inject
    BackfillWorker backfill;
    @Inject
    TouchpointConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    Dialect dialect;

    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * A batch locks each customer, device and owner it touches ({@link JourneyLocks}): up to two
     * ids per record. Warns when this instance's threads alone could take half the database's
     * lock table, which other instances and queries share.
     */
    private void warnIfLocksMayRunOut(int threads) {
        long worst = 2L * maxBatch() * threads;
        long capacity = locks.capacity();
        if (worst > capacity / 2) {
            LOG.warnf("The consumer's %d thread(s) may hold up to %d journey locks at once, more than half the database's"
                    + " lock table (%d: max_locks_per_transaction x max_connections); batches that find it full fail and"
                    + " are retried. Raise max_locks_per_transaction (e.g. 256) or lower touchpoint.consumer.max-batch"
                    + " (docs/deployment.md).", threads, worst, capacity);
        }
    }

    /** {@code touchpoint.consumer.max-batch}, or its default for the database (see the setting). */
    int maxBatch() {
        return config.consumer().maxBatch().orElse(dialect.postgres() ? 2_000 : 10_000);
    }

    void start(@Observes StartupEvent ignored) {
        DistributionSummary batchSize = DistributionSummary.builder(Meters.CONSUMER_BATCH_SIZE)
                .description("Records stored per consumer transaction").register(registry);
        Counter stored = registry.counter(Meters.EVENTS_STORED);
        ConsumerLoop.Parts parts = new ConsumerLoop.Parts(topic, batches, offsets, catalog, backfill,
                config.consumer().pollTimeout(), (records, fresh) -> {
                    batchSize.record(records);
                    stored.increment(fresh);
                });
        int count = dialect.postgres() ? Math.min(config.consumer().threads(), topic.partitions()) : 1;
        warnIfLocksMayRunOut(count);
        for (int i = 0; i < count; i++) {
            ConsumerLoop loop = new ConsumerLoop(clients.consumer(config.kafka().consumerGroup(), maxBatch()),
                    parts, clients.standalone() ? share(i, count) : null);
            loops.add(loop);
            Thread thread = new Thread(loop, "touchpoint-attribution-consumer-" + i);
            threads.add(thread);
        }
        Gauge.builder(Meters.CONSUMER_LAG, this, AttributionConsumer::lag)
                .description("Records the attribution consumer has yet to read").register(registry);
        threads.forEach(Thread::start);
    }

    /**
     * Standalone: one process owns the in-process broker, so its loops read every partition
     * between them without a group (a group would make a restart after a crash wait for the
     * dead member's session): partition p goes to loop p mod count.
     */
    private List<TopicPartition> share(int loop, int count) {
        List<TopicPartition> mine = new ArrayList<>();
        for (int p = loop; p < topic.partitions(); p += count) {
            mine.add(new TopicPartition(topic.name(), p));
        }
        return mine;
    }

    void stop(@Observes @Priority(1) ShutdownEvent ignored) throws InterruptedException {
        loops.forEach(ConsumerLoop::stop);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(15).toMillis());
        }
    }

    /** True while every loop runs and its last batch (if any) was stored. */
    public boolean healthy() {
        if (loops.isEmpty()) {
            return false;
        }
        for (int i = 0; i < loops.size(); i++) {
            if (!loops.get(i).healthy() || !threads.get(i).isAlive()) {
                return false;
            }
        }
        return true;
    }

    private double lag() {
        long total = 0;
        for (ConsumerLoop loop : loops) {
            total += loop.lag();
        }
        return total;
    }
}

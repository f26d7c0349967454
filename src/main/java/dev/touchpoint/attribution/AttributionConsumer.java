package dev.touchpoint.attribution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;


import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.kafka.KafkaClients;
import dev.touchpoint.ops.Meters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads the event topic on its own thread and stores each polled batch, with the partitions'
 * positions, in one database transaction. Positions live in the database, not in Kafka, so
 * after a crash the consumer resumes exactly after the last committed batch. When a batch
 * cannot be stored it rewinds to the stored positions and retries with back-off.
 */
@ApplicationScoped
public class AttributionConsumer {

    private static final Logger LOG = Logger.getLogger(AttributionConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

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

    private volatile boolean running;
    private volatile boolean healthy;
    private boolean rewindPending;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;
    private final AtomicLong lag = new AtomicLong();
    private DistributionSummary batchSize;

    void start(@Observes StartupEvent ignored) {
        consumer = clients.consumer(config.kafka().consumerGroup(), config.consumer().maxBatch());
        Gauge.builder(Meters.CONSUMER_LAG, lag, AtomicLong::get)
                .description("Records the attribution consumer has yet to read").register(registry);
        batchSize = DistributionSummary.builder(Meters.CONSUMER_BATCH_SIZE)
                .description("Records stored per consumer transaction").register(registry);
        running = true;
        thread = new Thread(this::run, "touchpoint-attribution-consumer");
        thread.start();
    }

    void stop(@Observes @Priority(1) ShutdownEvent ignored) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(15).toMillis());
        }
    }

    /** True while the loop runs and its last batch (if any) was stored. */
    public boolean healthy() {
        return running && healthy && thread.isAlive();
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        boolean backfilling = false;
        try {
            if (clients.standalone()) {
                // One process owns the in-process broker, so it reads every partition itself; a
                // group would make a restart after a crash wait for the dead member's session.
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < topic.partitions(); p++) {
                    all.add(new TopicPartition(topic.name(), p));
                }
                consumer.assign(all);
                rewindPending = true;
            } else {
                consumer.subscribe(List.of(topic.name()), new Rewind());
            }
            healthy = true;
            while (running) {
                try {
                    if (rewindPending) {
                        rewind(consumer.assignment());
                        rewindPending = false;
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(backfilling ? Duration.ZERO
                            : config.consumer().pollTimeout());
                    updateLag();
                    // Records fetched from positions that could not be checked against the database are dropped.
                    if (rewindPending) {
                        continue;
                    }
                    if (!records.isEmpty()) {
                        storeBatch(records);
                    }
                    backfilling = backfill.step(ownedPartitions());
                    // Recovered once records were stored or none are waiting: an empty poll right after
                    // a rewind proves nothing, and must not reset the back-off of a batch that keeps failing.
                    if (!records.isEmpty() || lag.get() == 0) {
                        healthy = true;
                        backoff = Duration.ZERO;
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    healthy = false;
                    rewindPending = true;
                    backoff = backoff.isZero() ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), MAX_BACKOFF);
                    LOG.warnf("Could not store consumed records, rewinding and retrying in %d ms: %s",
                            backoff.toMillis(), e.toString());
                    Thread.sleep(backoff.toMillis());
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            healthy = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void storeBatch(ConsumerRecords<String, byte[]> records) {
        RecordBatchHandler.Result result = batches.handle(records, catalog.refresh());
        batchSize.record(records.count());
        registry.counter(Meters.EVENTS_STORED).increment(result.stored());
        // The database holds the truth; this commit only lets Kafka tools show the group's progress.
        consumer.commitAsync(result.positions(), (offsets, error) -> {
            if (error != null) {
                LOG.debugf("Informational offset commit failed (the database holds the real positions): %s", error);
            }
        });
    }

    /** Seeks the partitions to the positions stored with the data (the beginning where none is). */
    private void rewind(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> positions = offsets.positions(topic.name(), topic.topicId());
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long position = positions.get(tp.partition());
            if (position == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, position);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
    }

    private Set<Integer> ownedPartitions() {
        Set<Integer> owned = new HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            owned.add(tp.partition());
        }
        return owned;
    }

    private void updateLag() {
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            total += consumer.currentLag(tp).orElse(0);
        }
        lag.set(total);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** On every assignment, continue from the positions stored with the data. */
    private final class Rewind implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                rewind(partitions);
            } catch (RuntimeException e) {
                // The poll loop rewinds all assigned partitions before storing anything.
                rewindPending = true;
                LOG.warnf("Could not read stored positions: %s", e.toString());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Batches are stored synchronously inside the poll loop: nothing is pending here.
        }
    }
}

package dev.touchpoint.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import dev.touchpoint.backfill.BackfillWorker;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.kafka.EventTopic;

/**
 * One consumer thread: polls its partitions and stores each polled batch, with the partitions'
 * positions, in one database transaction. Positions live in the database, not in Kafka, so
 * after a crash the loop resumes exactly after the last committed batch. When a batch cannot
 * be stored it rewinds to the stored positions and retries with back-off.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** What a loop needs of the application. */
    record Parts(EventTopic topic, RecordBatchHandler batches, OffsetStore offsets, FunnelCatalog catalog,
            BackfillWorker backfill, Duration pollTimeout, BatchMeter meter) {
    }

    /** Told of every stored batch: records polled, events stored for the first time. */
    interface BatchMeter {
        void stored(int records, int fresh);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Parts parts;
    /** The partitions this loop reads when it is not in a group (standalone), or null to join the group. */
    private final List<TopicPartition> assigned;
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean healthy;
    private boolean rewindPending;

    ConsumerLoop(KafkaConsumer<String, byte[]> consumer, Parts parts, List<TopicPartition> assigned) {
        this.consumer = consumer;
        this.parts = parts;
        this.assigned = assigned;
    }

    boolean healthy() {
        return running && healthy;
    }

    long lag() {
        return lag.get();
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        Duration backoff = Duration.ZERO;
        boolean backfilling = false;
        try {
            if (assigned != null) {
                consumer.assign(assigned);
                rewindPending = true;
            } else {
                consumer.subscribe(List.of(parts.topic().name()), new Rewind());
            }
            healthy = true;
            while (running) {
                try {
                    if (rewindPending) {
                        rewind(consumer.assignment());
                        rewindPending = false;
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(backfilling ? Duration.ZERO
                            : parts.pollTimeout());
                    updateLag();
                    // Records fetched from positions that could not be checked against the database are dropped.
                    if (rewindPending) {
                        continue;
                    }
                    if (!records.isEmpty()) {
                        storeBatch(records);
                    }
                    backfilling = parts.backfill().step(ownedPartitions());
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
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void storeBatch(ConsumerRecords<String, byte[]> records) {
        RecordBatchHandler.Result result = parts.batches().handle(records, parts.catalog().refresh());
        parts.meter().stored(records.count(), result.stored());
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
        Map<Integer, Long> positions = parts.offsets().positions(parts.topic().name(), parts.topic().topicId());
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

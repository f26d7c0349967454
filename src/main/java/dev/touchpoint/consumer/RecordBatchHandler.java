package dev.touchpoint.consumer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.consumer.BatchWriter.PartitionRange;
import dev.touchpoint.consumer.DeadLetters.DeadLetter;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.ingest.EventRecordCodec;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.storage.ConsumedEvent;

/**
 * Turns one poll's records into stored events. Undecodable records go to the dead-letter
 * topic. When the database refuses the batch because of its data (not because it is down),
 * the batch is stored again record by record, so that only the record at fault is
 * dead-lettered and the partition moves on.
 */
@ApplicationScoped
public class RecordBatchHandler {

    @Inject
    BatchWriter store;
    @Inject
    DeadLetters deadLetters;
    @Inject
    EventTopic topic;

    private final EventRecordCodec codec;

    @Inject
    public RecordBatchHandler(ObjectMapper mapper) {
        this.codec = new EventRecordCodec(mapper);
    }

    /** Stores the records; returns the new events stored and the offsets to report to Kafka. */
    public Result handle(ConsumerRecords<String, byte[]> records, List<CompiledFunnel> funnels) {
        List<ConsumedEvent> batch = new ArrayList<>(records.count());
        List<DeadLetter> letters = new ArrayList<>();
        List<PartitionRange> ranges = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> part = records.records(tp);
            for (ConsumerRecord<String, byte[]> record : part) {
                decode(record, batch, letters);
            }
            long next = part.get(part.size() - 1).offset() + 1;
            ranges.add(new PartitionRange(tp.partition(), part.get(0).offset(), next));
            commits.put(tp, new OffsetAndMetadata(next));
        }
        int stored;
        try {
            deadLetters.send(letters);
            stored = store.store(batch, funnels, topic.name(), topic.topicId(), ranges);
        } catch (RuntimeException e) {
            if (!isDataError(e)) {
                throw e;
            }
            stored = oneByOne(records, funnels);
        }
        return new Result(stored, commits);
    }

    /** The outcome of a batch: events stored for the first time, and where each partition now stands. */
    public record Result(int stored, Map<TopicPartition, OffsetAndMetadata> positions) {
    }

    private int oneByOne(ConsumerRecords<String, byte[]> records, List<CompiledFunnel> funnels) {
        int stored = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            List<ConsumedEvent> single = new ArrayList<>(1);
            List<DeadLetter> letters = new ArrayList<>(1);
            decode(record, single, letters);
            List<PartitionRange> range = List.of(new PartitionRange(record.partition(), record.offset(), record.offset() + 1));
            try {
                deadLetters.send(letters);
                stored += store.store(single, funnels, topic.name(), topic.topicId(), range);
            } catch (RuntimeException e) {
                if (!isDataError(e)) {
                    throw e;
                }
                deadLetters.send(List.of(new DeadLetter(record, "unstorable", rootMessage(e))));
                store.store(List.of(), funnels, topic.name(), topic.topicId(), range);
            }
        }
        return stored;
    }

    private void decode(ConsumerRecord<String, byte[]> record, List<ConsumedEvent> into, List<DeadLetter> letters) {
        try {
            into.add(new ConsumedEvent(codec.decode(record.value()), record.partition()));
        } catch (IllegalArgumentException e) {
            letters.add(new DeadLetter(record, "undecodable", e.getMessage()));
        }
    }

    /**
     * True when the database refused the data itself (SQLSTATE class 22, data exception, or
     * 23, integrity constraint): retrying cannot help. Connection failures and timeouts are
     * not data errors: the consumer backs off and retries them.
     */
    static boolean isDataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}

package dev.touchpoint.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.ingest.EventRecordCodec;
import dev.touchpoint.ingest.EventSource;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.support.AppProcess;

/**
 * Attribution throughput: a backlog on the topic, the service started against it, events/s
 * from its first committed batch until its stored offsets reach the end of the backlog. The
 * baselines read or store the same events without attribution: a plain KafkaConsumer reading
 * the backlog (the rate Kafka can hand events over at) and COPY of the very rows the service
 * stored into a table of the same schema and indexes (the rate PostgreSQL can store them at).
 */
final class AttributionRun {

    private final String bootstrap;
    private final String topic;

    AttributionRun(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /** Produces every generated event, in arrival order, as the service's producer would (key: journey key). */
    long produceBacklog(JourneyGenerator journeys) throws Exception {
        EventRecordCodec codec = new EventRecordCodec(new ObjectMapper());
        ObjectMapper mapper = new ObjectMapper();
        EventSource source = new EventSource(KeyKind.WRITE, "header");
        AtomicLong failed = new AtomicLong();
        long[] sent = {0};
        try (KafkaProducer<String, byte[]> producer = producer()) {
            journeys.forEachArriving(e -> {
                AcceptedEvent event = accepted(e, mapper);
                producer.send(new ProducerRecord<>(topic, event.recordKey(), codec.encode(event, source)), (md, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
                sent[0]++;
            });
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " backlog records were not acknowledged");
        }
        return sent[0];
    }

    /** A generated event as the service accepts it, its campaign and value as properties. */
    static AcceptedEvent accepted(JourneyGenerator.Event e, ObjectMapper mapper) {
        ObjectNode properties = mapper.createObjectNode().put("campaign", e.campaign()).put("value", e.value());
        return new AcceptedEvent(e.eventId(), e.customerId(), e.anonymousId(), e.type(), e.channel(), e.timestamp(),
                e.timestamp(), null, java.time.Instant.ofEpochMilli(e.arrivalMs()), properties);
    }

    /**
     * Seconds from producing one link of {@code customer} to a device that has {@code deviceEvents}
     * anonymous events stored until all of them are stored in the customer's journey (the running
     * service re-resolves the device in the batch that stores the link). The device's events are
     * produced and stored first, and are not timed.
     */
    double timeToReresolve(String device, String customer, int deviceEvents, java.time.Instant at) throws Exception {
        EventRecordCodec codec = new EventRecordCodec(new ObjectMapper());
        EventSource source = new EventSource(KeyKind.WRITE, "header");
        ObjectMapper mapper = new ObjectMapper();
        try (KafkaProducer<String, byte[]> producer = producer(); Connection conn = BenchDatabase.connect()) {
            for (int i = 0; i < deviceEvents; i++) {
                java.time.Instant t = at.plusSeconds(i);
                AcceptedEvent e = new AcceptedEvent(device + "-" + i, null, device, "page_view", "web", t, t, null, t,
                        mapper.createObjectNode());
                producer.send(new ProducerRecord<>(topic, e.recordKey(), codec.encode(e, source)));
            }
            producer.flush();
            String stored = "select count(*) from touchpoint where journey_key = '" + customer + "'";
            String anonymous = "select count(*) from touchpoint where journey_key = '" + device + "'";
            while (BenchDatabase.count(conn, anonymous) < deviceEvents) {
                Thread.sleep(20);
            }
            java.time.Instant t = at.plusSeconds(deviceEvents / 2);
            AcceptedEvent link = new AcceptedEvent(device + "-link", customer, device, "sign_up", "web", t, t, null, t,
                    mapper.createObjectNode());
            long started = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, link.recordKey(), codec.encode(link, source))).get();
            while (BenchDatabase.count(conn, stored) < deviceEvents + 1) {
                Thread.sleep(5);
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /**
     * Starts the service against the backlog (consumed tables emptied first) and returns
     * events/s from its first committed batch to its last; leaves it running.
     */
    Result measureService(BenchService service, String name, long total) throws Exception {
        BenchDatabase.resetConsumed();
        long[] first = new long[2]; // nanos, committed
        long[] last = new long[1];
        Thread sampler = new Thread(() -> {
            try (Connection conn = BenchDatabase.connect()) {
                while (true) {
                    long committed = BenchDatabase.committed(conn, topic);
                    long now = System.nanoTime();
                    if (committed > 0 && first[0] == 0) {
                        first[0] = now;
                        first[1] = committed;
                    }
                    if (committed >= total) {
                        last[0] = now;
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-offset-sampler");
        // At least 30 minutes, more for a backlog that would need over 1,000 events/s to fit in them.
        Duration limit = Duration.ofSeconds(Math.max(1800, total / 1000));
        long started = System.nanoTime();
        sampler.start();
        AppProcess app;
        try (AutovacuumStandIn autovacuum = AutovacuumStandIn.start()) {
            app = service.start(name);
            sampler.join(limit.toMillis());
        }
        if (last[0] == 0) {
            sampler.interrupt();
            app.printLogTail(40);
            app.stop();
            throw new IllegalStateException("the service did not consume the backlog within " + limit);
        }
        try (Connection conn = BenchDatabase.connect()) {
            long stored = BenchDatabase.count(conn, "select count(*) from touchpoint");
            if (stored != total) {
                throw new IllegalStateException("the service stored " + stored + " events of " + total);
            }
        }
        double seconds = (last[0] - first[0]) / 1e9;
        return new Result(app, (total - first[1]) / seconds, (last[0] - started) / 1e9);
    }

    /** The service left running, its attribution rate, and seconds from process start to the last commit. */
    record Result(AppProcess app, double eventsPerSecond, double secondsFromStart) {
    }

    /** A plain consumer reads the whole backlog (no decoding, no storing); events/s from its first record. */
    double rawConsumer(long total) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000); // as the service's consumer
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long bytes = 0;
            long first = 0;
            while (read < total) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (first == 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    bytes += r.value().length;
                    read++;
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("empty backlog");
            }
            return read / ((System.nanoTime() - first) / 1e9);
        }
    }

    /** COPY of the rows the service stored (exported once to {@code rows}) into a same-schema table; rows/s. */
    double copyRows(Path rows, long total) throws Exception {
        try (Connection conn = BenchDatabase.connect()) {
            BenchDatabase.execute(conn, "create table if not exists bench_copy (like touchpoint including all)");
            BenchDatabase.execute(conn, "truncate bench_copy");
            long started = System.nanoTime();
            long copied = BenchDatabase.importCsv(conn, "bench_copy", rows);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (copied != total) {
                throw new IllegalStateException("copied " + copied + " rows of " + total);
            }
            BenchDatabase.execute(conn, "truncate bench_copy");
            return copied / seconds;
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return producer(bootstrap);
    }

    /** A producer configured as the service's. */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // as the service's producer
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TimeUnit.MINUTES.toMillis(5));
        return new KafkaProducer<>(props);
    }
}

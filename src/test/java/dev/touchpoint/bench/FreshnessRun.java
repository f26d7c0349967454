package dev.touchpoint.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.touchpoint.support.AppProcess;

/**
 * Freshness: probe events are posted one at a time, each by a customer of its own, timestamped
 * now; the time from a probe's 202 to the flow endpoint counting it (visits of the first stage
 * in a range only probes fall in, since generated timestamps are older) is its freshness. A
 * run probes first with no load (the baseline), then under a steady load of generated events
 * posted through {@code POST /v1/events/batch}, and finally waits for the service to catch up
 * with that load (its committed offsets at the end of every partition). Beside it, the time from sending a loaded probe to a plain KafkaConsumer
 * reading the topic seeing its record: the part Kafka takes.
 */
final class FreshnessRun {

    private static final int BATCH = 200;
    private static final long POLL_MS = 5;

    private final AppProcess app;
    private final String bootstrap;
    private final String topic;
    private final String funnelId;
    private final CatchUp catchUp;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Whether the service has stored every event of this run, given how many it accepted (load and probes). */
    interface CatchUp {
        boolean done(long accepted) throws Exception;
    }

    /** On the bench funnel, caught up once the offsets the service committed in PostgreSQL reach the topic's end. */
    FreshnessRun(AppProcess app, String bootstrap, String topic) {
        this(app, bootstrap, topic, BenchFunnel.ID, null);
    }

    /**
     * @param funnelId the funnel whose flow the probes are counted in (its first stage takes {@code ad_impression})
     * @param catchUp  how to tell the service caught up after the load; null: its offsets in PostgreSQL
     */
    FreshnessRun(AppProcess app, String bootstrap, String topic, String funnelId, CatchUp catchUp) {
        this.app = app;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.funnelId = funnelId;
        this.catchUp = catchUp;
    }

    /**
     * What one run measured (ms): freshness of probes under load, of probes with no load (the
     * baseline), the time from a loaded probe's 202 to a plain consumer seeing its record, the
     * load achieved (events/s), and seconds the service took afterwards to catch up with it.
     */
    record Result(List<Double> loaded, List<Double> idle, List<Double> kafka, double loadEventsPerSecond,
            double catchUpSeconds) {
    }

    Result run(String runId, JourneyGenerator load, int eventsPerSecond, double seconds) throws Exception {
        List<Body> bodies = batches(load, BATCH);
        Instant rangeFrom = Instant.now().minusSeconds(1);
        Probes probes = new Probes(runId, ServiceMetrics.path(funnelId, "flow", rangeFrom,
                rangeFrom.plus(Duration.ofHours(1))));
        List<Double> idle = probes.measure(Math.min(5, seconds), null);

        Map<String, Long> seenByKafka = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> watchKafka(runId, seenByKafka, stop), "bench-kafka-watcher");
        watcher.start();
        AtomicLong accepted = new AtomicLong();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService posters = Executors.newFixedThreadPool(8);
        AtomicLong next = new AtomicLong();
        long periodMicros = 1_000_000L * BATCH / eventsPerSecond;
        long loadStarted = System.nanoTime();
        pacer.scheduleAtFixedRate(() -> posters.submit(() -> {
            int i = (int) next.getAndIncrement();
            if (i < bodies.size()) {
                accepted.addAndGet(post("/v1/events/batch", bodies.get(i).json()) == 202 ? bodies.get(i).events() : 0);
            }
            return null;
        }), 0, periodMicros, TimeUnit.MICROSECONDS);
        List<Double> loaded;
        double loadSeconds;
        try {
            Thread.sleep(2000); // let the load settle
            loaded = probes.measure(seconds, seenByKafka);
        } finally {
            // Requests queued behind a slow service are dropped, not posted into the next run's idle probes.
            pacer.shutdownNow();
            posters.shutdownNow();
            posters.awaitTermination(30, TimeUnit.SECONDS);
            loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            stop.set(true);
            watcher.join();
        }
        long caughtUp = System.nanoTime();
        awaitCaughtUp(accepted.get() + probes.n);
        return new Result(loaded, idle, probes.kafka, accepted.get() / loadSeconds, (System.nanoTime() - caughtUp) / 1e9);
    }

    /** Probe events posted one after another, each waited for in the flow. */
    private final class Probes {
        private final String runId;
        private final String flowPath;
        private final ServiceMetrics metrics = new ServiceMetrics(app.baseUrl(), BenchService.READ_KEY);
        private final List<Double> kafka = new ArrayList<>();
        private long expected;
        private int n;

        Probes(String runId, String flowPath) throws Exception {
            this.runId = runId;
            this.flowPath = flowPath;
            this.expected = ServiceMetrics.firstStageVisits(metrics.get(flowPath));
        }

        /** Probes for {@code seconds}; stops early when one takes more than a minute. */
        List<Double> measure(double seconds, Map<String, Long> seenByKafka) throws Exception {
            List<Double> freshness = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                double millis = measureOne();
                freshness.add(millis);
                if (seenByKafka != null) {
                    String id = "probe-" + runId + "-" + n;
                    for (int i = 0; i < 1000 && !seenByKafka.containsKey(id); i++) {
                        Thread.sleep(1);
                    }
                    Long seen = seenByKafka.get(id);
                    if (seen != null) {
                        kafka.add(Math.max(0, (seen - sent) / 1e6));
                    }
                }
                if (millis > 60_000) {
                    break;
                }
                Thread.sleep(20 + n % 30);
            }
            return freshness;
        }

        /** Posts one probe and returns ms from its 202 until the flow counts it. */
        double measureOne() throws Exception {
            String id = "probe-" + runId + "-" + (++n);
            String probe = "{\"eventId\":\"" + id + "\",\"customerId\":\"" + id + "\",\"type\":\"ad_impression\","
                    + "\"channel\":\"web\",\"timestamp\":\"" + Instant.now() + "\"}";
            if (post("/v1/events", probe) != 202) {
                throw new IllegalStateException("probe " + id + " was not accepted");
            }
            long acked = System.nanoTime();
            expected++;
            while (ServiceMetrics.firstStageVisits(metrics.get(flowPath)) < expected) {
                if (Samples.millisSince(acked) > 30 * 60_000) {
                    throw new IllegalStateException("probe " + id + " not visible after 30 minutes");
                }
                Thread.sleep(POLL_MS);
            }
            return Samples.millisSince(acked);
        }
    }

    /** Waits until the service stored every event of the run: by {@link #catchUp}, or by its offsets in PostgreSQL. */
    private void awaitCaughtUp(long accepted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        if (catchUp != null) {
            while (!catchUp.done(accepted)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service did not catch up with the load within 30 minutes");
                }
                Thread.sleep(50);
            }
            return;
        }
        // The offsets the service committed reach the end of every partition (a probe shows one only).
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties());
                java.sql.Connection conn = BenchDatabase.connect()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            while (BenchDatabase.committed(conn, topic) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service did not catch up with the load within 30 minutes");
                }
                Thread.sleep(50);
            }
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /** A plain consumer at the end of the topic, noting when each of this run's probes arrives. */
    private void watchKafka(String runId, Map<String, Long> seen, AtomicBoolean stop) {
        Map<String, Object> props = consumerProperties();
        String prefix = "probe-" + runId + "-";
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        seen.putIfAbsent(r.key(), System.nanoTime());
                    }
                }
            }
        }
    }

    private int post(String path, String body) throws Exception {
        return BenchService.postEvents(http, app, path, body);
    }

    /** A {@code POST /v1/events/batch} body and how many events it holds. */
    record Body(String json, int events) {
    }

    /** The load's events in arrival order, in batch bodies of {@code size} events (the last may hold fewer). */
    static List<Body> batches(JourneyGenerator load, int size) {
        List<Body> bodies = new ArrayList<>();
        StringBuilder[] body = {new StringBuilder()};
        int[] inBody = {0};
        load.forEachArriving(e -> {
            body[0].append(inBody[0] == 0 ? "{\"events\":[" : ",").append(e.json());
            if (++inBody[0] == size) {
                bodies.add(new Body(body[0].append("]}").toString(), size));
                body[0] = new StringBuilder();
                inBody[0] = 0;
            }
        });
        if (inBody[0] > 0) {
            bodies.add(new Body(body[0].append("]}").toString(), inBody[0]));
        }
        return bodies;
    }
}

package dev.touchpoint.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Freshness: under a steady load of generated events posted through {@code POST
 * /v1/events/batch}, probe events are posted one at a time, each by a customer of its own,
 * timestamped now; the time from a probe's 202 to the flow endpoint counting it (visits of
 * the first stage in a range only probes fall in, since the load's timestamps are older) is
 * its freshness. The baseline is the time from the same 202 to a plain KafkaConsumer, reading
 * the topic beside the service, seeing the probe's record: the part Kafka takes.
 */
final class FreshnessRun {

    private static final int BATCH = 200;
    private static final long POLL_MS = 5;

    private final AppProcess app;
    private final String bootstrap;
    private final String topic;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    FreshnessRun(AppProcess app, String bootstrap, String topic) {
        this.app = app;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /** What one run measured: freshness and Kafka-only latencies of its probes (ms), and the load it achieved. */
    record Result(List<Double> freshness, List<Double> kafka, double loadEventsPerSecond) {
    }

    Result run(String runId, JourneyGenerator load, int eventsPerSecond, double seconds) throws Exception {
        List<String> bodies = batches(load);
        Instant rangeFrom = Instant.now().minusSeconds(1);
        String flowPath = ServiceMetrics.path(BenchFunnel.ID, "flow", rangeFrom, rangeFrom.plus(Duration.ofHours(1)));
        ServiceMetrics metrics = new ServiceMetrics(app.baseUrl(), BenchService.READ_KEY);
        long before = ServiceMetrics.firstStageVisits(metrics.get(flowPath));

        Map<String, Long> seenByKafka = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> watchKafka(runId, seenByKafka, stop), "bench-kafka-watcher");
        watcher.start();

        AtomicLong accepted = new AtomicLong();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService posters = Executors.newFixedThreadPool(4);
        AtomicLong next = new AtomicLong();
        long periodMicros = 1_000_000L * BATCH / eventsPerSecond;
        long loadStarted = System.nanoTime();
        pacer.scheduleAtFixedRate(() -> posters.submit(() -> {
            String body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
            accepted.addAndGet(post("/v1/events/batch", body) == 202 ? BATCH : 0);
            return null;
        }), 0, periodMicros, TimeUnit.MICROSECONDS);

        List<Double> freshness = new ArrayList<>();
        List<Double> kafka = new ArrayList<>();
        try {
            Thread.sleep(2000); // let the load settle
            long end = System.nanoTime() + (long) (seconds * 1e9);
            for (int n = 1; System.nanoTime() < end; n++) {
                String id = "probe-" + runId + "-" + n;
                String probe = "{\"eventId\":\"" + id + "\",\"customerId\":\"" + id + "\",\"type\":\"ad_impression\","
                        + "\"channel\":\"web\",\"timestamp\":\"" + Instant.now() + "\"}";
                if (post("/v1/events", probe) != 202) {
                    throw new IllegalStateException("probe " + id + " was not accepted");
                }
                long acked = System.nanoTime();
                while (ServiceMetrics.firstStageVisits(metrics.get(flowPath)) < before + n) {
                    if (Samples.millisSince(acked) > 120_000) {
                        throw new IllegalStateException("probe " + id + " not visible after 2 minutes");
                    }
                    Thread.sleep(POLL_MS);
                }
                freshness.add(Samples.millisSince(acked));
                for (int i = 0; i < 1000 && !seenByKafka.containsKey(id); i++) {
                    Thread.sleep(1);
                }
                Long seen = seenByKafka.get(id);
                if (seen != null) {
                    kafka.add(Math.max(0, (seen - acked) / 1e6));
                }
                Thread.sleep(20 + n % 30);
            }
        } finally {
            pacer.shutdownNow();
            posters.shutdown();
            posters.awaitTermination(30, TimeUnit.SECONDS);
            stop.set(true);
            watcher.join();
        }
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        return new Result(freshness, kafka, accepted.get() / loadSeconds);
    }

    /** A plain consumer at the end of the topic, noting when each of this run's probes arrives. */
    private void watchKafka(String runId, Map<String, Long> seen, AtomicBoolean stop) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
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
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + BenchService.WRITE_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The load's events in arrival order, in batch bodies. */
    private static List<String> batches(JourneyGenerator load) {
        List<String> bodies = new ArrayList<>();
        StringBuilder[] body = {new StringBuilder()};
        int[] inBody = {0};
        load.forEachArriving(e -> {
            body[0].append(inBody[0] == 0 ? "{\"events\":[" : ",").append(e.json());
            if (++inBody[0] == BATCH) {
                bodies.add(body[0].append("]}").toString());
                body[0] = new StringBuilder();
                inBody[0] = 0;
            }
        });
        return bodies;
    }
}

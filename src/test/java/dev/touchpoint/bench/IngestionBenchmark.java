package dev.touchpoint.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.touchpoint.support.AppProcess;
import dev.touchpoint.support.Ports;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Issue "Benchmarks", ingestion part: events/s through {@code POST /v1/events/batch} beside a
 * plain KafkaProducer sending the same records to the same broker, and requests/s with p50/p99
 * of {@code POST /v1/events} beside {@code GET /q/health/live} under the same load; and the
 * service's peak resident memory. Runs the packaged jar, standalone, as a user would; the load
 * generator ({@link HttpLoad}, one event loop) shares the machine's cores with it. Each figure
 * and its baseline get the same load (as many batches in flight as the plain producer has
 * threads, as many connections for single events as for the health endpoint) in alternating
 * slices of the same run; and Segment batch ingestion ({@code /segment/v1/batch}) beside
 * {@code /v1/events/batch}, the same events in each format, likewise interleaved. Prints medians of several runs; asserts nothing about speed. {@code ./mvnw -Pbench verify} (-Dbench.seconds, -Dbench.runs, -Dbench.threads,
 * -Dbench.connections, -Dbench.slices, -Dbench.phases, -Dbench.requestTimeoutSeconds). Each phase prints its
 * figures as it ends; a request unanswered for a minute fails the run with its path, and a failed
 * run leaves the service's thread dump in {@code target/bench-app-threads.txt}.
 */
class IngestionBenchmark {

    private static final String KEY = "bench-key";
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "10"));
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    /** Batches in flight at once: HTTP connections posting batches, and threads of the plain producer. */
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    /** Connections posting single events, and polling the health endpoint, each with one request in flight. */
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    /** Each run alternates a figure and its baseline in this many slices each (ABBA…), so both meet the same conditions. */
    private static final int SLICES = Integer.getInteger("bench.slices", 4);
    private static final int BATCH = 1000;
    /**
     * Which phases run, each beside its baseline: {@code batch} (beside the plain producer),
     * {@code single} (beside the health endpoint), {@code segment} (beside {@code /v1/events/batch});
     * e.g. -Dbench.phases=segment measures Segment alone, in a few minutes.
     */
    private static final Set<String> PHASES = new LinkedHashSet<>(
            Arrays.asList(System.getProperty("bench.phases", "batch,single,segment").split(",")));
    /** Extra JVM options for the service, e.g. a flight recording: -Dbench.app.jvm="-XX:StartFlightRecording=filename=app.jfr". */
    private static final List<String> APP_JVM_OPTIONS = Arrays.stream(System.getProperty("bench.app.jvm", "").split(" "))
            .filter(s -> !s.isBlank()).toList();

    private final AtomicLong sequence = new AtomicLong();

    @Test
    void ingestion() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Map<String, String> env = new HashMap<>();
        env.put("TOUCHPOINT_DATA_DIR", Files.createTempDirectory(target, "bench-data-").toString());
        int port = Ports.free();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        int brokerPort = Ports.freePair();
        env.put("TOUCHPOINT_KAFKA_EMBEDDED_PORT", String.valueOf(brokerPort));
        env.put("TOUCHPOINT_AUTH_WRITE_KEY", KEY);
        env.put("TOUCHPOINT_AUTH_READ_KEY", KEY + "-read");
        env.put("TOUCHPOINT_AUTH_ADMIN_KEY", KEY + "-admin");
        AppProcess app = AppProcess.start(env, APP_JVM_OPTIONS, target.resolve("bench-app.log"));
        try (HttpLoad load = new HttpLoad(port, Math.max(THREADS, CONNECTIONS), "Bearer " + KEY)) {
            String bootstrap = "127.0.0.1:" + brokerPort;
            load.run(1, 0.1, this::batchRequest); // first request: warm the connection
            load.run(THREADS, Math.min(5, SECONDS), this::batchRequest); // JIT warm-up
            if (PHASES.contains("single")) {
                load.run(CONNECTIONS, Math.min(5, SECONDS), this::eventRequest);
                load.run(CONNECTIONS, Math.min(5, SECONDS), IngestionBenchmark::healthRequest);
            }
            if (PHASES.contains("segment")) {
                load.run(THREADS, Math.min(5, SECONDS), this::segmentRequest); // its JIT warm-up
            }

            List<LoadRun.Result> batch = new ArrayList<>();
            List<LoadRun.Result> plain = new ArrayList<>();
            List<LoadRun.Result> single = new ArrayList<>();
            List<LoadRun.Result> health = new ArrayList<>();
            List<LoadRun.Result> segment = new ArrayList<>();
            List<LoadRun.Result> batchBeside = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = plainProducer(bootstrap)) {
                if (PHASES.contains("batch")) {
                    createTopic(bootstrap, "bench.baseline");
                    LoadRun.run(THREADS, Math.min(5, SECONDS), () -> sendPlain(producer)); // its JIT warm-up
                }
                for (int r = 0; r < RUNS; r++) {
                    if (PHASES.contains("batch")) {
                        settle(app, "batch and plain", r);
                        phase("batch and plain", r, batch, plain, interleaved(() -> load.run(THREADS, slice(), this::batchRequest),
                                () -> LoadRun.run(THREADS, slice(), () -> sendPlain(producer))));
                    }
                    if (PHASES.contains("single")) {
                        settle(app, "single and health", r);
                        phase("single and health", r, single, health, interleaved(
                                () -> load.run(CONNECTIONS, slice(), this::eventRequest),
                                () -> load.run(CONNECTIONS, slice(), IngestionBenchmark::healthRequest)));
                    }
                    if (PHASES.contains("segment")) {
                        settle(app, "segment and batch", r);
                        phase("segment and batch", r, segment, batchBeside, interleaved(
                                () -> load.run(THREADS, slice(), this::segmentRequest),
                                () -> load.run(THREADS, slice(), this::batchRequest)));
                    }
                }
                settle(app, "end", RUNS);
            }
            long peakKb = peakResidentKb(app.pid());
            report(batch, plain, single, health, peakKb);
            if (!segment.isEmpty()) {
                List<Double> segmentRates = rates(segment);
                List<Double> batchRates = rates(batchBeside);
                System.out.printf("%-44s %14.0f %14.0f %8.2f   baseline: POST /v1/events/batch, same load%n",
                        "Segment batch ingestion, events/s", LoadRun.median(segmentRates), LoadRun.median(batchRates),
                        LoadRun.median(segmentRates) / LoadRun.median(batchRates));
                System.out.printf("%-44s %14s %14s%n", "  request p50 / p99 latency, ms", latencies(segment),
                        latencies(batchBeside));
                List<Double> perRun = new ArrayList<>();
                for (int i = 0; i < segmentRates.size(); i++) {
                    perRun.add(segmentRates.get(i) / batchRates.get(i));
                }
                System.out.printf("   per run: segment %s; batch %s; ratios %s (median %.2f)%n%n", rounded(segmentRates),
                        rounded(batchRates), ratios(segmentRates, batchRates), LoadRun.median(perRun));
            }
        } catch (Exception | AssertionError e) {
            app.printLogTail(60);
            app.dumpThreads(target.resolve("bench-app-threads.txt"));
            throw e;
        } finally {
            app.stop();
        }
    }

    interface Slice {
        LoadRun.Result run() throws Exception;
    }

    private static double slice() {
        return SECONDS / SLICES;
    }

    /**
     * Measures a figure and its baseline in alternating slices (A B B A A B …) of one run: the
     * consumer working off a backlog, the JIT, other processes on the machine then weigh on both
     * alike, and a trend over the run favours neither.
     */
    private static LoadRun.Result[] interleaved(Slice figure, Slice baseline) throws Exception {
        List<LoadRun.Result> a = new ArrayList<>();
        List<LoadRun.Result> b = new ArrayList<>();
        for (int i = 0; i < SLICES; i++) {
            if (i % 2 == 0) {
                a.add(figure.run());
                b.add(baseline.run());
            } else {
                b.add(baseline.run());
                a.add(figure.run());
            }
        }
        return new LoadRun.Result[] { LoadRun.Result.combine(a), LoadRun.Result.combine(b) };
    }

    /**
     * Before each measured phase, lets the consumer catch up with what the last phase produced
     * (at most a minute), so that a phase pays as little as it can for the backlog of another; then prints when the
     * phase starts (epoch milliseconds), to find it in a flight recording.
     */
    private static void settle(AppProcess app, String phase, int run) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long started = System.nanoTime();
        double lag = Double.NaN;
        while (System.nanoTime() - started < 60e9) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            lag = metrics.lines().filter(l -> l.startsWith("touchpoint_consumer_lag ")).mapToDouble(
                    l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst().orElse(Double.NaN);
            if (lag == 0) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.printf("bench phase %s run %d at %d (consumer lag %.0f after %.1f s of waiting)%n", phase, run,
                System.currentTimeMillis(), lag, (System.nanoTime() - started) / 1e9);
    }

    /** Keeps one run's figure and baseline, and says at once what they were: a phase never passes in silence. */
    private static void phase(String name, int run, List<LoadRun.Result> figures, List<LoadRun.Result> baselines,
            LoadRun.Result[] measured) {
        figures.add(measured[0]);
        baselines.add(measured[1]);
        System.out.printf("bench phase %s run %d done: %.0f beside %.0f per second (ratio %.2f); p50 / p99 ms %s beside %s%n",
                name, run, measured[0].unitsPerSecond(), measured[1].unitsPerSecond(),
                measured[0].unitsPerSecond() / measured[1].unitsPerSecond(), latencies(List.of(measured[0])),
                latencies(List.of(measured[1])));
    }

    private static void report(List<LoadRun.Result> batch, List<LoadRun.Result> plain, List<LoadRun.Result> single,
            List<LoadRun.Result> health, long peakKb) {
        System.out.printf("%n== Touchpoint ingestion benchmark: %d runs of %.0f s for each figure and its baseline, in %d"
                + " alternating slices; %d batches in flight, %d connections for single events and health; %d cores;"
                + " phases %s ==%n", RUNS, SECONDS, SLICES, THREADS, CONNECTIONS, Runtime.getRuntime().availableProcessors(),
                String.join(",", PHASES));
        System.out.printf("%-44s %14s %14s %8s%n", "figure (median)", "Touchpoint", "baseline", "ratio");
        if (!batch.isEmpty()) {
            double batchMedian = LoadRun.median(rates(batch));
            double plainMedian = LoadRun.median(rates(plain));
            System.out.printf("%-44s %14.0f %14.0f %8.2f   baseline: plain KafkaProducer, same broker and records%n",
                    "batch ingestion, events/s", batchMedian, plainMedian, batchMedian / plainMedian);
        }
        if (!single.isEmpty()) {
            double singleRate = LoadRun.median(rates(single));
            double healthRate = LoadRun.median(rates(health));
            System.out.printf("%-44s %14.0f %14.0f %8.2f   baseline: GET /q/health/live, same load%n",
                    "single-event POST, requests/s", singleRate, healthRate, singleRate / healthRate);
            System.out.printf("%-44s %14.2f %14.2f%n", "single-event POST p50 latency, ms",
                    LoadRun.median(single.stream().map(LoadRun.Result::p50Millis).toList()),
                    LoadRun.median(health.stream().map(LoadRun.Result::p50Millis).toList()));
            System.out.printf("%-44s %14.2f %14.2f%n", "single-event POST p99 latency, ms",
                    LoadRun.median(single.stream().map(LoadRun.Result::p99Millis).toList()),
                    LoadRun.median(health.stream().map(LoadRun.Result::p99Millis).toList()));
        }
        System.out.printf("%-44s %14d%n", "service peak resident memory, MiB", peakKb / 1024);
        if (!batch.isEmpty()) {
            System.out.printf("   per run: batch %s; plain %s; ratios %s%n", rounded(rates(batch)), rounded(rates(plain)),
                    ratios(rates(batch), rates(plain)));
        }
        if (!single.isEmpty()) {
            System.out.printf("   per run: single %s; health %s; ratios %s%n", rounded(rates(single)),
                    rounded(rates(health)), ratios(rates(single), rates(health)));
        }
        System.out.println();
    }

    private static List<Double> rates(List<LoadRun.Result> results) {
        return results.stream().map(LoadRun.Result::unitsPerSecond).toList();
    }

    /** Medians over runs of p50 and p99, as "p50 / p99". */
    private static String latencies(List<LoadRun.Result> results) {
        return String.format("%.0f / %.0f", LoadRun.median(results.stream().map(LoadRun.Result::p50Millis).toList()),
                LoadRun.median(results.stream().map(LoadRun.Result::p99Millis).toList()));
    }

    private static List<String> ratios(List<Double> figures, List<Double> baselines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            out.add(String.format("%.2f", figures.get(i) / baselines.get(i)));
        }
        return out;
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    private String event() {
        long n = sequence.incrementAndGet();
        return "{\"eventId\":\"bench-" + n + "\",\"customerId\":\"c" + (n % 100_000) + "\",\"type\":\""
                + (n % 3 == 0 ? "video_view" : n % 3 == 1 ? "product_view" : "purchase")
                + "\",\"channel\":\"web\",\"properties\":{\"campaign\":\"spring\",\"n\":" + n + "}}";
    }

    private String batchBody() {
        StringBuilder b = new StringBuilder(BATCH * 150).append("{\"events\":[");
        for (int i = 0; i < BATCH; i++) {
            b.append(i == 0 ? "" : ",").append(event());
        }
        return b.append("]}").toString();
    }

    private HttpLoad.Request batchRequest() {
        return new HttpLoad.Request(HttpMethod.POST, "/v1/events/batch", Buffer.buffer(batchBody()), 202, BATCH);
    }

    /** The same events as a batch, in Segment's format (SPEC §5.1), posted to {@code /segment/v1/batch}. */
    private HttpLoad.Request segmentRequest() {
        StringBuilder b = new StringBuilder(BATCH * 170).append("{\"batch\":[");
        for (int i = 0; i < BATCH; i++) {
            long n = sequence.incrementAndGet();
            b.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"messageId\":\"bench-").append(n)
                    .append("\",\"userId\":\"c").append(n % 100_000).append("\",\"event\":\"")
                    .append(n % 3 == 0 ? "Video View" : n % 3 == 1 ? "Product View" : "Purchase")
                    .append("\",\"properties\":{\"channel\":\"web\",\"campaign\":\"spring\",\"n\":").append(n).append("}}");
        }
        return new HttpLoad.Request(HttpMethod.POST, "/segment/v1/batch", Buffer.buffer(b.append("]}").toString()), 200,
                BATCH);
    }

    private HttpLoad.Request eventRequest() {
        return new HttpLoad.Request(HttpMethod.POST, "/v1/events", Buffer.buffer(event()), 202, 1);
    }

    private static HttpLoad.Request healthRequest() {
        return new HttpLoad.Request(HttpMethod.GET, "/q/health/live", null, 200, 1);
    }

    /** The same thousand records a batch request carries, sent straight to Kafka, all acknowledged. */
    private int sendPlain(KafkaProducer<String, byte[]> producer) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            String event = event();
            acks.add(producer.send(new ProducerRecord<>("bench.baseline", UUID.randomUUID().toString(),
                    event.getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        return BATCH;
    }

    /** Configured as the service configures its own producer (KafkaClients). */
    private static KafkaProducer<String, byte[]> plainProducer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    private static void createTopic(String bootstrap, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(6), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static long peakResidentKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

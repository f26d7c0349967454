package dev.touchpoint.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import dev.touchpoint.kafka.BenchBroker;
import dev.touchpoint.support.AppProcess;
import dev.touchpoint.support.Ports;

/**
 * Issue "Benchmarks", items 3 and 4, on generated journeys ({@link JourneyGenerator}) against
 * the packaged service on PostgreSQL and a Kafka broker it uses as an external cluster:
 * attribution throughput from a backlog ({@link AttributionRun}), the metric queries beside
 * DuckDB and plain PostgreSQL over the raw events, all three checked to agree exactly
 * ({@link QueryRun}), and freshness under a steady load ({@link FreshnessRun}). Prints medians
 * of {@code bench.runs} runs, each beside its baseline from the same run; asserts nothing
 * about speed.
 *
 * <p>{@code ./mvnw -Pbench verify -Dit.test=JourneyBenchmark -Dbench.events=… -Dbench.customers=…};
 * {@code -Dbench.queries=…} and {@code -Dbench.rawEngines=…} pick the queries and raw engines ({@link QueryRun}).
 */
class JourneyBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 5_000);
    private static final int EVENTS = Integer.getInteger("bench.events", 50_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final long SEED = Long.getLong("bench.seed", 20260301L);
    private static final int QUERY_REPS = Integer.getInteger("bench.queryReps", 20);
    private static final int RAW_REPS = Integer.getInteger("bench.rawReps", 3);
    private static final int FRESH_RATE = Integer.getInteger("bench.freshRate", 10_000);
    private static final double FRESH_SECONDS = Double.parseDouble(System.getProperty("bench.freshSeconds", "5"));
    /** Which parts run after attribution: {@code queries}, {@code freshness} (comma-separated). */
    private static final String PARTS = System.getProperty("bench.parts", "queries,freshness");
    private static final String TOPIC = "bench.events";
    /** The same backlog with no links (see {@link JourneyGenerator#withoutLinks()}): the identity baseline. */
    private static final String NO_LINKS_TOPIC = "bench.events.nolinks";
    /** Whether each run also attributes that baseline first ({@code -Dbench.withoutLinks=false}: not, halving a 10M run). */
    private static final boolean WITHOUT_LINKS = Boolean.parseBoolean(System.getProperty("bench.withoutLinks", "true"));
    /** Anonymous events of the device whose re-resolution is timed, beside a device of 10. */
    private static final int HEAVY_DEVICE = Integer.getInteger("bench.heavyDevice", 10_000);
    private static final int PARTITIONS = 6;

    @Test
    void journeys() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        // One "now" for the generator and every query, so all three engines see the same range.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path brokerDir = Files.createTempDirectory(target, "bench-broker-");
        try (BenchBroker broker = BenchBroker.start(brokerDir, Ports.freePair())) {
            String bootstrap = broker.bootstrapServers();
            createTopic(bootstrap);
            BenchDatabase.recreate();
            BenchService service = new BenchService(bootstrap, TOPIC);
            service.defineFunnel("setup");

            long t0 = System.nanoTime();
            JourneyGenerator journeys = new JourneyGenerator("", CUSTOMERS, EVENTS, now, SEED);
            AttributionRun attribution = new AttributionRun(bootstrap, TOPIC);
            long total = attribution.produceBacklog(journeys);
            AttributionRun withoutLinks = new AttributionRun(bootstrap, NO_LINKS_TOPIC);
            if (WITHOUT_LINKS) {
                withoutLinks.produceBacklog(new JourneyGenerator("", CUSTOMERS, EVENTS, now, SEED).withoutLinks());
            }
            BenchService noLinksService = new BenchService(bootstrap, NO_LINKS_TOPIC);
            System.out.printf("%nGenerated and produced %,d events of %,d customers in %.1f s%n", total, CUSTOMERS,
                    (System.nanoTime() - t0) / 1e9);

            List<Double> serviceRates = new ArrayList<>();
            List<Double> consumerRates = new ArrayList<>();
            List<Double> copyRates = new ArrayList<>();
            List<Double> fromStart = new ArrayList<>();
            List<Double> noLinksRates = new ArrayList<>();
            Path rows = target.resolve("bench-touchpoint-rows.csv");
            AppProcess app = null;
            for (int r = 1; r <= RUNS; r++) {
                if (WITHOUT_LINKS) {
                    AttributionRun.Result plain = withoutLinks.measureService(noLinksService, "nolinks-" + r, total);
                    noLinksRates.add(plain.eventsPerSecond());
                    plain.app().stop();
                } else {
                    noLinksRates.add(Double.NaN);
                }
                AttributionRun.Result result = attribution.measureService(service, "attribution-" + r, total);
                serviceRates.add(result.eventsPerSecond());
                fromStart.add(result.secondsFromStart());
                if (r == 1) {
                    try (var conn = BenchDatabase.connect()) {
                        BenchDatabase.exportCsv(conn, "select * from touchpoint", rows);
                    }
                }
                if (r < RUNS) {
                    result.app().stop();
                } else {
                    app = result.app(); // idle now; its data serves the queries and freshness
                }
                consumerRates.add(attribution.rawConsumer(total));
                copyRates.add(attribution.copyRows(rows, total));
                System.out.printf("attribution run %d: service %.0f ev/s (without links %.0f), plain consumer %.0f ev/s,"
                        + " COPY %.0f rows/s%n", r, serviceRates.get(r - 1), noLinksRates.get(r - 1), consumerRates.get(r - 1),
                        copyRates.get(r - 1));
            }
            Files.deleteIfExists(rows);
            try {
                double[] reresolve = reresolve(attribution, now);
                Map<String, double[]> queries = PARTS.contains("queries") ? queries(app, now, target) : Map.of();
                Map<String, Double> freshness = PARTS.contains("freshness") ? freshness(app, bootstrap, now) : Map.of();
                report(total, serviceRates, consumerRates, copyRates, fromStart, queries, freshness);
                reportIdentity(serviceRates, noLinksRates, reresolve);
            } catch (Exception | AssertionError e) {
                app.printLogTail(60);
                throw e;
            } finally {
                app.stop();
            }
        }
    }

    /** Per query and engine: median over runs of p50 and of p99, ms. */
    private Map<String, double[]> queries(AppProcess app, Instant now, Path target) throws Exception {
        Instant from = now.minus(Duration.ofDays(30));
        QueryRun run = new QueryRun(new ServiceMetrics(app.baseUrl(), BenchService.READ_KEY), from, now,
                Duration.ofDays(30).toMillis());
        Path export = target.resolve("bench-raw-events.csv");
        Map<String, double[]> figures = new LinkedHashMap<>();
        try {
            AutovacuumStandIn.settle();
            run.open(export);
            Map<String, Object> answers = run.checkAgreement();
            System.out.println("The service and " + QueryRun.rawEngines() + " over the raw events agree exactly on ["
                    + from + ", " + now + "):");
            answers.forEach((q, a) -> System.out.println("  " + q + ": " + a));
            List<String> engines = new ArrayList<>(List.of("service"));
            engines.addAll(QueryRun.rawEngines());
            for (String query : QueryRun.selected()) {
                for (String engine : engines) {
                    boolean service = engine.equals("service");
                    List<Double> p50 = new ArrayList<>();
                    List<Double> p99 = new ArrayList<>();
                    for (int r = 0; r < RUNS; r++) {
                        List<Double> ms = run.time(engine, query, service ? 5 : 1, service ? QUERY_REPS : RAW_REPS);
                        p50.add(Samples.percentile(ms, 0.50));
                        p99.add(Samples.percentile(ms, 0.99));
                    }
                    figures.put(query + "|" + engine, new double[] {Samples.median(p50), Samples.median(p99)});
                    System.out.printf("query %s on %s: p50 %s ms, p99 %s ms%n", query, engine, p50, p99);
                }
            }
        } finally {
            run.close();
            Files.deleteIfExists(export);
        }
        return figures;
    }

    /** Medians over runs of the probes' p50 and p99, loaded and idle, Kafka's part, the load achieved, catch-up. */
    private Map<String, Double> freshness(AppProcess app, String bootstrap, Instant now) throws Exception {
        FreshnessRun freshness = new FreshnessRun(app, bootstrap, TOPIC);
        Map<String, List<Double>> perRun = new LinkedHashMap<>();
        int loadEvents = (int) (FRESH_RATE * (FRESH_SECONDS + 10));
        for (int r = 1; r <= RUNS; r++) {
            JourneyGenerator live = new JourneyGenerator("live" + r + "-", Math.max(1, loadEvents / 10), loadEvents, now,
                    SEED + r);
            FreshnessRun.Result result;
            try (AutovacuumStandIn autovacuum = AutovacuumStandIn.start()) {
                result = freshness.run(String.valueOf(r), live, FRESH_RATE, FRESH_SECONDS);
            }
            Map<String, Double> run = new LinkedHashMap<>();
            run.put("p50", Samples.percentile(result.loaded(), 0.50));
            run.put("p99", Samples.percentile(result.loaded(), 0.99));
            run.put("idle50", Samples.percentile(result.idle(), 0.50));
            run.put("idle99", Samples.percentile(result.idle(), 0.99));
            run.put("kafka50", Samples.percentile(result.kafka(), 0.50));
            run.put("kafka99", Samples.percentile(result.kafka(), 0.99));
            run.put("load", result.loadEventsPerSecond());
            run.put("catchUp", result.catchUpSeconds());
            run.put("probes", (double) result.loaded().size());
            run.forEach((k, v) -> perRun.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            System.out.printf("freshness run %d: %s%n", r, run);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        perRun.forEach((k, v) -> figures.put(k, Samples.median(v)));
        return figures;
    }

    private static void report(long total, List<Double> service, List<Double> consumer, List<Double> copy,
            List<Double> fromStart, Map<String, double[]> queries, Map<String, Double> fresh) {
        System.out.printf("%n== Touchpoint journey benchmark: %,d events, %,d customers, %d runs, %d cores ==%n", total,
                CUSTOMERS, RUNS, Runtime.getRuntime().availableProcessors());
        double s = Samples.median(service);
        double c = Samples.median(consumer);
        double p = Samples.median(copy);
        System.out.printf("%-52s %12s %12s %7s%n", "figure (median of runs)", "Touchpoint", "baseline", "ratio");
        System.out.printf("%-52s %12.0f %12.0f %7.2f   baseline: plain KafkaConsumer reading the backlog%n",
                "attribution, events/s attributed and committed", s, c, s / c);
        System.out.printf("%-52s %12.0f %12.0f %7.2f   baseline: COPY of the same rows, same schema and indexes%n",
                "", s, p, s / p);
        System.out.printf("%-52s %12.1f%n", "  backlog done, s after process start", Samples.median(fromStart));
        for (String query : queries.isEmpty() ? List.<String>of() : QueryRun.selected()) {
            double[] svc = queries.get(query + "|service");
            double[] duck = queries.get(query + "|duckdb");
            double[] pg = queries.get(query + "|postgres");
            System.out.printf("%-52s %16s %16s %16s%n", query + " p50 / p99 ms", "service", "DuckDB raw", "PG raw");
            System.out.printf("%-52s %16s %16s %16s%n", "", fmt(svc), fmt(duck), fmt(pg));
        }
        if (!fresh.isEmpty()) {
            System.out.printf("%-52s %12s %12s   baseline: the same probes with no load%n",
                    "freshness p50 / p99 ms, " + Math.round(fresh.get("load")) + " ev/s load",
                    String.format("%.0f / %.0f", fresh.get("p50"), fresh.get("p99")),
                    String.format("%.0f / %.0f", fresh.get("idle50"), fresh.get("idle99")));
            System.out.printf("%-52s %12s%n", "  sending a probe to a plain consumer seeing it, ms",
                    String.format("%.0f / %.0f", fresh.get("kafka50"), fresh.get("kafka99")));
            System.out.printf("%-52s %12.1f   (%.0f probes under load)%n", "  catching up after the load, s",
                    fresh.get("catchUp"), fresh.get("probes"));
        }
        System.out.printf("   per run: attribution %s; consumer %s; COPY %s%n%n", service, consumer, copy);
    }

    /**
     * Medians over runs: seconds until a device of {@value #HEAVY_DEVICE} anonymous events, then
     * linked, is all in its owner's journey; the same for a device of 10 events. The devices are
     * new ids each run, on the last run's service.
     */
    private double[] reresolve(AttributionRun attribution, Instant now) throws Exception {
        List<Double> heavy = new ArrayList<>();
        List<Double> light = new ArrayList<>();
        Instant at = now.minus(Duration.ofDays(20));
        for (int r = 1; r <= RUNS; r++) {
            heavy.add(attribution.timeToReresolve("heavy-dev-" + r, "heavy-cust-" + r, HEAVY_DEVICE, at));
            light.add(attribution.timeToReresolve("light-dev-" + r, "light-cust-" + r, 10, at));
            System.out.printf("re-resolution run %d: %,d-event device %.3f s, 10-event device %.3f s%n", r, HEAVY_DEVICE,
                    heavy.get(r - 1), light.get(r - 1));
        }
        return new double[] {Samples.median(heavy), Samples.median(light)};
    }

    private static void reportIdentity(List<Double> service, List<Double> noLinks, double[] reresolve) {
        double s = Samples.median(service);
        double n = Samples.median(noLinks);
        System.out.printf("%-52s %12.0f %12.0f %7.2f   baseline: the same events without links (no identity work)%n",
                "attribution with identity resolution, events/s", s, n, s / n);
        System.out.printf("%-52s %12.3f %12.3f %7.1f   baseline: a device of 10 events%n",
                String.format("re-resolving a device of %,d events, s", HEAVY_DEVICE), reresolve[0], reresolve[1],
                reresolve[0] / reresolve[1]);
        System.out.printf("   per run: with links %s; without links %s%n%n", service, noLinks);
    }

    private static String fmt(double[] p50p99) {
        return p50p99 == null ? "not run" : String.format("%.1f / %.1f", p50p99[0], p50p99[1]);
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(PARTITIONS), Optional.empty()),
                    new NewTopic(NO_LINKS_TOPIC, Optional.of(PARTITIONS), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }
}

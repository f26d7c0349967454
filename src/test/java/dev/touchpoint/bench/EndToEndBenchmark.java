package dev.touchpoint.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.touchpoint.support.AppProcess;
import dev.touchpoint.support.Ports;

/**
 * Issue 19's end-to-end and standalone figures, tried as a user would: the packaged jar with
 * its in-process broker and its default funnel, on the standalone default (H2 under the data
 * directory) and on PostgreSQL ({@link BenchDatabase}); generated journeys ({@link JourneyGenerator})
 * posted to {@code POST /v1/events/batch} in batches of {@value #BATCH} with
 * {@code bench.inFlight} requests in flight, as fast as they are acknowledged, and timed until
 * the service has stored them all ({@code touchpoint_events_stored_total}). A warm-up load of a
 * tenth the size goes first, stored and not timed.
 *
 * <p>Beside each end-to-end rate, the baseline from the same run: the rate at which the same
 * posts were acknowledged (ingestion with attribution running beside it, on the same cores);
 * and the rate attribution kept while the posts ran. The service's peak resident memory with
 * the documented {@code -Xmx} is read at the end. Then, on the same service, freshness as in
 * {@link FreshnessRun}: probes posted one at a time, timed from their 202 until the default
 * funnel's flow counts them, with no load (the baseline) and under a steady load of
 * {@code bench.freshRate} events/s for {@code bench.freshSeconds} (several rates, comma-separated,
 * are measured one after another: the goal's 10,000, and one the service keeps up with shows
 * what freshness is when no queue builds). Asserts nothing about
 * speed; fails if an acknowledged event is not stored.
 *
 * <p>{@code ./mvnw -Pbench verify -Dit.test=EndToEndBenchmark} (-Dbench.events=200000
 * -Dbench.customers=20000 -Dbench.inFlight=8 -Dbench.databases=h2,postgres -Dbench.runs=1 -Dbench.freshSeconds=10
 * -Dbench.freshRate=10000; -Dbench.app.env=NAME=value
 * and -Dbench.app.jvm=… try service settings and JVM options)
 */
class EndToEndBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 20_000);
    private static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 8);
    private static final int RUNS = Integer.getInteger("bench.runs", 1);
    private static final long SEED = Long.getLong("bench.seed", 20261202L);
    private static final List<String> DATABASES = Arrays.asList(System.getProperty("bench.databases", "h2,postgres").split(","));
    private static final int BATCH = 1000;
    /** Freshness after the timed posts: seconds of probes under each load (0: none) and the loads' events/s. */
    private static final double FRESH_SECONDS = Double.parseDouble(System.getProperty("bench.freshSeconds", "10"));
    private static final List<Integer> FRESH_RATES = Arrays.stream(System.getProperty("bench.freshRate", "10000").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    /** The freshness goal of issue 19: p99 at most this many ms at {@value #FRESH_GOAL_RATE} events/s of load. */
    private static final double FRESH_GOAL_MS = 2000;
    private static final int FRESH_GOAL_RATE = 10_000;
    private static final String TOPIC = "touchpoint.events";
    private static final String FUNNEL = "customer-journey";
    /** Extra JVM options for the service, e.g. -Dbench.app.jvm="-XX:StartFlightRecording=filename=e2e.jfr". */
    private static final List<String> APP_JVM_OPTIONS = Arrays.stream(System.getProperty("bench.app.jvm", "").split(" "))
            .filter(s -> !s.isBlank()).toList();
    /** The goals of issue 19, events/s end to end. */
    private static final Map<String, Integer> GOALS = Map.of("h2", 10_000, "postgres", 20_000);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void endToEnd() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (String database : DATABASES) {
            for (int r = 1; r <= RUNS; r++) {
                Result result = run(database.trim(), r, now, target);
                results.computeIfAbsent(database.trim(), d -> new ArrayList<>()).add(result);
                System.out.printf("end-to-end %s run %d: %s%n", database, r, result);
            }
        }
        report(results);
    }

    /**
     * What one run measured: events/s end to end, acknowledged, stored while posting; peak RSS;
     * 503s re-posted; freshness afterwards, one per {@code bench.freshRate} (keyed by it; empty when not measured).
     */
    record Result(double endToEnd, double acknowledged, double duringPosts, long peakMiB, int retried,
            Map<Integer, FreshnessRun.Result> fresh) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format("end to end %.0f ev/s, acknowledged %.0f ev/s, stored while"
                    + " posting %.0f ev/s, peak RSS %d MiB, %d batches re-posted after a 503", endToEnd, acknowledged,
                    duringPosts, peakMiB, retried));
            fresh.forEach((rate, f) -> s.append(String.format("; freshness at %,d ev/s p50 / p99 %.0f / %.0f ms under %.0f"
                    + " ev/s achieved (%d probes; idle %.0f / %.0f ms), caught up %.1f s after the load", rate,
                    Samples.percentile(f.loaded(), 0.50), Samples.percentile(f.loaded(), 0.99), f.loadEventsPerSecond(),
                    f.loaded().size(), Samples.percentile(f.idle(), 0.50), Samples.percentile(f.idle(), 0.99),
                    f.catchUpSeconds())));
            return s.toString();
        }
    }

    private Result run(String database, int run, Instant now, Path target) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TOUCHPOINT_DATA_DIR", Files.createTempDirectory(target, "bench-data-").toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(Ports.free()));
        env.put("TOUCHPOINT_KAFKA_EMBEDDED_PORT", String.valueOf(Ports.freePair()));
        env.put("TOUCHPOINT_AUTH_WRITE_KEY", BenchService.WRITE_KEY);
        env.put("TOUCHPOINT_AUTH_READ_KEY", BenchService.READ_KEY);
        env.put("TOUCHPOINT_AUTH_ADMIN_KEY", BenchService.ADMIN_KEY);
        AutovacuumStandIn autovacuum = null;
        if (database.equals("postgres")) {
            BenchDatabase.recreate();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", BenchDatabase.url());
            env.put("QUARKUS_DATASOURCE_USERNAME", BenchDatabase.USER);
        } else if (!database.equals("h2")) {
            throw new IllegalArgumentException("bench.databases: h2 or postgres, not " + database);
        }
        env.putAll(BenchService.appEnv());
        AppProcess app = AppProcess.start(env, APP_JVM_OPTIONS, // after the documented -Xmx512m
                target.resolve("bench-e2e-" + database + "-" + run + ".log"));
        try {
            if (database.equals("postgres")) {
                autovacuum = AutovacuumStandIn.start(); // the schema exists once the service is up
            }
            List<FreshnessRun.Body> warmUp = FreshnessRun.batches(
                    new JourneyGenerator("warm" + run + "-", Math.max(1, CUSTOMERS / 10), EVENTS / 10, now, SEED - run),
                    BATCH);
            List<FreshnessRun.Body> bodies = FreshnessRun.batches(
                    new JourneyGenerator("e2e" + run + "-", CUSTOMERS, EVENTS, now, SEED + run), BATCH);
            long warmEvents = warmUp.stream().mapToLong(FreshnessRun.Body::events).sum();
            long events = bodies.stream().mapToLong(FreshnessRun.Body::events).sum();
            post(app, warmUp);
            awaitStored(app, warmEvents);

            long started = System.nanoTime();
            int retried = post(app, bodies);
            long acknowledged = System.nanoTime();
            long storedByThen = stored(app) - warmEvents;
            awaitStored(app, warmEvents + events);
            long done = System.nanoTime();
            Thread.sleep(2000);
            long storedAll = stored(app);
            if (storedAll != warmEvents + events) {
                throw new IllegalStateException("the service stored " + storedAll + " events of " + (warmEvents + events)
                        + " acknowledged");
            }
            double postSeconds = (acknowledged - started) / 1e9;
            Map<Integer, FreshnessRun.Result> fresh = new LinkedHashMap<>();
            for (int i = 0; FRESH_SECONDS > 0 && i < FRESH_RATES.size(); i++) {
                int rate = FRESH_RATES.get(i);
                int loadEvents = (int) (rate * (FRESH_SECONDS + 10));
                JourneyGenerator live = new JourneyGenerator("live" + run + "r" + i + "-", Math.max(1, loadEvents / 10),
                        loadEvents, now, SEED + 1000 + 100 * i + run);
                String bootstrap = "127.0.0.1:" + env.get("TOUCHPOINT_KAFKA_EMBEDDED_PORT");
                long storedBefore = stored(app);
                fresh.put(rate, new FreshnessRun(app, bootstrap, TOPIC, FUNNEL,
                        accepted -> stored(app) >= storedBefore + accepted).run(database + run + "r" + i, live, rate,
                        FRESH_SECONDS));
            }
            return new Result(events / ((done - started) / 1e9), events / postSeconds, storedByThen / postSeconds,
                    peakResidentKb(app.pid()) / 1024, retried, fresh);
        } catch (Exception | AssertionError e) {
            app.printLogTail(60);
            throw e;
        } finally {
            if (autovacuum != null) {
                autovacuum.close();
            }
            app.stop();
        }
    }

    /**
     * Posts every body with {@value #IN_FLIGHT} requests in flight; a 503 (the broker did not
     * acknowledge in time) is posted again, as a client would. Returns how many were re-posted.
     */
    private int post(AppProcess app, List<FreshnessRun.Body> bodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ExecutorService posters = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<Object>> done = new ArrayList<>();
            for (int t = 0; t < IN_FLIGHT; t++) {
                done.add(posters.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        int status;
                        while ((status = BenchService.postEvents(http, app, "/v1/events/batch", bodies.get(i).json())) == 503) {
                            retried.incrementAndGet();
                            Thread.sleep(100);
                        }
                        if (status != 202) {
                            throw new IllegalStateException("batch " + i + " answered " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Object> f : done) {
                f.get();
            }
        } finally {
            posters.shutdownNow();
        }
        return retried.get();
    }

    private void awaitStored(AppProcess app, long events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (stored(app) < events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service did not store " + events + " events within 30 minutes");
            }
            Thread.sleep(50);
        }
    }

    /** The service's count of stored events ({@code touchpoint_events_stored_total}). */
    private long stored(AppProcess app) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("touchpoint_events_stored_total"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1).trim())).sum();
    }

    private static long peakResidentKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void report(Map<String, List<Result>> results) {
        System.out.printf("%n== Touchpoint end-to-end benchmark: %,d events of %,d customers posted in batches of %,d,"
                + " %d in flight, in-process broker, default funnel, -Xmx512m, %d runs, %d cores ==%n", EVENTS, CUSTOMERS,
                BATCH, IN_FLIGHT, RUNS, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-10s %16s %16s %7s %18s %10s   %s%n", "database", "end to end ev/s", "acknowledged ev/s",
                "ratio", "stored while posting", "peak MiB", "goal");
        results.forEach((database, runs) -> {
            double e2e = Samples.median(runs.stream().map(Result::endToEnd).toList());
            double acked = Samples.median(runs.stream().map(Result::acknowledged).toList());
            double during = Samples.median(runs.stream().map(Result::duringPosts).toList());
            long peak = runs.stream().mapToLong(Result::peakMiB).max().orElse(-1);
            int goal = GOALS.get(database);
            System.out.printf("%-10s %16.0f %16.0f %7.2f %18.0f %10d   >= %,d ev/s end to end: %s%s%n", database, e2e, acked,
                    e2e / acked, during, peak, goal, e2e >= goal ? "met" : "missed",
                    database.equals("h2") ? "; <= 1,024 MiB: " + (peak <= 1024 ? "met" : "missed") : "");
        });
        System.out.println("   baseline: the rate the same posts were acknowledged at (ingestion, attribution beside it)");
        results.forEach((database, runs) -> FRESH_RATES.forEach(rate -> {
            List<FreshnessRun.Result> fresh = runs.stream().map(r -> r.fresh().get(rate)).filter(f -> f != null).toList();
            if (fresh.isEmpty()) {
                return;
            }
            double p99 = Samples.median(fresh.stream().map(f -> Samples.percentile(f.loaded(), 0.99)).toList());
            System.out.printf("%-10s freshness at %,d ev/s: p50 / p99 %.0f / %.0f ms under %.0f ev/s achieved (%d probes),"
                    + " baseline (no load) %.0f / %.0f ms; caught up %.1f s after the load%s%n", database, rate,
                    Samples.median(fresh.stream().map(f -> Samples.percentile(f.loaded(), 0.50)).toList()), p99,
                    Samples.median(fresh.stream().map(FreshnessRun.Result::loadEventsPerSecond).toList()),
                    fresh.stream().mapToInt(f -> f.loaded().size()).sum(),
                    Samples.median(fresh.stream().map(f -> Samples.percentile(f.idle(), 0.50)).toList()),
                    Samples.median(fresh.stream().map(f -> Samples.percentile(f.idle(), 0.99)).toList()),
                    Samples.median(fresh.stream().map(FreshnessRun.Result::catchUpSeconds).toList()),
                    rate >= FRESH_GOAL_RATE ? "   p99 <= 2 s: " + (p99 <= FRESH_GOAL_MS ? "met" : "missed") : "");
        }));
        System.out.println();
    }
}

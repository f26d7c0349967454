package dev.touchpoint.bench;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.support.AppProcess;

/**
 * Issue 19's "one new event on a 10,000-event journey is stored and visible within the same p99
 * as on a 10-event one": with the service idle, one event at a time is posted over HTTP to a
 * long journey or to a short one, alternately, and timed from its 202 until the flow endpoint
 * counts it. Every probe opens a visit (it alternates between the first two stages per customer,
 * after a primer of the fourth), entered now, in a range only probes fall in; so a probe is
 * visible once the flow's visits in that range grow by one.
 */
final class SingleEventProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROBE_TYPES = List.of("ad_impression", "ad_click");
    private static final String PRIMER_TYPE = "purchase";
    private static final long POLL_MS = 5;

    private final AppProcess app;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ServiceMetrics metrics;

    SingleEventProbe(AppProcess app) {
        this.app = app;
        this.metrics = new ServiceMetrics(app.baseUrl(), BenchService.READ_KEY);
    }

    /**
     * Milliseconds from 202 to visible, per probe, on the long journeys and on the short ones; and
     * how many events the run posted (they stay on the topic).
     */
    record Result(List<Double> longJourneys, List<Double> shortJourneys, long posted) {
    }

    /**
     * Probes {@code probes} times each the long journeys of {@code longCustomers} (already stored)
     * and as many short journeys of {@code shortEvents} events, which it first posts for
     * customers of its own ({@code run} keeps them apart between runs on one database).
     */
    Result run(String run, List<String> longCustomers, int shortEvents, int probes) throws Exception {
        List<String> shortCustomers = new ArrayList<>();
        Instant past = Instant.now().minus(Duration.ofDays(20));
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int c = 0; c < longCustomers.size(); c++) {
            String customer = "short-" + run + "-" + c;
            shortCustomers.add(customer);
            for (int i = 0; i < shortEvents; i++) {
                String type = i % 3 == 0 ? "ad_click" : "page_view";
                batch.append(c + i == 0 ? "" : ",").append(event(customer + "-" + i, customer, type,
                        past.plus(Duration.ofHours(c + 10L * i))));
            }
        }
        post("/v1/events/batch", batch.append("]}").toString());
        List<String> all = new ArrayList<>(longCustomers);
        all.addAll(shortCustomers);
        for (String customer : all) {
            post("/v1/events", event("primer-" + run + "-" + customer, customer, PRIMER_TYPE, Instant.now()));
        }
        long setup = all.size() + (long) shortCustomers.size() * shortEvents;
        awaitStored(setup, "primer-" + run + "-%", "short-" + run + "-%");

        Instant from = Instant.now();
        String flowPath = ServiceMetrics.path(BenchFunnel.ID, "flow", from, from.plus(Duration.ofHours(2)));
        long expected = visits(flowPath);
        List<Double> longs = new ArrayList<>();
        List<Double> shorts = new ArrayList<>();
        for (int p = 0; p < probes; p++) {
            for (boolean isLong : new boolean[] {true, false}) {
                List<String> customers = isLong ? longCustomers : shortCustomers;
                String customer = customers.get(p % customers.size());
                String type = PROBE_TYPES.get((p / customers.size()) % 2);
                String id = "probe-" + run + "-" + customer + "-" + p;
                post("/v1/events", event(id, customer, type, Instant.now()));
                long acked = System.nanoTime();
                expected++;
                while (visits(flowPath) < expected) {
                    if (Samples.millisSince(acked) > 120_000) {
                        throw new IllegalStateException("probe " + id + " not visible after 2 minutes");
                    }
                    Thread.sleep(POLL_MS);
                }
                (isLong ? longs : shorts).add(Samples.millisSince(acked));
                Thread.sleep(20 + p % 30);
            }
        }
        return new Result(longs, shorts, setup + longs.size() + shorts.size());
    }

    /** Visits of every stage entered in the flow's range. */
    private long visits(String flowPath) throws Exception {
        long visits = 0;
        for (JsonNode stage : JSON.readTree(metrics.get(flowPath)).get("stages")) {
            visits += stage.get("visits").asLong();
        }
        return visits;
    }

    /** Waits until the touchpoints whose ids match these patterns number {@code expected} (stored, so attributed). */
    private static void awaitStored(long expected, String... patterns) throws Exception {
        StringBuilder sql = new StringBuilder("select count(*) from touchpoint where false");
        for (String pattern : patterns) {
            sql.append(" or event_id like '").append(pattern).append("'");
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (Connection conn = BenchDatabase.connect()) {
            while (BenchDatabase.count(conn, sql.toString()) < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the probes' setup was not stored within 5 minutes");
                }
                Thread.sleep(50);
            }
        }
    }

    private static String event(String id, String customer, String type, Instant at) {
        return "{\"eventId\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"type\":\"" + type
                + "\",\"channel\":\"web\",\"timestamp\":\"" + at + "\"}";
    }

    private void post(String path, String body) throws Exception {
        int status = BenchService.postEvents(http, app, path, body);
        if (status != 202) {
            throw new IllegalStateException(path + " answered " + status);
        }
    }
}

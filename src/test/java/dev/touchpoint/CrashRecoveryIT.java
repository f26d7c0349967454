package dev.touchpoint;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.funnel.FunnelDefinition;
import dev.touchpoint.funnel.FunnelTemplates;
import dev.touchpoint.funnel.Stage;
import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.journey.Journey;
import dev.touchpoint.support.AppProcess;
import dev.touchpoint.support.Ports;

/**
 * The promise behind every 202 (docs/api.md), tested on the packaged jar in a real child process:
 * an acknowledged event is in the customer's journey even when the service was killed with
 * SIGKILL right after the 202 and started again, and no event is ever stored twice, not even
 * when it is posted again. Runs on H2 by default and on PostgreSQL under {@code -Ppostgres}.
 */
class CrashRecoveryIT {

    private static final String WRITE_KEY = "crash-it-write";
    private static final String READ_KEY = "crash-it-read";
    private static final int CUSTOMERS = 6;
    private static final int SINGLE_EVENTS = 250;
    private static final int BATCHES = 5;
    private static final int BATCH_SIZE = 10;
    private static final String[] TYPES = { "ad_click", "video_view", "product_view", "purchase", "review" };

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Unique to this run: under -Ppostgres the database is shared with the other suites. */
    private final String run = UUID.randomUUID().toString();
    private final List<AppProcess> started = new ArrayList<>();
    private AppProcess app;
    private String base;

    /** Acknowledged eventIds per journey key. */
    private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void everyAcknowledgedEventSurvivesKill9ExactlyOnce() throws Exception {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Map<String, String> env = environment(Files.createTempDirectory(target, "crash-it-data-"));
            List<String> bodies = eventBodies();

            start(env, target.resolve("crash-it-" + run + "-1.log"));
            postAll(bodies);
            app.kill(); // SIGKILL right after the last 202
            app = null;

            start(env, target.resolve("crash-it-" + run + "-2.log"));
            await("every acknowledged event stored exactly once after the restart")
                    .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertJourneys(Map.of()));
            assertVisitsAreThoseOfTheStoredEvents();
            // Not asserted (it depends on timing), but it tells whether the replay path was taken.
            System.out.printf("CrashRecoveryIT: %d of %d acknowledged events were stored only after the restart%n",
                    storedSinceStart(), acknowledged.values().stream().mapToInt(Set::size).sum());

            postAll(bodies); // the same eventIds again
            Map<String, String> markers = postMarkers();
            // A marker shares its customer's partition and was posted last: once it is stored,
            // every copy posted before it has been consumed too.
            await("markers stored after the repost").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertJourneys(markers));
        } catch (Throwable t) {
            started.forEach(a -> a.printLogTail(80));
            throw t;
        }
    }

    private Map<String, String> environment(Path dataDir) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("TOUCHPOINT_DATA_DIR", dataDir.toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(Ports.free()));
        env.put("TOUCHPOINT_KAFKA_EMBEDDED_PORT", String.valueOf(Ports.freePair()));
        env.put("TOUCHPOINT_AUTH_WRITE_KEY", WRITE_KEY);
        env.put("TOUCHPOINT_AUTH_READ_KEY", READ_KEY);
        env.put("TOUCHPOINT_AUTH_ADMIN_KEY", "crash-it-admin");
        String jdbcUrl = System.getProperty("test.jdbc.url");
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            String user = System.getProperty("test.jdbc.username");
            if (user != null && !user.isBlank()) {
                env.put("QUARKUS_DATASOURCE_USERNAME", user);
            }
        }
        base = "http://127.0.0.1:" + env.get("QUARKUS_HTTP_PORT");
        return env;
    }

    /** Single events and a few batches, with client-set eventIds, spread over several customers. */
    private List<String> eventBodies() throws IOException {
        List<String> bodies = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < SINGLE_EVENTS; i++, n++) {
            bodies.add(json.writeValueAsString(event(n)));
        }
        for (int b = 0; b < BATCHES; b++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++, n++) {
                batch.add(event(n));
            }
            bodies.add(json.writeValueAsString(Map.of("events", batch)));
        }
        return bodies;
    }

    private Map<String, Object> event(int n) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "crash-" + run + "-" + n);
        String key = "crash-" + run + "-c" + (n % CUSTOMERS);
        // One journey is anonymous: its key is the anonymousId.
        e.put(n % CUSTOMERS == 0 ? "anonymousId" : "customerId", key);
        e.put("type", TYPES[n % TYPES.length]);
        e.put("channel", "web");
        e.put("properties", Map.of("n", n));
        return e;
    }

    /** Posts every body as fast as a few parallel clients can, recording each acknowledged eventId. */
    private void postAll(List<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String body : bodies) {
                sent.add(pool.submit(() -> {
                    post(body);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void post(String body) throws IOException, InterruptedException {
        JsonNode sent = json.readTree(body);
        boolean batch = sent.has("events");
        HttpResponse<String> response = send(batch ? "/v1/events/batch" : "/v1/events", body);
        assertEquals(202, response.statusCode(), () -> "POST " + body + " answered " + response.body());
        JsonNode answer = json.readTree(response.body());
        if (batch) {
            assertEquals(sent.get("events").size(), answer.get("accepted").asInt(), response::body);
            sent.get("events").forEach(this::acknowledge);
        } else {
            assertEquals(sent.get("eventId").asText(), answer.get("eventId").asText());
            acknowledge(sent);
        }
    }

    private void acknowledge(JsonNode event) {
        String key = event.has("customerId") ? event.get("customerId").asText() : event.get("anonymousId").asText();
        acknowledged.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(event.get("eventId").asText());
    }

    /** Posts one new event per customer after everything else; returns its eventId per journey key. */
    private Map<String, String> postMarkers() throws Exception {
        Map<String, String> markers = new TreeMap<>();
        List<String> bodies = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            String key = "crash-" + run + "-c" + c;
            String id = "crash-" + run + "-marker-" + c;
            markers.put(key, id);
            bodies.add(json.writeValueAsString(Map.of(c == 0 ? "anonymousId" : "customerId", key, "eventId", id,
                    "type", "share")));
        }
        for (String body : bodies) {
            HttpResponse<String> r = send("/v1/events", body);
            assertEquals(202, r.statusCode(), r::body);
        }
        return markers;
    }

    /**
     * Posts as the README tells clients to: a 503 (the broker did not acknowledge in time,
     * nothing accepted) is retried with the same eventIds, so an event is acknowledged only by
     * the 202 that ends its retries, and one that reached the broker anyway is still counted once.
     */
    private HttpResponse<String> send(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 503) {
                return response;
            }
            System.out.println("CrashRecoveryIT: POST " + path + " answered 503, retrying: " + response.body());
            Thread.sleep(500L * attempt);
        }
        return response;
    }

    /** Each journey holds exactly its acknowledged events (plus its marker, if any), each once. */
    private void assertJourneys(Map<String, String> markers) throws Exception {
        assertEquals(CUSTOMERS, acknowledged.size(), "journeys with acknowledged events");
        for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
            List<String> stored = journey(e.getKey());
            Map<String, Long> copies = stored.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            copies.forEach((id, count) -> assertEquals(1L, count, "copies of " + id + " in " + e.getKey()));
            List<String> expected = new ArrayList<>(e.getValue());
            if (markers.containsKey(e.getKey())) {
                expected.add(markers.get(e.getKey()));
            }
            List<String> missing = expected.stream().filter(id -> !copies.containsKey(id)).sorted().toList();
            assertTrue(missing.isEmpty(), () -> e.getKey() + " misses " + missing.size() + " acknowledged events: " + missing);
            assertEquals(expected.size(), stored.size(), () -> e.getKey() + " holds events never acknowledged: " + stored);
        }
    }

    /**
     * The consumer died somewhere in the middle of its work; the visits it keeps must still be
     * exactly those a run that never failed computes from the same stored events.
     */
    private void assertVisitsAreThoseOfTheStoredEvents() throws Exception {
        FunnelDefinition funnel = FunnelTemplates.customerJourney();
        List<String> stageKeys = funnel.stages().stream().map(Stage::key).toList();
        for (String key : acknowledged.keySet()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/customers/" + key
                    + "/journey?limit=10000&funnel=" + funnel.id())).header("Authorization", "Bearer " + READ_KEY)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r::body);
            JsonNode journey = json.readTree(r.body());
            List<AttributedEvent> events = new ArrayList<>();
            journey.get("touchpoints").forEach(t -> {
                JsonNode stage = t.get("stages").get(funnel.id());
                if (!stage.isNull()) {
                    events.add(new AttributedEvent(t.get("eventId").asText(), Instant.parse(t.get("timestamp").asText()),
                            t.get("channel").asText(), stageKeys.indexOf(stage.asText())));
                }
            });
            List<String> expected = Journey.of(events).visits(stageKeys.size()).stream()
                    .map(v -> stageKeys.get(v.stage()) + "@" + v.enteredAt() + ">"
                            + (v.nextStage() == null ? null : stageKeys.get(v.nextStage())))
                    .toList();
            List<String> actual = new ArrayList<>();
            journey.get("visits").forEach(v -> actual.add(v.get("stage").asText() + "@"
                    + Instant.parse(v.get("enteredAt").asText()) + ">" + (v.get("nextStage").isNull() ? null
                            : v.get("nextStage").asText())));
            assertEquals(expected, actual, "visits of " + key);
        }
    }

    private List<String> journey(String key) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/customers/" + key + "/journey?limit=10000"))
                .header("Authorization", "Bearer " + READ_KEY).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        List<String> ids = new ArrayList<>();
        json.readTree(r.body()).get("touchpoints").forEach(t -> ids.add(t.get("eventId").asText()));
        return ids;
    }

    /** The restarted instance's {@code touchpoint.events.stored} counter. */
    private long storedSinceStart() throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("touchpoint_events_stored_total "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).sum();
    }

    private void start(Map<String, String> env, Path log) throws Exception {
        app = AppProcess.start(env, log);
        started.add(app);
    }
}

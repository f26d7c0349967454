package dev.touchpoint.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Clients as the docs tell them to behave: each event carries its own {@code eventId}, and a
 * batch that was answered 503, or whose connection failed, is posted again unchanged, to the
 * next instance. An event counts as acknowledged only when a 202 accepted it.
 */
final class RetryingClients implements AutoCloseable {

    /** Event types of the default funnel, by stage index (awareness … advocacy). */
    static final List<String> TYPE_BY_STAGE = List.of("video_view", "follow", "product_view", "purchase",
            "newsletter_open", "review");
    private static final String[] CHANNELS = { "tiktok", "instagram", "email", "store", "web" };

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicLong retries = new AtomicLong();
    final List<String> instances = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final String run;
    private final int customers;
    private volatile boolean running = true;

    RetryingClients(String run, int customers) {
        this.run = run;
        this.customers = customers;
    }

    void start(int clients, int batchSize, long pauseMillis) {
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> loop(batchSize, pauseMillis), "fault-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(int batchSize, long pauseMillis) {
        while (running) {
            try {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                    batch.add(event());
                }
                if (post(json.writeValueAsString(Map.of("events", batch)), batch.size())) {
                    batch.forEach(e -> acknowledged.add((String) e.get("eventId")));
                }
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Map<String, Object> event() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", run + "-" + sequence.incrementAndGet());
        e.put("customerId", run + "-c" + random.nextInt(customers));
        e.put("type", TYPE_BY_STAGE.get(random.nextInt(TYPE_BY_STAGE.size())));
        e.put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
        // Out of order within the last hour: arrival order must not change any result.
        e.put("timestamp", Instant.now().minusMillis(random.nextLong(3_600_000)).toString());
        return e;
    }

    /** Posts until a 202 accepts every event; true if it did before the clients were stopped. */
    private boolean post(String body, int events) throws InterruptedException, IOException {
        for (int attempt = 0; ; attempt++) {
            if (!running && attempt > 20) {
                return false;
            }
            String base = instances.get(Math.floorMod(attempt + (int) Thread.currentThread().getId(), instances.size()));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/events/batch"))
                        .header("Authorization", "Bearer lc-write").header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    JsonNode answer = json.readTree(r.body());
                    if (answer.get("accepted").asInt() != events) {
                        throw new IllegalStateException("a valid batch was partly refused: " + r.body());
                    }
                    return true;
                }
                if (r.statusCode() != 503) {
                    throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException connectionFailed) {
                // the instance died or is restarting: the next one gets the same events
            }
            retries.incrementAndGet();
            Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 4)));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(60_000);
        }
    }
}

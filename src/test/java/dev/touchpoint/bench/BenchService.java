package dev.touchpoint.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.touchpoint.support.AppProcess;
import dev.touchpoint.support.Ports;

/**
 * Starts the packaged service as production runs it: PostgreSQL ({@link BenchDatabase}) and
 * a Kafka broker it treats as an external cluster, fixed keys, its own topic. Optionally under
 * a flight recording ({@code -Dbench.jfr=true}, files {@code target/bench-<name>.jfr}).
 */
final class BenchService {

    static final String WRITE_KEY = "bench-write";
    static final String READ_KEY = "bench-read";
    static final String ADMIN_KEY = "bench-admin";
    static final boolean JFR = Boolean.getBoolean("bench.jfr");

    private final String bootstrap;
    private final String topic;
    private final Map<String, String> settings;
    private final Path target = Path.of("target").toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    BenchService(String bootstrap, String topic) {
        this(bootstrap, topic, Map.of());
    }

    /** @param settings environment variables every start of this service gets (settings to compare in one run) */
    BenchService(String bootstrap, String topic, Map<String, String> settings) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.settings = settings;
    }

    AppProcess start(String name) throws Exception {
        return start(name, settings);
    }

    /**
     * As {@link #start(String)}, with these environment variables on top (settings of the service to
     * compare in one run), and those of {@code -Dbench.app.env=NAME=value,…} (to try a setting without a rebuild).
     */
    AppProcess start(String name, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TOUCHPOINT_DATA_DIR", Files.createTempDirectory(target, "bench-data-").toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(Ports.free()));
        // -Dbench.jdbcParams=reWriteBatchedInserts=true tries driver settings without a rebuild.
        String params = System.getProperty("bench.jdbcParams", "");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", BenchDatabase.url() + (params.isBlank() ? "" : "?" + params));
        env.put("QUARKUS_DATASOURCE_USERNAME", BenchDatabase.USER);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("TOUCHPOINT_KAFKA_TOPIC", topic);
        env.put("TOUCHPOINT_KAFKA_DEAD_LETTER_TOPIC", topic + ".dlq");
        env.put("TOUCHPOINT_AUTH_WRITE_KEY", WRITE_KEY);
        env.put("TOUCHPOINT_AUTH_READ_KEY", READ_KEY);
        env.put("TOUCHPOINT_AUTH_ADMIN_KEY", ADMIN_KEY);
        env.putAll(appEnv());
        env.putAll(settings);
        List<String> jvm = new ArrayList<>();
        if (JFR) {
            jvm.add("-XX:StartFlightRecording=filename=" + target.resolve("bench-" + name + ".jfr") + ",settings=profile");
        }
        return AppProcess.start(env, jvm, target.resolve("bench-" + name + ".log"));
    }

    /** The service settings of {@code -Dbench.app.env=NAME=value,…}: to try one without a rebuild. */
    static Map<String, String> appEnv() {
        Map<String, String> env = new HashMap<>();
        for (String pair : System.getProperty("bench.app.env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return env;
    }

    /** Posts a JSON body to one of the service's ingestion paths with the write key; returns the status. */
    static int postEvents(HttpClient http, AppProcess app, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Sends a request with the admin key; returns the status. */
    int admin(AppProcess app, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Defines the benchmark funnel ({@link #defineFunnel(AppProcess)}) with an instance started for it and stopped after. */
    void defineFunnel(String name) throws Exception {
        AppProcess setup = start(name);
        try {
            defineFunnel(setup);
        } finally {
            setup.stop();
        }
    }

    /** The benchmark funnel as the only funnel, its (empty) backfill done. */
    void defineFunnel(AppProcess app) throws Exception {
        int deleted = admin(app, "DELETE", "/v1/funnels/customer-journey", null);
        int created = admin(app, "POST", "/v1/funnels", BenchFunnel.definitionJson());
        if (deleted / 100 != 2 || created != 201) {
            throw new IllegalStateException("could not set up the funnels: delete " + deleted + ", create " + created);
        }
        ServiceMetrics metrics = new ServiceMetrics(app.baseUrl(), READ_KEY);
        for (int i = 0; i < 600 && !metrics.get("/v1/funnels/" + BenchFunnel.ID).contains("\"done\""); i++) {
            Thread.sleep(100);
        }
    }
}

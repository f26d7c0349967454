package dev.touchpoint.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.touchpoint.support.AppProcess;
import dev.touchpoint.support.Ports;

/**
 * {@code deploy/aot-cache} as the container image runs it: trains a cache for the packaged
 * application, and the JVM then starts the service with it under {@code -XX:AOTMode=on}, which
 * makes the JVM refuse to start at all when the cache cannot be used (stale jars, another JDK,
 * other paths). Needs a JDK 25 or later beside the one running the tests (system property
 * {@code aot.java}, else the newest under /usr/lib/jvm); without one the test is skipped, saying so.
 */
class AotCacheIT {

    private static final int FIRST_AOT_RELEASE = 25;

    @TempDir
    Path scratch;

    @Test
    void theTrainedCacheIsAcceptedAndTheServiceStartsWithIt() throws Exception {
        Optional<Path> java = aotJava();
        assumeTrue(java.isPresent(), "no JDK " + FIRST_AOT_RELEASE + "+ here (set -Daot.java=/path/to/bin/java)");
        Path app = scratch.resolve("app");
        copyTree(Path.of(System.getProperty("touchpoint.app.jar")).getParent(), app);

        ProcessBuilder training = new ProcessBuilder("bash", Path.of("deploy", "aot-cache").toAbsolutePath().toString(),
                app.toString()).redirectErrorStream(true).redirectOutput(scratch.resolve("training.log").toFile());
        training.environment().put("AOT_JAVA", java.get().toString());
        training.environment().put("AOT_PORT", String.valueOf(Ports.free()));
        Process trained = training.start();
        assertTrue(trained.waitFor(5, TimeUnit.MINUTES), "training did not end within 5 minutes");
        assertEquals(0, trained.exitValue(), "deploy/aot-cache failed:\n" + read(scratch.resolve("training.log")));
        assertTrue(Files.size(app.resolve("app.aot")) > 10_000_000, "app.aot is too small to hold the application's classes");

        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(java.get().toString()));
        command.addAll(AppProcess.DOCUMENTED_JVM_OPTIONS);
        command.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=app.aot", "-jar", "quarkus-run.jar"));
        AppProcess service = AppProcess.start(command, app, Map.of("QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", String.valueOf(port), "TOUCHPOINT_DATA_DIR", scratch.resolve("data").toString(),
                "TOUCHPOINT_KAFKA_EMBEDDED_PORT", "0", "TOUCHPOINT_AUTH_WRITE_KEY", "aot-it-write",
                "TOUCHPOINT_AUTH_READ_KEY", "aot-it-read", "TOUCHPOINT_AUTH_ADMIN_KEY", "aot-it-admin"),
                scratch.resolve("service.log"));
        try {
            HttpResponse<String> accepted = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1/events"))
                            .header("Authorization", "Bearer aot-it-write").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"aot\",\"type\":\"purchase\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, accepted.statusCode(), accepted.body());
        } finally {
            service.stop();
        }
    }

    /** The java of the newest JDK with an AOT cache: {@code aot.java}, else the newest such JDK under /usr/lib/jvm. */
    private static Optional<Path> aotJava() throws IOException {
        String given = System.getProperty("aot.java");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> release(h) >= FIRST_AOT_RELEASE && Files.isExecutable(h.resolve("bin/java")))
                    .max(Comparator.comparingInt(AotCacheIT::release)).map(h -> h.resolve("bin/java"));
        }
    }

    /** The feature release a JDK's {@code release} file names (JAVA_VERSION="25.0.3"), or 0. */
    private static int release(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Integer.parseInt(line.replaceAll("JAVA_VERSION=\"(\\d+).*", "$1"));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Copies the application's directory keeping modification times, which the cache checks its jars by. */
    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from)) {
            all = walk.toList();
        }
        for (Path source : all) {
            Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else if (!source.getFileName().toString().equals("app.aot")) {
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file + ")";
    }
}

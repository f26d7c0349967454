package dev.touchpoint.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, from the system
 * property {@code touchpoint.app.jar}) running as a real child process, as a user runs it.
 */
public final class AppProcess {

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private AppProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * The JVM options the README's run command and {@code deploy/touchpoint.service} give: a
     * heap cap, without which the JVM sizes its heap from the machine (a quarter of its memory).
     */
    public static final List<String> DOCUMENTED_JVM_OPTIONS = List.of("-Xmx512m");

    /** Starts the jar with these environment variables (QUARKUS_HTTP_PORT among them) and waits until it is ready. */
    public static AppProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        return start(env, List.of(), log);
    }

    /** As {@link #start(Map, Path)}, with these options for the JVM after the documented ones (e.g. a flight recording). */
    public static AppProcess start(Map<String, String> env, List<String> jvmOptions, Path log)
            throws IOException, InterruptedException {
        String jar = System.getProperty("touchpoint.app.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the packaged app (system property touchpoint.app.jar) is missing: " + jar);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DOCUMENTED_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        return start(command, null, env, log);
    }

    /**
     * Runs this command line (a java launching the service) in {@code directory} (null: this
     * process's), with these environment variables (QUARKUS_HTTP_PORT among them), and waits
     * until it is ready.
     */
    public static AppProcess start(List<String> command, Path directory, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(env);
        Process started = pb.start();
        // Should this JVM be torn down mid-test (a CI timeout), take the child along.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        AppProcess app = new AppProcess(started, log, "http://127.0.0.1:" + env.get("QUARKUS_HTTP_PORT"));
        app.awaitReady();
        return app;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the app was not ready within 90 s; see " + log);
            }
            Thread.sleep(250);
        }
    }

    /** SIGKILL, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, forcibly if it will not stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Writes the process's thread dump ({@code jcmd PID Thread.print}) to a file, and says where; a failed dump is said too. */
    public void dumpThreads(Path file) {
        if (!process.isAlive()) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (dump.waitFor(30, TimeUnit.SECONDS) && dump.exitValue() == 0) {
                System.err.println("thread dump of the app: " + file);
            } else {
                dump.destroyForcibly();
                System.err.println("no thread dump of the app (jcmd failed or took over 30 s): " + file);
            }
        } catch (IOException e) {
            System.err.println("no thread dump of the app: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void printLogTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            System.err.println("----- last " + lines + " lines of " + log);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.err::println);
        } catch (IOException e) {
            System.err.println("could not read " + log + ": " + e);
        }
    }
}

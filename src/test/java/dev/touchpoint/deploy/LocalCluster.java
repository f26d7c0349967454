package dev.touchpoint.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy/local-cluster} driven from a test: the same script a user runs, so the fault
 * test exercises what the docs describe. Each command's output goes to the test's log.
 */
final class LocalCluster implements AutoCloseable {

    private final Map<String, String> env = new HashMap<>();
    private final Path dir;

    LocalCluster(Path dir, int instances) {
        this.dir = dir;
        env.put("LC_DIR", dir.toString());
        env.put("LC_INSTANCES", String.valueOf(instances));
        env.put("LC_PORT_BASE", System.getProperty("lc.port.base", "29000"));
    }

    /** Runs {@code deploy/local-cluster ARGS}; fails on a non-zero exit. Returns its output. */
    String run(Map<String, String> extra, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("deploy/local-cluster"));
        command.addAll(List.of(args));
        // Not under dir: `clean` deletes that.
        Path out = Files.createTempFile("local-cluster-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        int status = pb.start().waitFor();
        String output = Files.readString(out);
        Files.delete(out);
        System.out.print(output);
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + status + ": " + output);
        }
        return output;
    }

    String run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** The value of one line of {@code local-cluster env}. */
    String setting(String name) throws IOException, InterruptedException {
        return run("env").lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElseThrow();
    }

    String baseUrl(int instance) throws IOException, InterruptedException {
        return "http://127.0.0.1:" + (Integer.parseInt(setting("LC_HTTP_PORT_BASE")) + instance);
    }

    @Override
    public void close() throws Exception {
        if (Boolean.getBoolean("lc.keep")) {
            run("stop");
        } else {
            run("clean");
        }
    }
}

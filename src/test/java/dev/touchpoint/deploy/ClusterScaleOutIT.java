package dev.touchpoint.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * Issue 20's scale-out figure: attribution events/s with one, two and three instances in one
 * group, beside each other in one run. The same events are posted once; then each group size
 * attributes the whole topic from its beginning into a database of its own, and the rate is
 * taken between 10 % and 90 % stored (so the start of the instances is not counted). Nothing is
 * asserted about speed: the figure is printed, and the docs say what it means on two cores.
 */
class ClusterScaleOutIT {

    private static final int EVENTS = Integer.getInteger("scale.events", 60_000);

    @Test
    void attributionRateWithOneTwoAndThreeInstances() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "local-cluster-");
        Map<Integer, String> figures = new LinkedHashMap<>();
        try (LocalCluster cluster = new LocalCluster(dir, 1)) {
            cluster.run("start");
            String jdbc = cluster.setting("LC_JDBC_URL");
            long posted;
            try (RetryingClients clients = new RetryingClients("scale-" + UUID.randomUUID(), 2000)) {
                clients.instances.add(cluster.baseUrl(1));
                clients.start(4, 1000, 0);
                while (clients.acknowledged.size() < EVENTS) {
                    Thread.sleep(100);
                }
                clients.close();
                posted = clients.acknowledged.size();
            }
            awaitCount(jdbc, posted);
            cluster.run("stop-instance", "1");

            for (int k = 1; k <= 3; k++) {
                String db = "scale_" + k;
                String url = jdbc.substring(0, jdbc.lastIndexOf('/') + 1) + db;
                sql(jdbc, "create database " + db);
                List<CompletableFuture<String>> starts = new ArrayList<>();
                for (int i = 1; i <= k; i++) {
                    String instance = String.valueOf(i);
                    starts.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return cluster.run(Map.of("LC_DB", db), "start-instance", instance);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                long[] at = new long[2];
                while (true) {
                    long stored = count(url);
                    long now = System.nanoTime();
                    if (at[0] == 0 && stored >= posted / 10) {
                        at[0] = now;
                    }
                    if (stored >= posted * 9 / 10) {
                        at[1] = now;
                        break;
                    }
                    Thread.sleep(100);
                }
                starts.forEach(CompletableFuture::join);
                awaitCount(url, posted);
                double rate = posted * 0.8 / ((at[1] - at[0]) / 1e9);
                figures.put(k, String.format("%,.0f events/s", rate));
                System.out.printf("ClusterScaleOutIT: %d instance(s): %s%n", k, figures.get(k));
                for (int i = 1; i <= k; i++) {
                    cluster.run("stop-instance", String.valueOf(i));
                }
                assertEquals(posted, count(url), "every event stored once with " + k + " instances");
            }
            System.out.println("ClusterScaleOutIT: " + posted + " events, 12 partitions, attribution rate (10 % to 90 % stored):");
            figures.forEach((k, f) -> System.out.printf("  %d instance(s): %s%n", k, f));
        }
    }

    private static void awaitCount(String url, long wanted) throws Exception {
        for (int i = 0; i < 3000 && count(url) < wanted; i++) {
            Thread.sleep(100);
        }
    }

    private static long count(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from touchpoint")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notMigratedYet) {
            return 0;
        }
    }

    private static void sql(String url, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}

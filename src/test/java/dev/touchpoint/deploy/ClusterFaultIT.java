package dev.touchpoint.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 20's fault test, on {@code deploy/local-cluster} (three brokers, replication factor 3,
 * {@code min.insync.replicas=2}, PostgreSQL, Touchpoint instances in one group): while clients
 * post with their own eventIds and retry 503s, an instance is killed with SIGKILL, the leader
 * of the busiest partition is killed, PostgreSQL restarts and an instance is added. Afterwards
 * every event answered 202 is stored exactly once and the flow endpoint equals a naive count
 * over the stored events. Runs only under {@code -Pfaults}; prints what it saw per fault.
 */
class ClusterFaultIT {

    private static final String TOPIC = "touchpoint.events";
    private static final int CUSTOMERS = 300;

    private final String run = "fault-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> report = new LinkedHashMap<>();
    private String jdbcUrl;

    @Test
    void nothingAcknowledgedIsLostOrCountedTwice() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "local-cluster-");
        try (LocalCluster cluster = new LocalCluster(dir, 2)) {
            cluster.run("start");
            jdbcUrl = cluster.setting("LC_JDBC_URL");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.setting("LC_BOOTSTRAP")));
                    RetryingClients clients = new RetryingClients(run, CUSTOMERS)) {
                clients.instances.addAll(List.of(cluster.baseUrl(1), cluster.baseUrl(2)));
                Instant begin = Instant.now();
                clients.start(3, 50, 60);
                Thread.sleep(10_000);

                fault("kill -9 instance 1 mid-batch", clients, () -> {
                    cluster.run("kill-instance", "1");
                    clients.instances.remove(cluster.baseUrl(1));
                });
                cluster.run("start-instance", "1");
                clients.instances.add(cluster.baseUrl(1));

                int leader = busiestPartitionLeader(admin);
                fault("kill -9 broker " + leader + " (leader of the busiest partition)", clients,
                        () -> cluster.run("kill-broker", String.valueOf(leader)));
                cluster.run("start-broker", String.valueOf(leader));
                awaitFullIsr(admin);

                fault("restart PostgreSQL", clients, () -> cluster.run("restart-postgres"));
                fault("add instance 3 (rebalance)", clients, () -> {
                    cluster.run("start-instance", "3");
                    clients.instances.add(cluster.baseUrl(3));
                });
                Thread.sleep(5_000);
                clients.close();

                awaitStored(clients.acknowledged, Duration.ofMinutes(5));
                check(clients, begin, cluster.baseUrl(2));
            }
        } finally {
            System.out.println("ClusterFaultIT " + run + ":");
            report.forEach((k, v) -> System.out.printf("  %-55s %s%n", k, v));
        }
    }

    private interface Fault {
        void inject() throws Exception;
    }

    /**
     * Injects a fault under load and measures its heal time: from the fault until every event
     * acknowledged before it is stored and a new event posted after it is acknowledged and stored.
     */
    private void fault(String name, RetryingClients clients, Fault fault) throws Exception {
        Set<String> before = new HashSet<>(clients.acknowledged);
        long retriesBefore = clients.retries.get();
        Instant start = Instant.now();
        fault.inject();
        Set<String> after;
        do {
            Thread.sleep(200);
            after = new HashSet<>(clients.acknowledged);
            after.removeAll(before);
        } while (after.isEmpty());
        String probe = after.iterator().next();
        Set<String> wanted = new HashSet<>(before);
        wanted.add(probe);
        awaitStored(wanted, Duration.ofMinutes(3));
        report.put(name, String.format("healed in %.1f s (%d posts retried)",
                Duration.between(start, Instant.now()).toMillis() / 1000.0, clients.retries.get() - retriesBefore));
    }

    private void awaitStored(Set<String> ids, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (storedOf(ids) < ids.size()) {
            if (Instant.now().isAfter(deadline)) {
                return; // check() reports what is missing
            }
            Thread.sleep(250);
        }
    }

    private long storedOf(Set<String> ids) throws Exception {
        Set<String> stored = storedIds();
        return ids.stream().filter(stored::contains).count();
    }

    private Set<String> storedIds() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select event_id from touchpoint where event_id like '" + run + "-%'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (java.sql.SQLException restarting) {
            // PostgreSQL is restarting: nothing stored yet, as far as this poll knows
        }
        return ids;
    }

    private void check(RetryingClients clients, Instant begin, String base) throws Exception {
        Map<String, List<Object[]>> journeys = new HashMap<>();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select event_id, journey_key, type, occurred_at from touchpoint"
                        + " where event_id like '" + run + "-%'")) {
            while (rs.next()) {
                rows++;
                journeys.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new Object[] { rs.getString(1),
                        RetryingClients.TYPE_BY_STAGE.indexOf(rs.getString(3)), rs.getTimestamp(4).toInstant() });
            }
        }
        Set<String> stored = storedIds();
        long lost = clients.acknowledged.stream().filter(id -> !stored.contains(id)).count();
        report.put("events acknowledged (202)", String.valueOf(clients.acknowledged.size()));
        report.put("acknowledged and lost", String.valueOf(lost));
        report.put("stored rows / distinct eventIds (duplicated)", rows + " / " + stored.size() + " (" + (rows - stored.size()) + ")");
        report.put("stored without a 202 (a client gave up)", String.valueOf(stored.size() - (clients.acknowledged.size() - lost)));
        assertEquals(0, lost, "acknowledged events lost");
        assertEquals(stored.size(), rows, "events stored twice");

        JsonNode flow = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                + "/v1/funnels/customer-journey/flow?window=P30D&from=" + begin.minus(Duration.ofHours(2)) + "&to="
                + Instant.now().plus(Duration.ofHours(1)))).header("Authorization", "Bearer lc-read").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<String> answered = new ArrayList<>();
        flow.get("stages").forEach(st -> answered.add(st.get("visits").asLong() + "/" + st.get("forward").asLong() + "/"
                + st.get("loopBack").asLong()));
        List<String> naive = NaiveFlow.perStage(journeys, RetryingClients.TYPE_BY_STAGE.size());
        report.put("flow visits/forward/loopBack per stage, endpoint", answered.toString());
        report.put("the same, naive over the stored events", naive.toString());
        assertEquals(naive, answered, "flow endpoint against a naive count over the stored events");
        assertTrue(journeys.size() > CUSTOMERS / 2, "journeys: " + journeys.size());
    }

    /** The leader of the partition with the most records. */
    private static int busiestPartitionLeader(Admin admin) throws Exception {
        TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topic.partitions().forEach(p -> latest.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        TopicPartitionInfo busiest = topic.partitions().stream().max((a, b) -> Long.compare(
                ends.get(new TopicPartition(TOPIC, a.partition())).offset(),
                ends.get(new TopicPartition(TOPIC, b.partition())).offset())).orElseThrow();
        return busiest.leader().id();
    }

    private static void awaitFullIsr(Admin admin) throws Exception {
        for (int i = 0; i < 600; i++) {
            TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            if (topic.partitions().stream().allMatch(p -> p.isr().size() == 3)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the restarted broker did not rejoin every ISR within 60 s");
    }
}

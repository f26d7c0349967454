package dev.touchpoint.deploy;

import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.kafka.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The files under {@code deploy/} cannot be run here (no container engine), so they are held
 * to the running service: every file parses, every environment variable they name is a real
 * setting, every probe path answers, every metric the dashboard draws is published, and every
 * image is pinned to a version.
 */
@QuarkusTest
class DeployFilesTest {

    /** Variables that are not settings of the application but of its container's entry point. */
    private static final Set<String> ENTRYPOINT_VARIABLES = Set.of("JAVA_OPTS_APPEND");
    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "by", "without", "on", "ignoring", "and", "or", "unless", "histogram_quantile", "topk", "offset");

    @Inject
    KafkaClients clients;
    @Inject
    EventTopic topic;

    @Test
    void everyFileParses() throws Exception {
        Map<java.nio.file.Path, List<Object>> yaml = DeployFiles.yamlFiles();
        assertTrue(yaml.size() >= 12, "YAML files found: " + yaml.keySet());
        yaml.forEach((path, docs) -> assertFalse(docs.isEmpty() || docs.contains(null), path + " has an empty document"));
        for (Object resource : DeployFiles.list(DeployFiles.map(DeployFiles.yaml("kubernetes/kustomization.yaml").get(0))
                .get("resources"))) {
            assertTrue(Files.isRegularFile(DeployFiles.DIR.resolve("kubernetes").resolve((String) resource)),
                    "kustomization lists " + resource);
        }
        JsonNode dashboard = DeployFiles.dashboard();
        assertTrue(dashboard.get("panels").size() >= 6, "dashboard panels");
        Set<String> kinds = new TreeSet<>();
        DeployFiles.kubernetes().forEach(d -> kinds.add((String) d.get("kind")));
        assertTrue(kinds.containsAll(Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "Deployment", "Service",
                "PodDisruptionBudget", "Secret")), "Kubernetes kinds: " + kinds);
    }

    @Test
    void everyEnvironmentVariableIsASetting() throws Exception {
        Set<String> settings = new HashSet<>();
        touchpointProperties("touchpoint", TouchpointConfig.class, settings);
        ConfigProvider.getConfig().getPropertyNames().forEach(p -> {
            if (p.startsWith("quarkus.")) {
                settings.add(p);
            }
        });
        Set<String> kafka = new HashSet<>(ProducerConfig.configNames());
        kafka.addAll(ConsumerConfig.configNames());
        kafka.addAll(AdminClientConfig.configNames());
        kafka.forEach(k -> settings.add("kafka." + k));
        Set<String> known = new HashSet<>();
        settings.forEach(p -> known.add(p.toUpperCase().replaceAll("[^A-Z0-9]", "_")));

        Map<String, String> named = DeployFiles.touchpointEnvironment();
        assertTrue(named.size() >= 15, "variables found: " + named);
        named.forEach((variable, where) -> {
            if (ENTRYPOINT_VARIABLES.contains(variable)) {
                assertTrue(String.join("\n", DeployFiles.dockerInstructions("ENTRYPOINT")).contains("$" + variable),
                        variable + " is used by the entry point");
            } else {
                assertTrue(known.contains(variable), variable + " (" + where + ") is no setting of Touchpoint, Quarkus or the Kafka clients");
            }
        });
    }

    @Test
    void everyProbePathAnswers() {
        Set<String> paths = DeployFiles.probePaths();
        assertTrue(paths.containsAll(Set.of("/q/health/ready", "/q/health/live", "/q/metrics")), "probes: " + paths);
        for (String path : paths) {
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    void everyDashboardMetricIsPublished() throws Exception {
        writer().body("{\"customerId\":\"" + uniqueCustomer("deploy") + "\",\"type\":\"purchase\"}").post("/v1/events")
                .then().statusCode(202);
        writer().body("{\"customerId\":\"c\",\"type\":\"NOPE\"}").post("/v1/events").then().statusCode(400);
        try (KafkaProducer<String, byte[]> producer = clients.producer(5000)) {
            // A dead letter, so that its counter exists.
            producer.send(new ProducerRecord<>(topic.name(), "deploy", "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get(5, TimeUnit.SECONDS);
        }
        Set<String> wanted = dashboardMetrics();
        assertTrue(wanted.contains("touchpoint_consumer_dead_letters_total"), "dashboard metrics: " + wanted);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> published = publishedMetrics();
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(published);
            assertEquals(Set.of(), missing, "metrics the dashboard queries that /q/metrics lacks");
        });
    }

    @Test
    void everyImageIsPinned() {
        Set<String> images = new TreeSet<>();
        DeployFiles.dockerInstructions("FROM").forEach(f -> images.add(f.split("\\s+")[0]));
        DeployFiles.map(DeployFiles.map(DeployFiles.yaml("compose.yaml").get(0)).get("services"))
                .forEach((name, s) -> images.add((String) DeployFiles.map(s).get("image")));
        Map<String, String> tags = new java.util.HashMap<>();
        Object kustomizeImages = DeployFiles.map(DeployFiles.yaml("kubernetes/kustomization.yaml").get(0)).get("images");
        DeployFiles.list(kustomizeImages).forEach(i -> tags.put((String) DeployFiles.map(i).get("name"),
                DeployFiles.map(i).get("newName") + ":" + DeployFiles.map(i).get("newTag")));
        DeployFiles.containers().forEach(c -> images.add(tags.getOrDefault((String) c.get("image"), (String) c.get("image"))));
        assertTrue(images.size() >= 7, "images: " + images);
        Pattern pinned = Pattern.compile("[^:@]+(:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*|@sha256:[0-9a-f]{64})");
        for (String image : images) {
            assertTrue(pinned.matcher(image).matches() && !image.endsWith(":latest"), image + " is not pinned to a version");
        }
        for (Map<String, Object> kafka : DeployFiles.ofKind("Kafka")) {
            Object version = DeployFiles.map(DeployFiles.map(kafka.get("spec")).get("kafka")).get("version");
            assertTrue(String.valueOf(version).matches("\\d+\\.\\d+\\.\\d+"), "Strimzi Kafka version pinned: " + version);
        }
    }

    /** Touchpoint's property names, from the @ConfigMapping interface itself. */
    private static void touchpointProperties(String prefix, Class<?> type, Set<String> names) {
        for (Method m : type.getDeclaredMethods()) {
            String name = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == TouchpointConfig.class) {
                touchpointProperties(name, m.getReturnType(), names);
            } else {
                names.add(name);
            }
        }
    }

    private static Set<String> dashboardMetrics() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : DeployFiles.dashboard().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText()
                        .replaceAll("\\{[^}]*}", " ") // label matchers
                        .replaceAll("\\[[^]]*]", " ") // ranges
                        .replaceAll("(by|without)\\s*\\([^)]*\\)", " "); // grouping labels
                Matcher word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(expr);
                while (word.find()) {
                    String w = word.group();
                    int end = word.end();
                    boolean call = expr.substring(end).stripLeading().startsWith("(");
                    if (!call && !PROMQL.contains(w)) {
                        names.add(w);
                    }
                }
            }
        }
        return names;
    }

    private static Set<String> publishedMetrics() {
        Set<String> names = new HashSet<>();
        given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}

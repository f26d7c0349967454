package dev.touchpoint.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The metric endpoints of the running service, read into {@link Figures}. */
final class ServiceMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String readKey;

    ServiceMetrics(String baseUrl, String readKey) {
        this.baseUrl = baseUrl;
        this.readKey = readKey;
    }

    /** The path and query of one metric, e.g. {@code flow}, {@code conversion?mode=skip}, with the range. */
    static String path(String funnel, String metric, Instant from, Instant to) {
        return "/v1/funnels/" + funnel + "/" + metric + (metric.contains("?") ? "&" : "?") + "from=" + from + "&to=" + to;
    }

    /** GET, expecting 200; the body. */
    String get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Authorization", "Bearer " + readKey).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static Figures.Flow flow(String body) throws Exception {
        return flow(JSON.readTree(body));
    }

    /** A flow body's breakdown by property, each group under its value, "(null)" or "(other)". */
    static Map<String, Figures.Flow> flowByProperty(String body) throws Exception {
        Map<String, Figures.Flow> groups = new java.util.TreeMap<>();
        for (JsonNode group : JSON.readTree(body).get("breakdown")) {
            String key = group.get("other").asBoolean() ? "(other)" : group.get("value").isNull() ? "(null)"
                    : group.get("value").asText();
            groups.put(key, flow(group));
        }
        return groups;
    }

    private static Figures.Flow flow(JsonNode root) {
        Map<String, Long> transitions = new java.util.TreeMap<>();
        for (JsonNode t : root.get("transitions")) {
            transitions.put(t.get("from").asText() + ">" + t.get("to").asText(), t.get("count").asLong());
        }
        return new Figures.Flow(stages(root.get("stages")), transitions);
    }

    static Figures.Trends trends(String body) throws Exception {
        Map<Long, List<List<Long>>> days = new java.util.TreeMap<>();
        for (JsonNode bucket : JSON.readTree(body).get("buckets")) {
            List<List<Long>> stages = stages(bucket.get("stages"));
            if (stages.stream().anyMatch(s -> s.get(0) > 0)) {
                days.put(Instant.parse(bucket.get("start").asText()).getEpochSecond() / 86_400, stages);
            }
        }
        return new Figures.Trends(days);
    }

    static Figures.Conversion conversion(String body) throws Exception {
        List<Long> customers = new ArrayList<>();
        for (JsonNode step : JSON.readTree(body).get("steps")) {
            customers.add(step.get("customers").asLong());
        }
        return new Figures.Conversion(customers);
    }

    /** Rule-model credit per stage, channel and kind, from a {@code /channels} body. */
    static Figures.Credit credit(String body) throws Exception {
        Map<String, Double> values = new java.util.TreeMap<>();
        for (JsonNode stage : JSON.readTree(body).get("stages")) {
            for (JsonNode c : stage.get("channels")) {
                for (String kind : List.of("advancement", "loopBack")) {
                    if (c.get(kind).asDouble() != 0) {
                        values.put(stage.get("stage").asText() + "|" + c.get("channel").asText() + "|" + kind,
                                c.get(kind).asDouble());
                    }
                }
            }
        }
        return new Figures.Credit(values);
    }

    /** Markov removal effects per channel, from a {@code /channels?model=markov} body. */
    static Figures.Credit markov(String body) throws Exception {
        Map<String, Double> values = new java.util.TreeMap<>();
        for (JsonNode c : JSON.readTree(body).get("channels")) {
            values.put(c.get("channel").asText(), c.get("removalEffect").asDouble());
        }
        return new Figures.Credit(values);
    }

    /** Visits of the first stage, from a flow body: how the freshness probe sees its events. */
    static long firstStageVisits(String flowBody) throws Exception {
        return JSON.readTree(flowBody).get("stages").get(0).get("visits").asLong();
    }

    private static List<List<Long>> stages(JsonNode stages) {
        Map<String, List<Long>> byKey = new HashMap<>();
        for (JsonNode s : stages) {
            byKey.put(s.get("stage").asText(), List.of(s.get("visits").asLong(), s.get("forward").asLong(),
                    s.get("loopBack").asLong(), s.get("stalled").asLong()));
        }
        List<List<Long>> ordered = new ArrayList<>();
        for (String key : BenchFunnel.STAGES) {
            ordered.add(byKey.get(key));
        }
        return ordered;
    }
}

package dev.touchpoint.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the files under {@code deploy/} say, read the way Docker, Compose, kustomize,
 * Prometheus and Grafana read them: the environment variables they hand to Touchpoint, the
 * probe paths, the images and the PromQL of the dashboard. A container engine cannot run
 * here, so {@link DeployFilesTest} checks these against the running service instead.
 */
final class DeployFiles {

    static final Path DIR = Path.of("deploy");
    private static final Pattern ENV_LINE = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=", Pattern.MULTILINE);

    private DeployFiles() {
    }

    static String read(String relative) {
        try {
            return Files.readString(DIR.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML file under deploy/, each as its list of documents. */
    static Map<Path, List<Object>> yamlFiles() throws IOException {
        Map<Path, List<Object>> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList()) {
                List<Object> docs = new ArrayList<>();
                new Yaml(new LoaderOptions()).loadAll(Files.readString(p)).forEach(docs::add);
                all.put(p, docs);
            }
        }
        return all;
    }

    static List<Object> yaml(String relative) {
        List<Object> docs = new ArrayList<>();
        new Yaml(new LoaderOptions()).loadAll(read(relative)).forEach(docs::add);
        return docs;
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(read("grafana/dashboards/touchpoint.json"));
    }

    /** The Kubernetes documents of every resource kustomization.yaml lists, by kind. */
    static List<Map<String, Object>> kubernetes() {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object resource : list(map(yaml("kubernetes/kustomization.yaml").get(0)).get("resources"))) {
            yaml("kubernetes/" + resource).forEach(d -> docs.add(map(d)));
        }
        return docs;
    }

    static List<Map<String, Object>> ofKind(String kind) {
        return kubernetes().stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The services of compose.yaml that run the Touchpoint image. */
    static Map<String, Map<String, Object>> composeTouchpoints() {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(map(yaml("compose.yaml").get(0)).get("services")).forEach((name, service) -> {
            if (String.valueOf(map(service).get("image")).startsWith("touchpoint:")) {
                found.put(name, map(service));
            }
        });
        return found;
    }

    /** Every environment variable a deploy file hands to a Touchpoint process, with where it is named. */
    static Map<String, String> touchpointEnvironment() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String instruction : dockerInstructions("ENV")) {
            Matcher pair = Pattern.compile("([A-Z][A-Z0-9_]*)=").matcher(instruction);
            while (pair.find()) {
                names.put(pair.group(1), "Dockerfile");
            }
        }
        composeTouchpoints().forEach((name, service) -> map(service.get("environment")).keySet()
                .forEach(k -> names.put(k, "compose.yaml " + name)));
        for (Map<String, Object> doc : kubernetes()) {
            Object data = "ConfigMap".equals(doc.get("kind")) ? doc.get("data")
                    : "Secret".equals(doc.get("kind")) ? doc.get("stringData") : null;
            if (data != null) {
                map(data).keySet().forEach(k -> names.put(k, "kubernetes " + doc.get("kind")));
            }
        }
        for (Map<String, Object> container : containers()) {
            if (container.get("env") != null) {
                list(container.get("env")).forEach(e -> names.put((String) map(e).get("name"), "kubernetes Deployment"));
            }
        }
        Matcher line = ENV_LINE.matcher(read("touchpoint.env.example"));
        while (line.find()) {
            names.put(line.group(1), "touchpoint.env.example");
        }
        return names;
    }

    static List<Map<String, Object>> containers() {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Map<String, Object> d : ofKind("Deployment")) {
            Map<String, Object> pod = map(map(map(d.get("spec")).get("template")).get("spec"));
            list(pod.get("containers")).forEach(c -> containers.add(map(c)));
        }
        return containers;
    }

    /** Paths of every HTTP probe: the Dockerfile's HEALTHCHECK, the Deployment's probes, Prometheus' scrape path. */
    static Set<String> probePaths() {
        Set<String> paths = new LinkedHashSet<>();
        for (String check : dockerInstructions("HEALTHCHECK")) {
            Matcher url = Pattern.compile("https?://[^/\\s]+(/\\S*)").matcher(check);
            while (url.find()) {
                paths.add(url.group(1));
            }
        }
        for (Map<String, Object> container : containers()) {
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                Object p = container.get(probe);
                if (p != null) {
                    paths.add((String) map(map(p).get("httpGet")).get("path"));
                }
            }
        }
        for (Object job : list(map(yaml("prometheus/prometheus.yml").get(0)).get("scrape_configs"))) {
            paths.add((String) map(job).get("metrics_path"));
        }
        return paths;
    }

    /** The Dockerfile's instructions of this kind, continuation lines joined, without the keyword. */
    static List<String> dockerInstructions(String keyword) {
        List<String> found = new ArrayList<>();
        for (String line : read("Dockerfile").replace("\\\n", " ").lines().toList()) {
            if (line.startsWith(keyword + " ")) {
                found.add(line.substring(keyword.length() + 1).trim());
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}

package dev.touchpoint.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package graph of {@code src/main/java} read from the sources: no cycle between packages,
 * no package over {@value #MOST_CLASSES} classes, and the journey model free of JDBC and CDI,
 * so that its tests run without Quarkus. The README's anatomy draws the same graph.
 */
class PackageGraphTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/touchpoint");
    private static final String ROOT = "dev.touchpoint.";
    private static final int MOST_CLASSES = 25;

    @Test
    void packagesDependOneWay() throws IOException {
        Map<String, Set<String>> graph = PackageGraph.read(SOURCES, ROOT);
        assertTrue(graph.size() > 5, "the sources were not found: " + graph.keySet());
        List<List<String>> cycles = PackageGraph.cycles(graph);
        assertEquals(List.of(), cycles, "packages that import each other, directly or around a cycle");
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(List.of("a", "b", "c")), PackageGraph.cycles(graph));
    }

    @Test
    void noPackageIsOverfull() throws IOException {
        Map<String, Integer> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> sizes.merge(SOURCES.relativize(f.getParent()).toString(), 1, Integer::sum));
        }
        List<String> overfull = new ArrayList<>();
        sizes.forEach((pkg, n) -> {
            if (n > MOST_CLASSES) {
                overfull.add(pkg + " (" + n + ")");
            }
        });
        assertEquals(List.of(), overfull, "packages over " + MOST_CLASSES + " classes");
    }

    @Test
    void theJourneyModelIsPlainJava() throws IOException {
        Set<String> offending = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("journey"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.matches("import (java\\.sql|javax\\.sql|jakarta|io\\.quarkus|org\\.hibernate)\\..*")) {
                        offending.add(f.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertEquals(Set.of(), offending, "the journey model knows no database and no container");
        Map<String, Set<String>> graph = PackageGraph.read(SOURCES, ROOT);
        Set<String> deps = graph.get("journey");
        assertTrue(Set.of("funnel").containsAll(deps), "the journey model may only know the funnel model: " + deps);
        Set<String> credit = graph.get("journey.credit");
        assertTrue(Set.of("journey").containsAll(credit), "channel credit may only know the journey model: " + credit);
    }
}

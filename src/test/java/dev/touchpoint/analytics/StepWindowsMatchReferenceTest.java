package dev.touchpoint.analytics;

import static dev.touchpoint.analytics.MetricsMatchReferenceTest.exact;
import static dev.touchpoint.analytics.MetricsMatchReferenceTest.instant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code conversion?stepWindows=} against {@link ReferenceMetrics}' chains tried one by one, over
 * random journeys posted in random order through the API, among them journeys on which taking
 * the first next-stage event misses the level (A@0h, B@2h, B@20h, C@40h, D@60h under one-day
 * steps): every step's customers, rates, median and time-to-convert buckets, overall and per
 * channel, in both modes, for several step windows, windows and ranges that cut journeys.
 * With every step window at P365D the counts are those of the endpoint without step windows,
 * which ties the journey scan to the rows attribution keeps.
 */
@QuarkusTest
class StepWindowsMatchReferenceTest {

    private static final int STAGES = 4;
    private static final String[] CHANNELS = { "tiktok", "email", "store", "web" };
    private static final Instant DAY_0 = Instant.parse("2025-06-01T00:00:00Z");
    private static final String UNBOUNDED = "P365D,P365D,P365D";

    @Test
    void conversionUnderStepWindowsMatchesTheReference() {
        Random random = new Random(1612);
        String prefix = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String funnel = Funnels.uniqueId("steps");
        Funnels.create(Funnels.definition(funnel, prefix, STAGES));
        Funnels.awaitBackfillDone(funnel);

        Map<String, List<AttributedEvent>> journeys = new HashMap<>();
        List<String[]> posts = new ArrayList<>();
        for (int c = 0; c < 220; c++) {
            String customer = prefix + "-c" + c;
            Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            for (int i = 0, n = 1 + random.nextInt(10); i < n; i++) {
                // Gaps around the step windows asked for: ties, minutes, hours, a day exactly, days.
                int gap = random.nextInt(10);
                t = t.plus(gap == 0 ? Duration.ZERO
                        : gap == 1 ? Duration.ofDays(1)
                        : gap < 5 ? Duration.ofMinutes(random.nextInt(6 * 60))
                        : gap < 8 ? Duration.ofMinutes(random.nextInt(3 * 24 * 60))
                        : Duration.ofDays(2 + random.nextInt(8)));
                int stage = random.nextInt(STAGES + 1) - 1; // -1: a type no rule matches
                add(journeys, posts, prefix, customer, customer + "-e" + i, stage, t, random);
            }
        }
        // Greedy fails: the first B is too far from every C, a later one is not.
        List<String> greedyMisses = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            String customer = prefix + "-g" + c;
            greedyMisses.add(customer);
            Instant t0 = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            int[] hours = { 0, 2, 20, 40, 60 };
            int[] stages = { 0, 1, 1, 2, 3 };
            for (int i = 0; i < hours.length; i++) {
                add(journeys, posts, prefix, customer, customer + "-e" + i, stages[i], t0.plus(Duration.ofHours(hours[i])),
                        random);
            }
            if (random.nextBoolean()) { // a second try some days later
                add(journeys, posts, prefix, customer, customer + "-x", 0, t0.plus(Duration.ofDays(3)), random);
            }
        }
        Collections.shuffle(posts, random);
        List<String[]> firstRound = posts.subList(0, posts.size() / 2);
        Set<String> firstIds = firstRound.stream().map(p -> p[1]).collect(Collectors.toSet());
        Map<String, List<AttributedEvent>> firstJourneys = new HashMap<>();
        journeys.forEach((customer, events) -> events.stream().filter(e -> firstIds.contains(e.eventId()))
                .forEach(e -> firstJourneys.computeIfAbsent(customer, k -> new ArrayList<>()).add(e)));
        MetricsMatchReferenceTest.postAndAwait(funnel, STAGES, firstRound, firstJourneys);
        MetricsMatchReferenceTest.postAndAwait(funnel, STAGES, posts.subList(posts.size() / 2, posts.size()), journeys);

        Map<String, ReferenceMetrics.EarliestChain> oneDay = ReferenceMetrics.earliestChains(journeys, DAY_0,
                DAY_0.plus(Duration.ofDays(30)), Duration.ofDays(30), steps("P1D,P1D,P1D"), false);
        assertTrue(greedyMisses.stream().allMatch(c -> oneDay.get(c).level() == STAGES),
                "the greedy-miss journeys reach the last stage through the later B");

        String[][] ranges = { { "2025-06-01", "2025-07-01" }, { "2025-06-05", "2025-06-12" },
                { "2025-06-04T07:15:00Z", "2025-06-19T13:45:30.500Z" }, { "2025-06-03T06:30:00Z", "2025-06-03T18:00:00Z" } };
        String[] stepLists = { "P1D,P1D,P1D", "PT6H,P2D,PT1H", "PT30M,PT12H,P3D", "PT1H,PT1H,PT1H", UNBOUNDED };
        int compared = 0;
        for (String[] range : ranges) {
            Instant from = instant(range[0]);
            Instant to = instant(range[1]);
            for (String window : new String[] { "P30D", "P3D", "PT36H" }) {
                for (String stepWindows : stepLists) {
                    for (boolean skip : new boolean[] { false, true }) {
                        String what = (skip ? "skip " : "strict ") + range[0] + ".." + range[1] + " window " + window
                                + " stepWindows " + stepWindows;
                        Map<String, ReferenceMetrics.EarliestChain> expected = ReferenceMetrics.earliestChains(journeys,
                                from, to, Duration.parse(window), steps(stepWindows), skip);
                        JsonNode actual = conversion(funnel, range, window, skip, stepWindows);
                        assertEquals(Arrays.asList(stepWindows.split(",")), texts(actual.get("stepWindows")), what);
                        assertFalse(actual.get("medians").get("estimated").asBoolean(), what);
                        assertEquals(expected.size(), actual.get("medians").get("customers").asLong(), what);
                        assertSteps(ReferenceMetrics.timedSteps(expected.values(), STAGES), actual.get("steps"), what);
                        assertBreakdown(expected, actual, what);
                        if (stepWindows.equals(UNBOUNDED)) {
                            JsonNode stored = conversion(funnel, range, window, skip, null);
                            assertFalse(stored.has("stepWindows"), what);
                            assertEquals(customers(stored), customers(actual), what);
                            // The stored rows' step times give the same medians and buckets as the journeys read back.
                            assertEquals(stepTimes(stored), stepTimes(actual), what + " medians and time to convert");
                        }
                        compared += expected.size();
                    }
                }
            }
        }
        assertTrue(compared > 5_000, "too few customers compared: " + compared);
    }

    private static void add(Map<String, List<AttributedEvent>> journeys, List<String[]> posts, String prefix,
            String customer, String id, int stage, Instant t, Random random) {
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        String type = stage < 0 ? prefix + "_none" : prefix + "_" + (stage + 1);
        posts.add(new String[] { customer, id, type, channel, t.toString() });
        if (stage >= 0) {
            journeys.computeIfAbsent(customer, k -> new ArrayList<>()).add(new AttributedEvent(id, t, channel, stage));
        }
    }

    private static Duration[] steps(String list) {
        return Arrays.stream(list.split(",")).map(Duration::parse).toArray(Duration[]::new);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode conversion(String funnel, String[] range, String window, boolean skip, String stepWindows) {
        var request = exact().queryParam("from", range[0]).queryParam("to", range[1]).queryParam("window", window)
                .queryParam("mode", skip ? "skip" : "strict").queryParam("breakdown", "channel");
        if (stepWindows != null) {
            request = request.queryParam("stepWindows", stepWindows);
        }
        String body = request.get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(body, e);
        }
    }

    /** Customers per step, overall and per channel: "all [..]", then "channel [..]" for each. */
    private static List<String> customers(JsonNode report) {
        List<String> counts = new ArrayList<>();
        counts.add("all " + stepCustomers(report.get("steps")));
        for (JsonNode b : report.get("breakdown")) {
            counts.add(b.get("value").asText() + " " + stepCustomers(b.get("steps")));
        }
        return counts;
    }

    private static List<Long> stepCustomers(JsonNode steps) {
        List<Long> counts = new ArrayList<>();
        steps.forEach(step -> counts.add(step.get("customers").asLong()));
        return counts;
    }

    /** Per step, overall and per channel: the median and the time-to-convert counts, as text. */
    private static List<String> stepTimes(JsonNode report) {
        List<String> times = new ArrayList<>();
        List<JsonNode> groups = new ArrayList<>(List.of(report));
        report.get("breakdown").forEach(groups::add);
        for (JsonNode group : groups) {
            for (JsonNode step : group.get("steps")) {
                times.add(group.path("value").asText("all") + " " + step.get("stage").asText() + " "
                        + step.get("medianSecondsFromPrevious") + " " + step.get("timeToConvert"));
            }
        }
        return times;
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> texts = new ArrayList<>();
        nodes.forEach(n -> texts.add(n.isNull() ? "null" : n.asText()));
        return texts;
    }

    private static void assertBreakdown(Map<String, ReferenceMetrics.EarliestChain> expected, JsonNode actual, String what) {
        Map<String, List<ReferenceMetrics.EarliestChain>> byChannel = expected.values().stream()
                .collect(Collectors.groupingBy(ReferenceMetrics.EarliestChain::channel));
        List<String> channels = byChannel.keySet().stream().sorted().toList();
        assertEquals(channels, texts(actual.get("breakdown").findValues("value")), what + " breakdown channels");
        for (int i = 0; i < channels.size(); i++) {
            assertSteps(ReferenceMetrics.timedSteps(byChannel.get(channels.get(i)), STAGES),
                    actual.get("breakdown").get(i).get("steps"), what + " " + channels.get(i));
        }
    }

    private static void assertSteps(List<ReferenceMetrics.TimedStep> expected, JsonNode steps, String what) {
        assertEquals(STAGES, steps.size(), what);
        for (int k = 0; k < STAGES; k++) {
            ReferenceMetrics.TimedStep step = expected.get(k);
            JsonNode actual = steps.get(k);
            String where = what + " step " + (k + 1);
            assertEquals(step.customers(), actual.get("customers").asLong(), where + " customers");
            assertEquals(step.stepConversionRate(), number(actual, "stepConversionRate"), where + " step rate");
            assertEquals(step.overallConversionRate(), number(actual, "overallConversionRate"), where + " overall rate");
            assertEquals(step.median(), number(actual, "medianSecondsFromPrevious"), where + " median");
            if (step.buckets() == null) {
                assertTrue(actual.get("timeToConvert").isNull(), where + " timeToConvert");
                continue;
            }
            List<String> counts = texts(actual.get("timeToConvert").findValues("customers"));
            assertEquals(Arrays.stream(step.buckets()).mapToObj(Long::toString).toList(), counts, where + " timeToConvert");
            List<String> edges = new ArrayList<>();
            actual.get("timeToConvert").forEach(b -> edges.add(b.get("upTo").isNull() ? "null" : b.get("upTo").asText()));
            assertEquals(List.of("PT1M", "PT5M", "PT15M", "PT1H", "PT6H", "P1D", "P3D", "P7D", "P14D", "P30D", "null"),
                    edges, where + " upTo");
        }
    }

    private static Double number(JsonNode step, String field) {
        return step.get(field).isNull() ? null : step.get(field).doubleValue();
    }
}

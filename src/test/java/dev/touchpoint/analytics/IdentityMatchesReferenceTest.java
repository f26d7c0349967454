package dev.touchpoint.analytics;

import static dev.touchpoint.support.Api.admin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Identity resolution (SPEC §1.1) against a naive reference: owners decided first from every
 * link, block and explicit link, then each event's journey key, then {@link ReferenceMetrics}.
 * Random people with one or two devices, links at random positions of their journeys, late
 * links (posted in a later round than the events they re-resolve, some earlier in time than the
 * link that owned the device until then), devices linked to two customers, then unlinks and
 * explicit links through the admin API, and more events after them.
 */
@QuarkusTest
class IdentityMatchesReferenceTest {

    private static final int STAGES = 4;
    private static final String[] CHANNELS = { "tiktok", "email", "store", "web" };
    private static final Instant DAY_0 = Instant.parse("2025-06-01T00:00:00Z");

    /** One posted event: either id may be null; a link when both are given. */
    private record Posted(String customerId, String anonymousId, String eventId, String type, String channel,
            Instant at, int stage) {
    }

    private final List<Posted> stored = new ArrayList<>();
    private final Set<List<String>> blocked = new HashSet<>();
    private final Map<String, String> explicit = new HashMap<>();

    @Test
    void everyEndpointMatchesTheNaiveResolution() {
        Random random = new Random(1515);
        String prefix = "i" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String funnel = Funnels.uniqueId("idref");
        Funnels.create(Funnels.definition(funnel, prefix, STAGES));
        Funnels.awaitBackfillDone(funnel);

        List<String> customers = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        List<Posted> posts = new ArrayList<>();
        for (int p = 0; p < 160; p++) {
            String customer = prefix + "-c" + p;
            customers.add(customer);
            List<String> own = new ArrayList<>();
            for (int d = 0, n = 1 + random.nextInt(2); d < n; d++) {
                own.add(prefix + "-p" + p + "d" + d);
            }
            devices.addAll(own);
            boolean identified = random.nextDouble() < 0.7;
            Instant t = DAY_0.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
            for (int i = 0, n = 2 + random.nextInt(10); i < n; i++) {
                t = t.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                String device = own.get(random.nextInt(own.size()));
                double who = random.nextDouble();
                // Anonymous events, the customer's own, and links (both ids) at random positions.
                String c = identified && who >= 0.45 ? customer : null;
                String a = c == null || who < 0.75 ? device : null;
                posts.add(event(prefix, c, a, customer + "-e" + i, t, random));
            }
            if (identified) {
                for (String device : own) {
                    Instant at = DAY_0.plus(Duration.ofMinutes(random.nextInt(40 * 24 * 60)));
                    posts.add(event(prefix, customer, device, customer + "-link-" + device, at, random));
                }
            }
        }
        // Devices linked to a second customer as well: whichever link is earlier in time owns them.
        for (int i = 0; i < 40; i++) {
            String device = devices.get(random.nextInt(devices.size()));
            String other = customers.get(random.nextInt(customers.size()));
            Instant at = DAY_0.plus(Duration.ofMinutes(random.nextInt(40 * 24 * 60)));
            posts.add(event(prefix, other, device, other + "-x" + i + "-" + device, at, random));
        }
        Collections.shuffle(posts, random);
        // Two rounds: links of the second re-resolve history stored in the first.
        post(posts.subList(0, posts.size() / 2));
        awaitAgreement(funnel);
        post(posts.subList(posts.size() / 2, posts.size()));
        awaitAgreement(funnel);
        assertEveryEndpoint(funnel);
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-01-01T00:00:00Z");
        assertNotEquals(ReferenceMetrics.conversion(unresolved(), STAGES, from, to, Duration.ofDays(30), false).steps(),
                ReferenceMetrics.conversion(journeys(), STAGES, from, to, Duration.ofDays(30), false).steps(),
                "the data must be such that resolving identity changes the numbers");

        // Admin changes: unlink owners, link explicitly, then events of the devices that changed hands.
        Map<String, String> owners = owners();
        List<String> owned = new ArrayList<>(owners.keySet());
        Collections.sort(owned);
        Collections.shuffle(owned, random);
        for (String device : owned.subList(0, Math.min(25, owned.size()))) {
            admin().delete("/v1/customers/{id}/identities/{anon}", owners.get(device), device).then().statusCode(204);
            blocked.add(List.of(device, owners.get(device)));
        }
        for (int i = 0; i < 20; i++) {
            String device = devices.get(random.nextInt(devices.size()));
            String customer = customers.get(random.nextInt(customers.size()));
            admin().put("/v1/customers/{id}/identities/{anon}", customer, device).then().statusCode(200);
            explicit.put(device, customer);
            blocked.remove(List.of(device, customer));
        }
        assertEveryEndpoint(funnel);
        List<Posted> after = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String device = devices.get(random.nextInt(devices.size()));
            String customer = random.nextBoolean() ? customers.get(random.nextInt(customers.size())) : null;
            after.add(event(prefix, customer, device, prefix + "-after" + i,
                    DAY_0.plus(Duration.ofMinutes(random.nextInt(30 * 24 * 60))), random));
        }
        post(after);
        awaitAgreement(funnel);
        assertEveryEndpoint(funnel);
    }

    private static Posted event(String prefix, String customer, String device, String eventId, Instant at, Random random) {
        int stage = random.nextInt(STAGES + 1) - 1; // -1: a type no rule matches
        return new Posted(customer, device, eventId, stage < 0 ? prefix + "_none" : prefix + "_" + (stage + 1),
                CHANNELS[random.nextInt(CHANNELS.length)], at, stage);
    }

    private void post(List<Posted> posts) {
        Events events = new Events();
        posts.forEach(p -> events.addWith(p.customerId(), p.anonymousId(), p.eventId(), p.type(), p.channel(), p.at().toString()));
        events.post();
        stored.addAll(posts);
    }

    /** The reference's owners: explicit links first, else the earliest unblocked link by (timestamp, eventId). */
    private Map<String, String> owners() {
        Map<String, Posted> earliest = new HashMap<>();
        Comparator<Posted> order = Comparator.comparing(Posted::at).thenComparing(Posted::eventId);
        for (Posted p : stored) {
            if (p.customerId() != null && p.anonymousId() != null && !blocked.contains(List.of(p.anonymousId(), p.customerId()))) {
                earliest.merge(p.anonymousId(), p, (a, b) -> order.compare(a, b) <= 0 ? a : b);
            }
        }
        Map<String, String> owners = new HashMap<>();
        earliest.forEach((device, link) -> owners.put(device, link.customerId()));
        owners.putAll(explicit);
        return owners;
    }

    /** Journeys keyed as if there were no identity: customerId, else anonymousId. */
    private Map<String, List<AttributedEvent>> unresolved() {
        Map<String, List<AttributedEvent>> journeys = new HashMap<>();
        for (Posted p : stored) {
            if (p.stage() >= 0) {
                journeys.computeIfAbsent(p.customerId() != null ? p.customerId() : p.anonymousId(), k -> new ArrayList<>())
                        .add(new AttributedEvent(p.eventId(), p.at(), p.channel(), p.stage()));
            }
        }
        return journeys;
    }

    /** The reference's journeys: each event under its customerId, else its device's owner, else its device. */
    private Map<String, List<AttributedEvent>> journeys() {
        Map<String, String> owners = owners();
        Map<String, List<AttributedEvent>> journeys = new HashMap<>();
        for (Posted p : stored) {
            String key = p.customerId() != null ? p.customerId() : owners.getOrDefault(p.anonymousId(), p.anonymousId());
            if (p.stage() >= 0) {
                journeys.computeIfAbsent(key, k -> new ArrayList<>()).add(new AttributedEvent(p.eventId(), p.at(), p.channel(), p.stage()));
            }
        }
        return journeys;
    }

    private void awaitAgreement(String funnel) {
        Map<String, List<AttributedEvent>> journeys = journeys();
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-01-01T00:00:00Z");
        ReferenceMetrics.Flow expected = ReferenceMetrics.flow(journeys, STAGES, from, to, Duration.ofDays(3));
        ReferenceMetrics.Conversion conversion = ReferenceMetrics.conversion(journeys, STAGES, from, to, Duration.ofDays(30), false);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            MetricsMatchReferenceTest.assertFlow(expected, MetricsMatchReferenceTest.flow(funnel, "2025-01-01", "2026-01-01", "P3D"),
                    "flow, 2025");
            MetricsMatchReferenceTest.assertConversion(conversion, conversion(funnel, "2025-01-01", "2026-01-01", "P30D", false),
                    "conversion, 2025");
        });
    }

    private void assertEveryEndpoint(String funnel) {
        Map<String, List<AttributedEvent>> journeys = journeys();
        // Whole days and partial ones; a short window and the default (MetricsMatchReferenceTest covers more).
        String[][] ranges = { { "2025-06-01", "2025-07-01" }, { "2025-06-04T07:15:00Z", "2025-06-19T13:45:30Z" } };
        for (String[] range : ranges) {
            Instant from = MetricsMatchReferenceTest.instant(range[0]);
            Instant to = MetricsMatchReferenceTest.instant(range[1]);
            for (String window : new String[] { "P1D", "P30D" }) {
                Duration w = Duration.parse(window);
                String what = range[0] + ".." + range[1] + " " + window;
                JsonPath flow = MetricsMatchReferenceTest.flow(funnel, range[0], range[1], window);
                MetricsMatchReferenceTest.assertFlow(ReferenceMetrics.flow(journeys, STAGES, from, to, w), flow, "flow " + what);
                MetricsMatchReferenceTest.assertStallSplit(ReferenceMetrics.stallSplit(journeys, STAGES, from, to, w), flow,
                        "stages", "flow " + what);
                for (boolean skip : new boolean[] { false, true }) {
                    MetricsMatchReferenceTest.assertConversion(ReferenceMetrics.conversion(journeys, STAGES, from, to, w, skip),
                            conversion(funnel, range[0], range[1], window, skip), "conversion " + (skip ? "skip " : "strict ") + what);
                }
            }
        }
    }

    private static JsonPath conversion(String funnel, String from, String to, String window, boolean skip) {
        return MetricsMatchReferenceTest.exact().queryParam("from", from).queryParam("to", to).queryParam("window", window)
                .queryParam("mode", skip ? "skip" : "strict").queryParam("breakdown", "channel")
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200).extract().jsonPath();
    }
}

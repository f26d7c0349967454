package dev.touchpoint.consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.support.ConversionCellsCheck;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;

import static dev.touchpoint.support.Api.reader;

/**
 * A device's events and its owner's posted from both sides at once. A device's records (its
 * anonymous events and its link) are keyed by the device, the customer's own by the customer,
 * so they sit in different partitions and, on PostgreSQL, are stored by different consumer
 * threads (two by default) into the same journey at the same time. Every journey must still
 * hold each event once, and the rollups and conversion cells must be exactly those of the
 * stored visits and starts: a journey recomputed by two writers at once would net its rollup
 * deltas twice. (Two instances in one consumer group: ClusterScaleOutIT, profile faults.)
 */
@QuarkusTest
class IdentityAcrossPartitionsTest {

    private static final int PEOPLE = 60;

    @Inject
    DataSource db;

    @Inject
    EventTopic topic;

    @Test
    void journeysWrittenFromTwoPartitionsAtOnceAreExact() throws Exception {
        String prefix = "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String funnel = Funnels.uniqueId("partitions");
        Funnels.create(Funnels.definition(funnel, prefix, 3));
        Funnels.awaitBackfillDone(funnel);
        Random random = new Random(19);
        Instant start = Instant.parse("2025-10-01T00:00:00Z");

        // Per person: a device's views, its link (sign-up) and the customer's own events, each
        // posted as its own small request, all requests shuffled and sent by four threads at once.
        List<Events> requests = new ArrayList<>();
        Map<String, Integer> expected = new HashMap<>();
        int crossPartition = 0;
        int stageOne = 0;
        for (int p = 0; p < PEOPLE; p++) {
            String device = prefix + "-d" + p;
            String customer = prefix + "-c" + p;
            if (partition(device) != partition(customer)) {
                crossPartition++;
            }
            Instant t = start.plus(Duration.ofHours(random.nextInt(240)));
            boolean entersStageOne = false;
            for (int i = 0; i < 6; i++) {
                boolean own = i % 2 == 1;
                int stage = 1 + random.nextInt(3);
                entersStageOne |= stage == 1;
                requests.add(new Events().addWith(own ? customer : null, own ? null : device, customer + "-e" + i,
                        prefix + "_" + stage, "web", t.plus(Duration.ofMinutes(10L * i)).toString()));
            }
            stageOne += entersStageOne ? 1 : 0;
            requests.add(new Events().addWith(customer, device, customer + "-link", prefix + "_2", "web",
                    t.plus(Duration.ofMinutes(25)).toString()));
            expected.put(customer, 7);
        }
        assertTrue(crossPartition > PEOPLE / 2, "most devices and customers must sit in different partitions");
        Collections.shuffle(requests, random);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Events request : requests) {
                sent.add(pool.submit(request::post));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> expected.keySet().stream()
                .allMatch(c -> reader().get("/v1/customers/{id}/journey", c).jsonPath().getList("touchpoints").size() == 7));
        for (int p = 0; p < PEOPLE; p++) {
            List<String> ids = reader().get("/v1/customers/{id}/journey", prefix + "-d" + p).jsonPath()
                    .getList("touchpoints.eventId");
            assertEquals(7, ids.size(), "the device resolves to its owner's whole journey");
            assertEquals(7, ids.stream().distinct().count(), "each event once");
        }
        FlowRollupCheck.assertRollupMatchesVisits(db, funnel);
        ConversionCellsCheck.assertCellsMatchStarts(db, funnel);
        int customers = reader().queryParam("from", "2025-09-01").queryParam("to", "2025-12-01")
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200).extract().path("steps[0].customers");
        assertEquals(stageOne, customers, "one person per device and customer, none counted twice");
    }

    /** Kafka's default partitioner for a record key: murmur2 of its bytes. */
    private int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % topic.partitions();
    }
}

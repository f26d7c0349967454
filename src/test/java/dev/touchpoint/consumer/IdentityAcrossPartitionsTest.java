package dev.touchpoint.consumer;

import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import dev.touchpoint.kafka.EventTopic;
import dev.touchpoint.support.ConversionCellsCheck;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import dev.touchpoint.support.LinkedPeople;
import io.quarkus.test.junit.QuarkusTest;


/**
 * A device's events and its owner's posted from both sides at once. A device's records (its
 * anonymous events and its link) are keyed by the device, the customer's own by the customer,
 * so they sit in different partitions and, on PostgreSQL, are stored by different consumer
 * threads (two by default) into the same journey at the same time. Every journey must still
 * hold each event once, and the rollups and conversion cells must be exactly those of the
 * stored visits and starts: a journey recomputed by two writers at once would net its rollup
 * deltas twice. Two instances in one consumer group: IdentityTwoInstancesIT.
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
        LinkedPeople people = new LinkedPeople(prefix, PEOPLE, 19);
        int crossPartition = 0;
        for (int p = 0; p < PEOPLE; p++) {
            crossPartition += partition(people.device(p)) != partition(people.customer(p)) ? 1 : 0;
        }
        assertTrue(crossPartition > PEOPLE / 2, "most devices and customers must sit in different partitions");

        people.sendConcurrently(Events::post);

        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, PEOPLE).allMatch(p -> reader()
                .get("/v1/customers/{id}/journey", people.customer(p)).jsonPath().getList("touchpoints").size()
                == LinkedPeople.EVENTS_PER_PERSON));
        for (int p = 0; p < PEOPLE; p++) {
            List<String> ids = reader().get("/v1/customers/{id}/journey", people.device(p)).jsonPath()
                    .getList("touchpoints.eventId");
            assertEquals(LinkedPeople.EVENTS_PER_PERSON, ids.size(), "the device resolves to its owner's whole journey");
            assertEquals(ids.size(), ids.stream().distinct().count(), "each event once");
        }
        FlowRollupCheck.assertRollupMatchesVisits(db, funnel);
        ConversionCellsCheck.assertCellsMatchStarts(db, funnel);
        int customers = reader().queryParam("from", "2025-09-01").queryParam("to", "2025-12-01")
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200).extract().path("steps[0].customers");
        assertEquals(people.enteringStageOne, customers, "one person per device and customer, none counted twice");
    }

    /** Kafka's default partitioner for a record key: murmur2 of its bytes. */
    private int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % topic.partitions();
    }
}

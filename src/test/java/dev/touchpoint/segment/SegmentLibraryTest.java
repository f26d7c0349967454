package dev.touchpoint.segment;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Segment's own Java library ({@code com.segment.analytics.java:analytics}), pointed at the
 * service with its upload-URL setting, sends track, identify, page and alias in its batches
 * (Basic auth, Segment's batch format) and every event is stored with SPEC §5.1's fields.
 */
@QuarkusTest
class SegmentLibraryTest {

    @Test
    void segmentsJavaLibrarySendsToTouchpointUnchanged() {
        String customer = uniqueCustomer("segment-lib");
        String device = uniqueCustomer("segment-device");
        Queue<Message> delivered = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failed = new ConcurrentLinkedQueue<>();
        Analytics analytics = Analytics.builder(WRITE_KEY)
                .setUploadURL("http://127.0.0.1:" + RestAssured.port + "/segment/v1/batch")
                .flushQueueSize(4).flushInterval(1, TimeUnit.SECONDS).retries(1)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.add(message);
                    }

                    @Override
                    public void failure(Message message, Throwable cause) {
                        failed.add(cause);
                    }
                }).build();
        // One second apart: messages the library stamps within the same millisecond would be ordered
        // by their random messageIds in the journey, and the order asserted below would be chance.
        long start = System.currentTimeMillis() - 60_000;
        try {
            analytics.enqueue(PageMessage.builder("Home").anonymousId(device).properties(Map.of("path", "/"))
                    .timestamp(new Date(start)));
            analytics.enqueue(TrackMessage.builder("Order Completed").userId(customer)
                    .properties(Map.of("revenue", 42, "channel", "Email")).timestamp(new Date(start + 1_000)));
            analytics.enqueue(IdentifyMessage.builder().userId(customer).anonymousId(device)
                    .traits(Map.of("plan", "pro")).timestamp(new Date(start + 2_000)));
            analytics.enqueue(AliasMessage.builder(device + "-old").userId(customer).timestamp(new Date(start + 3_000)));
            analytics.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() + failed.size() == 4);
        } finally {
            analytics.shutdown();
        }
        assertTrue(failed.isEmpty(), () -> "the library saw failures: " + failed);
        List<String> ids = delivered.stream().map(Message::messageId).toList();

        // identify links the device: its earlier page view joins the customer's journey (SPEC §1.1).
        await().atMost(Duration.ofSeconds(20)).until(() -> journey(customer).getList("touchpoints").size() == 4);
        JsonPath known = journey(customer);
        assertEquals(List.of("page_view", "order_completed", "identify", "alias"), known.getList("touchpoints.type"));
        assertEquals("web", known.getString("touchpoints[0].channel"));
        assertEquals("/", known.getString("touchpoints[0].properties.path"));
        assertEquals(device, known.getString("touchpoints[0].anonymousId"));
        Map<String, Object> track = known.getMap("touchpoints[1]");
        assertEquals("email", track.get("channel"));
        assertEquals(42, known.getInt("touchpoints[1].properties.revenue"));
        assertTrue(ids.contains(track.get("eventId")), "messageId became eventId");
        assertEquals(device, known.getString("touchpoints[2].anonymousId"));
        assertEquals(customer, known.getString("touchpoints[2].customerId"));
        assertEquals("pro", known.getString("touchpoints[2].properties.traits.plan"));
        assertEquals(device + "-old", known.getString("touchpoints[3].anonymousId"), "alias links previousId");
        assertEquals(List.of(device, device + "-old"), reader().get("/v1/customers/{id}/identities", customer)
                .then().statusCode(200).extract().jsonPath().getList("identities.anonymousId"));
        assertEquals(customer, journey(device).getString("customerId"), "the device resolves to its owner");
    }

    private static JsonPath journey(String id) {
        return reader().get("/v1/customers/{id}/journey", id).then().statusCode(200).extract().jsonPath();
    }
}

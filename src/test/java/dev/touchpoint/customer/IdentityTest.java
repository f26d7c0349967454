package dev.touchpoint.customer;

import static dev.touchpoint.support.Api.admin;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.writer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.touchpoint.support.Events;
import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Identity (SPEC §1.1) through the API, on journeys worked out by hand: a late link moves a
 * device's history into its owner's journey, a link that comes first places the device's later
 * events, an earlier link to another customer wins whenever it arrives, unlink and explicit link
 * move the device again, erasure takes the owned devices along, and bad requests change nothing.
 */
@QuarkusTest
class IdentityTest {

    private static final String DAY = "2025-09-10T";

    private String prefix;
    private String funnel;

    @BeforeEach
    void funnel() {
        prefix = "id" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        funnel = Funnels.uniqueId("identity");
        Funnels.create(Funnels.definition(funnel, prefix, 3));
        Funnels.awaitBackfillDone(funnel);
    }

    @Test
    void aLateLinkMovesTheDevicesWholeHistoryIntoItsOwnersJourney() {
        String device = prefix + "-phone";
        String customer = prefix + "-cust";
        new Events().addWith(null, device, prefix + "-v1", prefix + "_1", "tiktok", DAY + "08:00:00Z")
                .addWith(null, device, prefix + "-v2", prefix + "_2", "tiktok", DAY + "09:00:00Z").post();
        awaitJourney(device, 2);
        assertEquals(1, customersAtStep(2), "before the link the device is a customer of its own");
        assertEquals(0, customersAtStep(3));

        // The sign-up arrives last but happened between the two views: the owner is known from it on,
        // and the whole history (the view before it too) joins the customer.
        new Events().addWith(customer, device, prefix + "-signup", prefix + "_2", "web", DAY + "08:30:00Z")
                .addWith(customer, null, prefix + "-buy", prefix + "_3", "web", DAY + "10:00:00Z").post();
        awaitJourney(customer, 4);
        JsonPath journey = journey(customer);
        assertEquals(List.of(prefix + "-v1", prefix + "-signup", prefix + "-v2", prefix + "-buy"),
                journey.getList("touchpoints.eventId"));
        JsonPath viaDevice = journey(device);
        assertEquals(customer, viaDevice.getString("customerId"), "the device's journey is its owner's");
        assertEquals(device, viaDevice.getString("resolvedFrom"));
        assertEquals(4, viaDevice.getList("touchpoints").size());
        assertEquals(1, customersAtStep(1), "one person, not two");
        assertEquals(1, customersAtStep(3), "the device's views and the customer's purchase are one chain");
        reader().get("/v1/customers/{id}/identities", customer).then().statusCode(200)
                .body("identities.anonymousId", equalTo(List.of(device)))
                .body("identities[0].linkedBy", equalTo("event"))
                .body("identities[0].eventId", equalTo(prefix + "-signup"))
                .body("identities[0].timestamp", equalTo(DAY + "08:30:00Z"));
    }

    @Test
    void aLinkThatComesFirstPlacesTheDevicesLaterEvents() {
        String device = prefix + "-laptop";
        String customer = prefix + "-cust";
        new Events().addWith(customer, device, prefix + "-login", prefix + "_1", "web", DAY + "12:00:00Z").post();
        awaitJourney(customer, 1);
        new Events().addWith(null, device, prefix + "-late-view", prefix + "_2", "web", DAY + "13:00:00Z")
                .addWith(null, device, prefix + "-early-view", prefix + "_1", "web", DAY + "07:00:00Z").post();
        awaitJourney(customer, 3);
        assertEquals(List.of(prefix + "-early-view", prefix + "-login", prefix + "-late-view"),
                journey(customer).getList("touchpoints.eventId"));
        assertEquals(1, customersAtStep(2));
    }

    @Test
    void theEarliestLinkOwnsAndUnlinkAndExplicitLinkMoveTheDevice() {
        String device = prefix + "-tablet";
        String first = prefix + "-anna";
        String second = prefix + "-ben";
        String third = prefix + "-cleo";
        new Events().addWith(null, device, prefix + "-view", prefix + "_1", "tiktok", DAY + "06:00:00Z")
                .addWith(first, device, prefix + "-link-anna", prefix + "_2", "web", DAY + "11:00:00Z").post();
        awaitJourney(first, 2);
        // A link to another customer, earlier in time though later in arrival: it owns the device now.
        new Events().addWith(second, device, prefix + "-link-ben", prefix + "_2", "web", DAY + "10:00:00Z").post();
        awaitJourney(second, 2);
        assertEquals(List.of(prefix + "-link-anna"), journey(first).getList("touchpoints.eventId"),
                "two customers are never merged: anna keeps her own link event");
        assertEquals(second, journey(device).getString("customerId"));

        // Unlink ben: the next unblocked link (anna's) owns the device again.
        admin().delete("/v1/customers/{id}/identities/{anon}", second, device).then().statusCode(204);
        assertEquals(List.of(prefix + "-view", prefix + "-link-anna"), journey(first).getList("touchpoints.eventId"));
        assertEquals(List.of(prefix + "-link-ben"), journey(second).getList("touchpoints.eventId"));
        admin().delete("/v1/customers/{id}/identities/{anon}", second, device).then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("another customer"));

        // An explicit link outranks every link event.
        admin().put("/v1/customers/{id}/identities/{anon}", third, device).then().statusCode(200)
                .body("linkedBy", equalTo("explicit")).body("anonymousId", equalTo(device));
        assertEquals(List.of(prefix + "-view"), journey(third).getList("touchpoints.eventId"));
        reader().get("/v1/customers/{id}/identities", third).then().statusCode(200)
                .body("identities[0].linkedBy", equalTo("explicit"));
        reader().get("/v1/customers/{id}/identities", first).then().statusCode(200).body("identities", equalTo(List.of()));

        // Unlinking the explicit link falls back to anna's link (ben's pair stays blocked) ...
        admin().delete("/v1/customers/{id}/identities/{anon}", third, device).then().statusCode(204);
        assertEquals(first, journey(device).getString("customerId"));
        // ... and an explicit link of ben lifts his block.
        admin().put("/v1/customers/{id}/identities/{anon}", second, device).then().statusCode(200);
        assertEquals(List.of(prefix + "-view", prefix + "-link-ben"), journey(second).getList("touchpoints.eventId"));
        assertEquals(1, customersAtStep(1), "the view counts once, for ben");

        // A new event of the device follows its current owner.
        new Events().addWith(null, device, prefix + "-again", prefix + "_3", "web", DAY + "15:00:00Z").post();
        awaitJourney(second, 3);
    }

    @Test
    void erasingACustomerErasesTheDevicesItOwns() {
        String device = prefix + "-watch";
        String customer = prefix + "-dora";
        String other = prefix + "-eli";
        new Events().addWith(null, device, prefix + "-view", prefix + "_1", "tiktok", DAY + "06:00:00Z")
                .addWith(customer, device, prefix + "-link", prefix + "_2", "web", DAY + "07:00:00Z")
                .addWith(other, device, prefix + "-other-link", prefix + "_2", "web", DAY + "08:00:00Z")
                .addWith(other, null, prefix + "-other-buy", prefix + "_3", "web", DAY + "09:00:00Z").post();
        awaitJourney(customer, 2);
        awaitJourney(other, 2);
        admin().delete("/v1/customers/{id}", customer).then().statusCode(200)
                .body("anonymousIds", equalTo(List.of(device))).body("touchpointsDeleted", equalTo(3));
        assertEquals(List.of(), journey(device).getList("touchpoints"), "the device's events are gone");
        assertNull(journey(device).getString("resolvedFrom"));
        assertEquals(List.of(prefix + "-other-buy"), journey(other).getList("touchpoints.eventId"),
                "the device's link to another customer is its event too, and goes with it");
        reader().get("/v1/customers/{id}/identities", other).then().statusCode(200).body("identities", equalTo(List.of()));
    }

    @Test
    void badRequestsAreProblemsAndChangeNothing() {
        String device = prefix + "-tv";
        String customer = prefix + "-finn";
        new Events().addWith(customer, device, prefix + "-link", prefix + "_1", "web", DAY + "07:00:00Z").post();
        awaitJourney(customer, 1);

        admin().put("/v1/customers/{id}/identities/{anon}", customer, customer).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("anonymousId")).body("errors[0].rule", equalTo("distinct"));
        admin().put("/v1/customers/{id}/identities/{anon}", customer, "x".repeat(257)).then().statusCode(400)
                .body("errors[0].field", equalTo("anonymousId")).body("errors[0].rule", equalTo("length"));
        admin().delete("/v1/customers/{id}/identities/{anon}", "y".repeat(257), device).then().statusCode(400)
                .body("errors[0].field", equalTo("id"));
        admin().delete("/v1/customers/{id}/identities/{anon}", customer, prefix + "-unknown").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("is not linked"));
        writer().put("/v1/customers/{id}/identities/{anon}", prefix + "-gus", device).then().statusCode(403);
        reader().delete("/v1/customers/{id}/identities/{anon}", customer, device).then().statusCode(403);
        reader().put("/v1/customers/{id}/identities/{anon}", prefix + "-gus", device).then().statusCode(403);

        reader().get("/v1/customers/{id}/identities", customer).then().statusCode(200)
                .body("identities.anonymousId", equalTo(List.of(device)))
                .body("identities[0].linkedBy", equalTo("event"));
        reader().get("/v1/customers/{id}/identities", prefix + "-gus").then().statusCode(200)
                .body("identities", equalTo(List.of()));
        String csv = reader().accept("text/csv").get("/v1/customers/{id}/identities", customer).then().statusCode(200)
                .extract().asString();
        assertEquals("customerId,anonymousId,linkedBy,eventId,timestamp,linkedAt\r\n" + customer + "," + device
                + ",event," + prefix + "-link," + DAY + "07:00:00Z,\r\n", csv);
    }

    private int customersAtStep(int step) {
        return reader().queryParam("from", "2025-09-01").queryParam("to", "2025-10-01")
                .get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200).extract()
                .path("steps[" + (step - 1) + "].customers");
    }

    private static void awaitJourney(String id, int touchpoints) {
        await().atMost(Duration.ofSeconds(30)).until(() -> journey(id).getList("touchpoints").size() == touchpoints);
    }

    private static JsonPath journey(String id) {
        return reader().get("/v1/customers/{id}/journey", id).then().statusCode(200).extract().jsonPath();
    }
}

package dev.touchpoint.security;

import static dev.touchpoint.support.Api.ADMIN_KEY;
import static dev.touchpoint.support.Api.READ_KEY;
import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** SPEC "Keys": no or wrong key 401, a key of too low a kind 403; stronger keys may do what weaker ones may. */
@QuarkusTest
class ApiKeyAccessTest {

    private static final String EVENT = "{\"customerId\":\"keys-test\",\"type\":\"page_view\"}";

    @Test
    void missingOrWrongKeyIs401() {
        given().contentType("application/json").body(EVENT).post("/v1/events")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        as("not-a-key").contentType("application/json").body(EVENT).post("/v1/events")
                .then().statusCode(401);
        given().get("/v1/customers/x/journey").then().statusCode(401);
        given().header("Authorization", "Basic dGVzdDp0ZXN0").get("/v1/customers/x/journey").then().statusCode(401);
    }

    @Test
    void writeKeyMayOnlyPostEvents() {
        as(WRITE_KEY).contentType("application/json").body(EVENT).post("/v1/events").then().statusCode(202);
        as(WRITE_KEY).get("/v1/customers/x/journey")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void writeKeyQueryParameterCountsOnlyOnEventEndpoints() {
        given().queryParam("writeKey", READ_KEY).get("/v1/customers/x/journey").then().statusCode(401);
        given().queryParam("writeKey", "wrong").contentType("text/plain").body(EVENT).post("/v1/events")
                .then().statusCode(401);
    }

    @Test
    void strongerKeysMayDoWhatWeakerOnesMay() {
        as(READ_KEY).contentType("application/json").body(EVENT).post("/v1/events").then().statusCode(202);
        as(READ_KEY).get("/v1/customers/x/journey").then().statusCode(200);
        as(ADMIN_KEY).contentType("application/json").body(EVENT).post("/v1/events").then().statusCode(202);
        as(ADMIN_KEY).get("/v1/customers/x/journey").then().statusCode(200);
    }

    @Test
    void operationsEndpointsNeedNoKey() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200);
    }
}

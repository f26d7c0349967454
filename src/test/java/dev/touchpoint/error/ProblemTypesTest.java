package dev.touchpoint.error;

import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Refusals by the HTTP layer itself (no such path, method or media type) name the service's own problem types. */
@QuarkusTest
class ProblemTypesTest {

    @Test
    void anUnknownPathOutsideTheApiIsAProblem() {
        given().get("/no/such/page").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:touchpoint:problem:not-found")).body("status", equalTo(404));
    }

    @Test
    void anUnknownPathInsideTheApiIsAProblem() {
        reader().get("/v1/no-such-resource").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:touchpoint:problem:not-found"));
    }

    @Test
    void aWrongMethodIsAProblem() {
        reader().delete("/v1/funnels").then().statusCode(405).contentType("application/problem+json")
                .body("type", equalTo("urn:touchpoint:problem:method-not-allowed"));
    }

    @Test
    void aWrongMediaTypeIsAProblem() {
        writer().contentType("application/xml").body("<event/>").post("/v1/events").then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:touchpoint:problem:unsupported-media-type"));
    }

    @Test
    void anUnacceptableAnswerIsAProblem() {
        reader().accept("image/png").get("/v1/funnels/customer-journey/flow").then().statusCode(406)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:touchpoint:problem:not-acceptable"));
    }
}

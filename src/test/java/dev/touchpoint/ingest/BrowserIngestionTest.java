package dev.touchpoint.ingest;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Browser ingestion: CORS from any origin without credentials, and early 413s. */
@QuarkusTest
class BrowserIngestionTest {

    @Test
    void preflightIsAnsweredForAnyOrigin() {
        given().header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/v1/events/batch")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", anyOf(equalTo("https://shop.example"), equalTo("*")))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Credentials", anyOf(nullValue(), equalTo("false")));
    }

    @Test
    void aBeaconFromAnotherOriginIsAcceptedAndMayReadTheAnswer() {
        given().header("Origin", "https://blog.example").contentType("text/plain;charset=UTF-8")
                .queryParam("writeKey", WRITE_KEY)
                .body("{\"anonymousId\":\"cors-visitor\",\"type\":\"page_view\"}")
                .post("/v1/events")
                .then().statusCode(202)
                .header("Access-Control-Allow-Origin", anyOf(equalTo("https://blog.example"), equalTo("*")));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() {
        String batch = "{\"events\":[{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"p\":\"" + "x".repeat(600_000) + "\"}}]}";
        writer().body(batch).post("/v1/events/batch")
                .then().statusCode(413).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body")).body("errors[0].rule", equalTo("max-size"));
        writer().body("{\"p\":\"" + "x".repeat(1_500_000) + "\"}").post("/v1/events")
                .then().statusCode(413).contentType("application/problem+json");
    }
}

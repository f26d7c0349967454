package dev.touchpoint.ingest;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Browser ingestion: CORS from any origin without credentials, and early 413s. */
@QuarkusTest
class BrowserIngestionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

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

    @Test
    void aBodyWithoutALengthIsHeldToTheSameLimitsWithAProblem() throws Exception {
        String overEvent = "{\"customerId\":\"chunked\",\"type\":\"t\",\"properties\":{\"p\":\"" + "x".repeat(40_000) + "\"}}";
        String overTheHttpLimit = "{\"customerId\":\"chunked\",\"type\":\"t\",\"properties\":{\"p\":\""
                + "x".repeat(1_200_000) + "\"}}";
        String overBatch = "{\"events\":[{\"customerId\":\"chunked\",\"type\":\"t\",\"properties\":{\"p\":\""
                + "x".repeat(600_000) + "\"}}]}";
        for (String[] c : new String[][] { { "v1/events", overEvent, "32768" }, { "v1/events", overTheHttpLimit, "32768" },
                { "v1/events/batch", overBatch, "512000" } }) {
            HttpResponse<String> response = postChunked(c[0], c[1]);
            assertEquals(413, response.statusCode(), c[0]);
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null));
            JsonNode error = JSON.readTree(response.body()).path("errors").path(0);
            assertEquals("body", error.path("field").asText());
            assertEquals("max-size", error.path("rule").asText());
            assertTrue(error.path("message").asText().contains(c[2]), error.toString());
        }

        // Within the limits, the body read ahead of the resource reaches it whole.
        HttpResponse<String> one = postChunked("v1/events",
                "{\"eventId\":\"chunked-1\",\"customerId\":\"chunked\",\"type\":\"page_view\"}");
        assertEquals(202, one.statusCode(), one.body());
        assertEquals("chunked-1", JSON.readTree(one.body()).path("eventId").asText());
        HttpResponse<String> batch = postChunked("v1/events/batch", "{\"events\":[{\"customerId\":\"chunked\",\"type\":\"a\"},"
                + "{\"customerId\":\"chunked\",\"type\":\"B\"}]}");
        assertEquals(202, batch.statusCode(), batch.body());
        assertEquals(1, JSON.readTree(batch.body()).path("accepted").asInt());
        assertEquals(1, JSON.readTree(batch.body()).path("rejected").path(0).path("index").asInt());
    }

    /** Posts with a body publisher of unknown length, so the client sends it chunked, without Content-Length. */
    private HttpResponse<String> postChunked(String path, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }
}

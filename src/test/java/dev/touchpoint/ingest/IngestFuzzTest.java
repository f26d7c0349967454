package dev.touchpoint.ingest;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static io.restassured.config.EncoderConfig.encoderConfig;
import static io.restassured.config.HttpClientConfig.httpClientConfig;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.config.TouchpointConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Sends some three thousand generated invalid payloads ({@link BadPayloads}, fixed seed) to the
 * event endpoints, which face the open internet. Each must be refused with a 4xx and an
 * {@code application/problem+json} body whose {@code status} is the HTTP status and which shows
 * no stack trace or class name; for bodies over the HTTP limit, refused and the connection closed
 * while the client may still be writing, only the 413 is checked. Afterwards the
 * service must still be ready and still accept valid events and store them, on every partition
 * of the event topic: a payload that poisoned the consumer would leave one of them stuck.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestFuzzTest {

    private static final long SEED = 20_260_301L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Signs of internals in an answer: stack frames, exception or Java class names, library packages. */
    private static final Pattern LEAK = Pattern.compile("Exception|Caused by|\\tat |\\bat [a-z]+\\.[a-z]"
            + "|java\\.|javax\\.|jakarta\\.|com\\.fasterxml|(?i:jackson)|io\\.vertx|io\\.quarkus|org\\.jboss"
            + "|\\.java:\\d|\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\\.[A-Za-z_]");
    /**
     * Bytes go out as they are, over one kept-alive connection where the server allows it; an
     * answer that takes more than 15 s counts as a hang.
     */
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                    .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT))
            .httpClient(httpClientConfig().reuseHttpClientInstance().setParam("http.socket.timeout", 15_000)
                    .setParam("http.connection.timeout", 5_000));
    /**
     * A body over the HTTP limit is answered 413 and the connection closed, often while
     * the client still writes: with {@code Expect: 100-continue} the client waits for that answer.
     */
    private static final RestAssuredConfig RAW_EXPECT_CONTINUE = RAW.httpClient(httpClientConfig()
            .setParam("http.socket.timeout", 15_000).setParam("http.connection.timeout", 5_000)
            .setParam("http.protocol.expect-continue", true));

    @Inject
    TouchpointConfig config;

    @Test
    @Order(1)
    void everyBadPayloadIsRefusedWithAProblem() {
        List<FuzzCase> cases = BadPayloads.generate(SEED);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> failuresByKind = new TreeMap<>();
        long started = System.nanoTime();

        for (FuzzCase c : cases) {
            String failure = failureOf(c);
            if (failure != null) {
                failures.add(failure);
                System.out.println("FUZZ FAILURE " + failures.size() + ": " + failure);
                failuresByKind.merge(kind(c.name()) + " -> " + failure.substring(failure.lastIndexOf("broken: ") + 8)
                        .replaceAll("\\d{3}", "#"), 1, Integer::sum);
            }
        }

        System.out.printf("Fuzzed %d payloads (seed %d) in %d ms: %d broke the rules.%n", cases.size(), SEED,
                (System.nanoTime() - started) / 1_000_000, failures.size());
        failuresByKind.forEach((kind, n) -> System.out.println("  " + n + " x " + kind));
        assertTrue(cases.size() >= 3_000, "the generators lost payloads: only " + cases.size());
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + cases.size() + " bad payloads were not"
                + " refused with a clean problem (each is printed above as FUZZ FAILURE); by kind: " + failuresByKind
                + "\nfirst: " + failures.get(0));
    }

    @Test
    @Order(2)
    void theServiceIsStillHealthyAfterTheFuzzing() {
        given()
                .when().get("/q/health/ready")
                .then().statusCode(200);
        List<String> customers = customersOnEveryPartition();

        String eventId = writer()
                .body("{\"customerId\":\"" + customers.get(0) + "\",\"type\":\"purchase\",\"channel\":\"web\"}")
                .when().post("/v1/events")
                .then().statusCode(202)
                .extract().path("eventId");
        StringBuilder beacon = new StringBuilder();
        for (String customer : customers) {
            beacon.append(beacon.isEmpty() ? "" : ",").append("{\"eventId\":\"").append(customer)
                    .append("-beacon\",\"anonymousId\":\"").append(customer).append("\",\"type\":\"review\"}");
        }
        given().contentType("text/plain").queryParam("writeKey", WRITE_KEY)
                .body("{\"events\":[" + beacon + "]}")
                .when().post("/v1/events/batch")
                .then().statusCode(202).body("accepted", equalTo(customers.size()));

        given()
                .when().get("/q/health/ready")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> reader()
                .when().get("/v1/customers/{id}/journey", customers.get(0))
                .then().statusCode(200).body("touchpoints.eventId", hasItem(eventId)));
        for (String customer : customers) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> reader()
                    .when().get("/v1/customers/{id}/journey", customer)
                    .then().statusCode(200).body("touchpoints.eventId", hasItem(customer + "-beacon")));
        }
    }

    /**
     * One customer per partition of the event topic (the producer keys records by journey key),
     * so that a partition the consumer is stuck on cannot hide behind a lucky key.
     */
    private List<String> customersOnEveryPartition() {
        int partitions = config.kafka().partitions();
        String prefix = uniqueCustomer("after-fuzz");
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int n = 0; byPartition.size() < partitions; n++) {
            String customer = prefix + "-" + n;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(customer.getBytes(UTF_8))) % partitions, customer);
        }
        return List.copyOf(byPartition.values());
    }

    /** Sends the case; null when the answer is a clean refusal, else the request, the answer and what is wrong. */
    private static String failureOf(FuzzCase c) {
        try {
            Response response = send(c);
            if (c.beyondHttpLimit()) {
                System.out.println("Over the HTTP limit: " + c.describe() + "\n  answer: " + describe(response));
            }
            List<String> broken = brokenRules(c, response);
            return broken.isEmpty() ? null
                    : c.describe() + "\n  answer: " + describe(response) + "\n  broken: " + String.join("; ", broken);
        } catch (Exception e) {
            return c.describe() + "\n  answer: (none)\n  broken: no answer: " + e;
        }
    }

    private static Response send(FuzzCase c) {
        RequestSpecification request = given().config(c.beyondHttpLimit() ? RAW_EXPECT_CONTINUE : RAW).body(c.body());
        request = c.contentType() == null ? request.noContentType() : request.contentType(c.contentType());
        request = c.keyInQuery() ? request.queryParam("writeKey", WRITE_KEY)
                : request.header("Authorization", "Bearer " + WRITE_KEY);
        return request.when().post(c.path()).andReturn();
    }

    /** The rules an answer to a bad payload breaks; empty when it is a clean refusal. */
    private static List<String> brokenRules(FuzzCase c, Response response) {
        List<String> broken = new ArrayList<>();
        int status = response.statusCode();
        String body = response.asString();
        if (c.beyondHttpLimit()) {
            if (status != 413) {
                broken.add("status " + status + ", expected 413 for a body over the HTTP limit");
            }
            return broken;
        }
        if (status < 400 || status > 499) {
            broken.add("status " + status + " is not 4xx");
        } else if (c.expectedStatus() != 0 && status != c.expectedStatus()) {
            broken.add("status " + status + ", expected " + c.expectedStatus());
        }
        String contentType = String.valueOf(response.contentType());
        if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            broken.add("Content-Type " + contentType + " is not application/problem+json");
        }
        if (status >= 400) {
            try {
                JsonNode problemStatus = JSON.readTree(body).path("status");
                if (!problemStatus.isInt() || problemStatus.intValue() != status) {
                    broken.add("problem status " + problemStatus + " differs from HTTP status " + status);
                }
            } catch (IOException e) {
                broken.add("body is not a JSON problem");
            }
        }
        Matcher leak = LEAK.matcher(body);
        if (leak.find()) {
            broken.add("body leaks internals: '" + leak.group() + "'");
        }
        return broken;
    }

    private static String describe(Response response) {
        String body = response.asString();
        return response.statusCode() + " " + response.headers().asList() + "\n  body: "
                + (body.length() > 600 ? body.substring(0, 600) + "…(" + body.length() + " chars)" : body);
    }

    /** The generator of a case, without its particulars: what the summary groups by. */
    private static String kind(String name) {
        return name.replaceAll("[:'(\\[].*", "").replaceAll("\\d[\\d,]*", "#").trim();
    }
}

package dev.touchpoint;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.touchpoint.kafka.BenchBroker;
import dev.touchpoint.support.AppProcess;
import dev.touchpoint.support.ConversionCellsCheck;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import dev.touchpoint.support.LinkedPeople;
import dev.touchpoint.support.Ports;

/**
 * Identity with two instances of the packaged jar in one consumer group (one consumer thread
 * each), on PostgreSQL and a Kafka broker they share as an external cluster: a device's events
 * and its owner's are posted to both instances at once, so each person's journey is written by
 * both instances. Every journey must hold each event once, and rollups and conversion cells
 * must be exactly those of the stored visits and starts. PostgreSQL only: two processes cannot
 * share the standalone H2 file.
 */
class IdentityTwoInstancesIT {

    private static final int PEOPLE = 80;
    private static final String ADMIN_KEY = "identity-it-admin";
    private static final String WRITE_KEY = "identity-it-write";
    private static final String READ_KEY = "identity-it-read";

    @Test
    void aJourneyWrittenByTwoInstancesAtOnceIsExact() throws Exception {
        String jdbcUrl = System.getProperty("test.jdbc.url", "");
        Assumptions.assumeTrue(jdbcUrl.startsWith("jdbc:postgresql:"), "PostgreSQL only (run with -Ppostgres)");
        String user = System.getProperty("test.jdbc.username", "postgres");
        String database = "touchpoint_identity_it";
        String url = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + database;
        try (Connection conn = DriverManager.getConnection(jdbcUrl, user, ""); Statement st = conn.createStatement()) {
            st.execute("drop database if exists " + database);
            st.execute("create database " + database);
        }
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "identity-it-");
        List<AppProcess> apps = new ArrayList<>();
        try (BenchBroker broker = BenchBroker.start(dir.resolve("kafka"), Ports.freePair())) {
            for (int i = 1; i <= 2; i++) {
                Map<String, String> env = new HashMap<>();
                env.put("TOUCHPOINT_DATA_DIR", dir.resolve("data-" + i).toString());
                env.put("QUARKUS_HTTP_PORT", String.valueOf(Ports.free()));
                env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
                env.put("QUARKUS_DATASOURCE_USERNAME", user);
                env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
                env.put("TOUCHPOINT_CONSUMER_THREADS", "1");
                env.put("TOUCHPOINT_AUTH_WRITE_KEY", WRITE_KEY);
                env.put("TOUCHPOINT_AUTH_READ_KEY", READ_KEY);
                env.put("TOUCHPOINT_AUTH_ADMIN_KEY", ADMIN_KEY);
                apps.add(AppProcess.start(env, dir.resolve("app-" + i + ".log")));
            }
            String first = apps.get(0).baseUrl();
            String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            String funnel = Funnels.uniqueId("instances");
            given().baseUri(first).auth().oauth2(ADMIN_KEY).contentType("application/json")
                    .body(Funnels.definition(funnel, prefix, 3)).post("/v1/funnels").then().statusCode(201);
            await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(given().baseUri(first).auth().oauth2(READ_KEY)
                    .get("/v1/funnels/{id}", funnel).then().extract().path("backfill.state")));

            LinkedPeople people = new LinkedPeople(prefix, PEOPLE, 20);
            AtomicInteger next = new AtomicInteger();
            people.sendConcurrently(request -> given().baseUri(apps.get(next.getAndIncrement() % 2).baseUrl())
                    .auth().oauth2(WRITE_KEY).contentType("application/json").body(request.body())
                    .post("/v1/events/batch").then().statusCode(202));

            await().atMost(Duration.ofSeconds(90)).until(() -> IntStream.range(0, PEOPLE).allMatch(p -> journey(first,
                    people.customer(p)).size() == LinkedPeople.EVENTS_PER_PERSON));
            for (int p = 0; p < PEOPLE; p++) {
                List<String> ids = journey(apps.get(1).baseUrl(), people.device(p));
                assertEquals(LinkedPeople.EVENTS_PER_PERSON, ids.size(), "the device resolves to its owner's whole journey");
                assertEquals(ids.size(), ids.stream().distinct().count(), "each event once");
            }
            for (AppProcess app : apps) {
                assertTrue(stored(app) > 0, "both instances stored events: " + app.baseUrl());
            }
            PGSimpleDataSource db = new PGSimpleDataSource();
            db.setURL(url);
            db.setUser(user);
            FlowRollupCheck.assertRollupMatchesVisits(db, funnel);
            ConversionCellsCheck.assertCellsMatchStarts(db, funnel);
            int customers = given().baseUri(first).auth().oauth2(READ_KEY).queryParam("from", "2025-09-01")
                    .queryParam("to", "2025-12-01").get("/v1/funnels/{id}/conversion", funnel).then().statusCode(200)
                    .extract().path("steps[0].customers");
            assertEquals(people.enteringStageOne, customers, "one person per device and customer, none counted twice");
        } catch (Throwable t) {
            apps.forEach(a -> a.printLogTail(60));
            throw t;
        } finally {
            for (AppProcess app : apps) {
                app.stop();
            }
        }
    }

    private static List<String> journey(String base, String id) {
        return given().baseUri(base).auth().oauth2(READ_KEY).get("/v1/customers/{id}/journey", id).then().statusCode(200)
                .extract().jsonPath().getList("touchpoints.eventId");
    }

    /** The instance's count of events it stored for the first time. */
    private static double stored(AppProcess app) {
        String metrics = given().baseUri(app.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^touchpoint_events_stored_total ([0-9.Ee+-]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

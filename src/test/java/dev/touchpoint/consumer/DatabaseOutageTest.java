package dev.touchpoint.consumer;

import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static dev.touchpoint.support.Api.writer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.touchpoint.support.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue "Database unavailable", against PostgreSQL through a proxy the test cuts: ingestion
 * keeps accepting (Kafka holds the events), the consumer pauses and retries with back-off,
 * readiness goes down, and once the database is back every event is stored, once.
 * (The standalone H2 database lives inside the process and cannot become unreachable.)
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.BehindProxy.class)
@EnabledIfSystemProperty(named = "test.jdbc.url", matches = "jdbc:postgresql:.*")
class DatabaseOutageTest {

    static TcpProxy proxy;

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("touchpoint.data-dir", "target/test-data-db-outage",
                    "quarkus.datasource.jdbc.acquisition-timeout", "3S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxyResource.class));
        }
    }

    /** Puts the proxy between the service and the PostgreSQL database of the test run. */
    public static class ProxyResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            URI db = URI.create(System.getProperty("test.jdbc.url").substring("jdbc:".length()));
            try {
                proxy = new TcpProxy(db.getPort() < 0 ? 5432 : db.getPort());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + db.getPath());
        }

        @Override
        public void stop() {
            // the proxy's threads are daemons
        }
    }

    private static List<String> stored(String customer) {
        return reader().get("/v1/customers/{id}/journey", customer).jsonPath().getList("touchpoints.eventId", String.class);
    }

    @Test
    void theConsumerWaitsForTheDatabaseAndLosesNothing() throws Exception {
        String c = uniqueCustomer("db-outage");
        writer().body("{\"eventId\":\"" + c + "-1\",\"customerId\":\"" + c + "\",\"type\":\"purchase\"}")
                .post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(c).size() == 1);

        proxy.cut();
        try {
            for (int i = 2; i <= 4; i++) {
                writer().body("{\"eventId\":\"" + c + "-" + i + "\",\"customerId\":\"" + c + "\",\"type\":\"purchase\"}")
                        .post("/v1/events").then().statusCode(202);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 503);
        } finally {
            proxy.restore();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(c).size() == 4);
        assertEquals(List.of(c + "-1", c + "-2", c + "-3", c + "-4"), stored(c).stream().sorted().toList());
    }
}

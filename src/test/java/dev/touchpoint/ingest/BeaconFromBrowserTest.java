package dev.touchpoint.ingest;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Issue "Browser ingestion", in a real browser: a page served from another origin posts with
 * {@code navigator.sendBeacon} (text/plain, key in the query) and with {@code fetch} (JSON and an
 * Authorization header, so a CORS preflight), and both events are stored. Needs Debian's
 * {@code chromium}, which .ci/run installs; skipped with a message where it is missing.
 */
@QuarkusTest
class BeaconFromBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void aPageOnAnotherOriginPostsWithSendBeaconAndFetch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
        String visitor = "browser-" + UUID.randomUUID();
        String api = "http://127.0.0.1:" + RestAssured.port;
        String page = "<!doctype html><html><head><title>start</title></head><body><script>"
                + "const ok = navigator.sendBeacon('" + api + "/v1/events?writeKey=" + WRITE_KEY + "',"
                + " JSON.stringify({eventId: '" + visitor + "-beacon', anonymousId: '" + visitor + "', type: 'page_view', channel: 'web'}));"
                + "fetch('" + api + "/v1/events', {method: 'POST', headers: {'Authorization': 'Bearer " + WRITE_KEY + "',"
                + " 'Content-Type': 'application/json'}, body: JSON.stringify({eventId: '" + visitor + "-fetch', anonymousId: '"
                + visitor + "', type: 'product_view', channel: 'web'})})"
                + ".then(r => r.json()).then(j => { document.title = 'beacon:' + ok + ' fetch:' + j.eventId; })"
                + ".catch(e => { document.title = 'beacon:' + ok + ' fetch-error:' + e; });"
                + "</script></body></html>";
        HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        try {
            // "localhost" for the page and 127.0.0.1 for the API: two origins.
            String dom = runChromium("http://localhost:" + site.getAddress().getPort() + "/page.html");
            assertTrue(dom.contains("beacon:true fetch:" + visitor + "-fetch"), () -> "the page saw: " + dom);
        } finally {
            site.stop(0);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> reader().get("/v1/customers/{id}/journey", visitor)
                .jsonPath().getList("touchpoints.eventId", String.class).size() == 2);
        assertTrue(reader().get("/v1/customers/{id}/journey", visitor).jsonPath()
                .getList("touchpoints.eventId", String.class).containsAll(List.of(visitor + "-beacon", visitor + "-fetch")));
    }

    private static String runChromium(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("chromium did not finish within 60 s");
            }
            return new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            chromium.destroyForcibly();
        }
    }
}

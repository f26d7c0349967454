package dev.touchpoint.tracker;

import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.reader;
import static dev.touchpoint.support.Api.uniqueCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.touchpoint.support.Browser;
import dev.touchpoint.support.TcpProxy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * touchpoint.js in a real headless Chromium against the running service, from a page on
 * another origin ({@code localhost} for the site, {@code 127.0.0.1} for the service): calls
 * queued before the script loads, one anonymous id, identify (joining the device's history to
 * the customer's journey), reset, automatic page views with
 * history navigation, the beacon on close, and an outage (a TCP proxy the test cuts) after which
 * the stored events arrive once after a reload. Skipped with a message where chromium is missing.
 */
@QuarkusTest
class TrackerBrowserTest {

    private static HttpServer site;
    private static TcpProxy proxy;

    @Inject
    EntityManager db;

    /** Once, before the first test: RestAssured knows the service's port only once Quarkus has started. */
    @BeforeEach
    void startSite() throws IOException {
        Assumptions.assumeTrue(Browser.available(), "chromium is not installed (apt-get install chromium)");
        if (site != null) {
            return;
        }
        proxy = new TcpProxy(RestAssured.port);
        String service = "http://127.0.0.1:" + RestAssured.port;
        // /direct loads the script from the service itself; /proxied from the site, posting through the proxy.
        String direct = "<script src=\"" + service + "/touchpoint.js\" data-write-key=\"" + WRITE_KEY
                + "\" data-auto-pageview defer></script>";
        String proxied = "<script src=\"/touchpoint.js\" data-api=\"http://127.0.0.1:" + proxy.port()
                + "\" data-write-key=\"" + WRITE_KEY + "\" data-auto-pageview defer></script>";
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/touchpoint.js")) {
                send(exchange, "text/javascript", TrackerResource.read());
            } else {
                send(exchange, "text/html; charset=utf-8", page(path.startsWith("/proxied") ? proxied : direct));
            }
        });
        site.start();
    }

    @AfterAll
    static void stopSite() throws IOException {
        if (site != null) {
            site.stop(0);
            proxy.cut();
        }
    }

    @Test
    void queuedCallsIdentifyHistoryAndReset() throws Exception {
        String customer = uniqueCustomer("tracker");
        try (Browser browser = Browser.launch()) {
            browser.openPage();
            browser.navigate(siteUrl("/direct/landing?utm_source=TikTok"));
            awaitScript(browser);
            String device = browser.evaluate("localStorage.getItem('tp_aid')").asText();
            browser.evaluate("history.pushState({}, '', '/direct/cart'); touchpoint('identify', '" + customer + "');"
                    + " touchpoint('track', 'purchase', {properties: {total: 9}}); touchpoint('flush')");

            // identify links the device (SPEC §1.1): its earlier events join the customer's journey.
            await().atMost(Duration.ofSeconds(20)).until(() -> journey(customer).getList("touchpoints").size() == 5);
            JsonPath known = journey(customer);
            // The queued call and the first page view share a millisecond or two: compare without order.
            assertEquals(List.of("ad_click", "identify", "page_view", "page_view", "purchase"),
                    known.getList("touchpoints.type", String.class).stream().sorted().toList());
            assertEquals(List.of("tiktok", "tiktok", "tiktok", "tiktok", "tiktok"), known.getList("touchpoints.channel"));
            assertEquals(List.of(device, device, device, device, device), known.getList("touchpoints.anonymousId"));
            assertEquals(List.of(customer, customer), known.getList("touchpoints.findAll { it.customerId != null }.customerId"),
                    "identify and what follows carry both ids; the events before it only the device's");
            assertEquals("/direct/cart", known.getString("touchpoints.findAll { it.type == 'page_view' }[1].properties.path"));
            assertEquals(List.of(true), known.getList("touchpoints.findAll { it.type == 'ad_click' }.properties.early"),
                    "the call queued before the script loaded");
            JsonPath viaDevice = journey(device);
            assertEquals(customer, viaDevice.getString("customerId"), "the device's journey is now its owner's");
            assertEquals(device, viaDevice.getString("resolvedFrom"));

            browser.evaluate("touchpoint('reset'); touchpoint('track', 'after_reset'); touchpoint('flush')");
            String next = browser.evaluate("localStorage.getItem('tp_aid')").asText();
            assertNotEquals(device, next);
            await().atMost(Duration.ofSeconds(20)).until(() -> journey(next).getList("touchpoints").size() == 1);
            assertEquals("after_reset", journey(next).getString("touchpoints[0].type"));
            assertEquals(null, journey(next).getString("touchpoints[0].customerId"));
            assertEquals(List.of(), browser.errors());
        }
    }

    @Test
    void closingThePageDeliversTheLastBatchByBeacon() throws Exception {
        try (Browser browser = Browser.launch()) {
            browser.openPage();
            browser.navigate(siteUrl("/direct/article"));
            awaitScript(browser);
            // Queued and closed at once: the one-second batch has not gone out by fetch yet.
            List<String> ids = List.of(browser.evaluate("touchpoint('track', 'read_to_end');"
                    + " JSON.parse(localStorage.getItem('tp_q')).map(e => e.eventId).join(',')").asText().split(","));
            browser.closePage();
            String last = ids.get(ids.size() - 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> via(last) != null);
            assertEquals("query", via(last), "sent by navigator.sendBeacon (key in the query)");
        }
    }

    @Test
    void eventsQueuedDuringAnOutageArriveOnceAfterAReload() throws Exception {
        try (Browser browser = Browser.launch()) {
            browser.openPage();
            browser.navigate(siteUrl("/proxied/home"));
            awaitScript(browser);
            String device = browser.evaluate("localStorage.getItem('tp_aid')").asText();
            // The call queued in the page and the page view.
            await().atMost(Duration.ofSeconds(20)).until(() -> journey(device).getList("touchpoints").size() == 2);
            proxy.cut();
            try {
                // Count the page's failed fetches, to reload only once a send has failed.
                // Answers during the outage are counted too: one would mean the cut let a connection through.
                browser.evaluate("window.failed = 0; window.answered = 0; const f = window.fetch;"
                        + " window.fetch = (...a) => f(...a).then(r => { window.answered++; return r; },"
                        + " e => { window.failed++; throw e; });"
                        + " touchpoint('track', 'outage_one'); touchpoint('track', 'outage_two'); touchpoint('flush')");
                await().atMost(Duration.ofSeconds(20)).until(() -> browser.evaluate("window.failed + window.answered").asInt() > 0);
                assertEquals(0, browser.evaluate("window.answered").asInt(), "no request is answered through the cut proxy");
                browser.navigate(siteUrl("/proxied/home"));
                awaitScript(browser);
                assertEquals(4, browser.evaluate("JSON.parse(localStorage.getItem('tp_q')).length").asInt(),
                        "both events, and the new page's queued call and page view, wait in localStorage");
            } finally {
                proxy.restore();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> journey(device).getList("touchpoints").size() >= 6);
            browser.evaluate("touchpoint('track', 'marker'); touchpoint('flush')");
            await().atMost(Duration.ofSeconds(20)).until(() -> journey(device).getList("touchpoints.type").contains("marker"));
            List<String> types = journey(device).getList("touchpoints.type", String.class);
            assertEquals(Map.of("page_view", 2L, "ad_click", 2L, "outage_one", 1L, "outage_two", 1L, "marker", 1L),
                    types.stream().collect(java.util.stream.Collectors.groupingBy(t -> t,
                            java.util.stream.Collectors.counting())), () -> "stored: " + types);
        }
    }

    private String via(String eventId) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> db.createNativeQuery(
                "select source_via from touchpoint where event_id = ?1").setParameter(1, eventId).getResultList());
        return rows.isEmpty() ? null : rows.get(0).toString();
    }

    private static void awaitScript(Browser browser) {
        browser.evaluate("new Promise(r => { const t = () => window.touchpoint && touchpoint.version ? r(true)"
                + " : setTimeout(t, 20); t(); })");
    }

    private static JsonPath journey(String id) {
        return reader().get("/v1/customers/{id}/journey", id).then().statusCode(200).extract().jsonPath();
    }

    private static String siteUrl(String path) {
        return "http://localhost:" + site.getAddress().getPort() + path;
    }

    private static byte[] page(String scriptTag) {
        return ("<!doctype html><html><head><title>shop</title><script>window.touchpoint = window.touchpoint"
                + " || function () { (touchpoint.q = touchpoint.q || []).push(arguments); };"
                + " touchpoint('track', 'ad_click', {properties: {early: true}});</script>" + scriptTag
                + "</head><body>shop</body></html>").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}

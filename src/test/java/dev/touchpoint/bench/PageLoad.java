package dev.touchpoint.bench;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.touchpoint.support.Browser;

/**
 * The dashboard's first view in real headless Chromium, timed by the page itself: from the start
 * of the navigation ({@code performance.timeOrigin}) until the first view's numbers are in the
 * page ({@code #view} turns {@code data-state="ready"} with its table rows), until the frame after
 * that (painted), and until the first frame with the view's chart drawn. A script installed before any of the page's own puts
 * the read key in the tab's {@code sessionStorage}, as a signed-in tab has it, and watches for the
 * state. A cold view is a new browser with an empty profile (nothing cached); a warm one navigates
 * to the page again in the same browser.
 */
final class PageLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A network between browser and service, emulated by Chromium ({@link #LOOPBACK} is none), and
     * whether the browser accepts compressed answers (else it sends {@code Accept-Encoding: identity}).
     */
    record Network(String name, double latencyMs, double downloadBitsPerSecond, boolean compressed) {
        static final Network LOOPBACK = new Network("loopback", 0, -1, true);

        Network uncompressed() {
            return new Network(name + ", uncompressed", latencyMs, downloadBitsPerSecond, false);
        }
    }

    /** One first view: milliseconds from navigation start, and what was fetched. */
    record View(double ready, double painted, double charted, double domContentLoaded, double chartLibraryEnd,
            double apiStart, double apiEnd, long transferred, long decoded, int requests) {
    }

    private final String origin;
    private final String url;
    private final String readKey;

    PageLoad(String baseUrl, String readKey) {
        this.origin = baseUrl;
        this.url = baseUrl + "/";
        this.readKey = readKey;
    }

    /** A first view in a browser just started with an empty profile. */
    View cold(Network network) throws Exception {
        try (Browser browser = Browser.launch()) {
            Thread.sleep(1000); // let the browser finish starting, as a user's is already running
            prepare(browser, network);
            return view(browser);
        }
    }

    /** {@code count} first views in one browser, after one that fills its cache. */
    List<View> warm(Network network, int count) throws Exception {
        List<View> views = new ArrayList<>();
        try (Browser browser = Browser.launch()) {
            prepare(browser, network);
            view(browser);
            for (int i = 0; i < count; i++) {
                browser.navigate("about:blank");
                views.add(view(browser));
            }
        }
        return views;
    }

    /**
     * The API calls of the first view alone, from a page that already shows it: the same URLs
     * ({@code /v1/…} entries of its resource timing), fetched one after the other as the page does,
     * with the key; milliseconds for each round, {@code count} rounds.
     */
    List<Double> apiAlone(int count) throws Exception {
        List<Double> times = new ArrayList<>();
        try (Browser browser = Browser.launch()) {
            prepare(browser, Network.LOOPBACK);
            view(browser);
            browser.evaluate("window.__apiUrls = performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(n => new URL(n).pathname.startsWith('/v1/'))");
            for (int i = 0; i < count; i++) {
                times.add(browser.evaluate("(async () => {"
                        + " const headers = {Accept: 'application/json', Authorization: 'Bearer ' + " + quote(readKey) + "};"
                        + " const t0 = performance.now();"
                        + " for (const u of window.__apiUrls) { const r = await fetch(u, {headers, cache: 'no-store'});"
                        + " await r.json(); if (!r.ok) throw new Error(u + ' answered ' + r.status); }"
                        + " return performance.now() - t0; })()").asDouble());
            }
        }
        return times;
    }

    private void prepare(Browser browser, Network network) {
        browser.setViewport(1280, 800, false);
        ObjectNode conditions = JSON.createObjectNode().put("offline", false).put("latency", network.latencyMs())
                .put("downloadThroughput", network.downloadBitsPerSecond() < 0 ? -1 : network.downloadBitsPerSecond() / 8)
                .put("uploadThroughput", network.downloadBitsPerSecond() < 0 ? -1 : network.downloadBitsPerSecond() / 8);
        browser.call("Network.emulateNetworkConditions", conditions);
        if (!network.compressed()) {
            browser.call("Network.setExtraHTTPHeaders", (ObjectNode) JSON.createObjectNode().set("headers",
                    JSON.createObjectNode().put("Accept-Encoding", "identity")));
        }
        browser.call("Page.addScriptToEvaluateOnNewDocument", JSON.createObjectNode().put("source",
                "if (location.origin === " + quote(origin) + ") { sessionStorage.setItem('touchpoint.key', " + quote(readKey)
                + "); }"
                + " window.__firstView = {};"
                + " new MutationObserver(() => { const v = document.getElementById('view'), t = window.__firstView;"
                + "   if (!v || t.ready) return;"
                + "   if (v.dataset.state === 'error') t.error = v.textContent;"
                + "   if (v.dataset.state === 'ready' && v.querySelector('tbody tr')) { t.ready = performance.now();"
                + "     requestAnimationFrame(() => setTimeout(() => { t.painted = performance.now(); }, 0));"
                + "     const drawn = () => { if (document.querySelector('#view .chart canvas')) t.charted = performance.now();"
                + "       else requestAnimationFrame(drawn); }; requestAnimationFrame(drawn); }"
                + " }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});"));
    }

    private View view(Browser browser) throws Exception {
        browser.navigate(url);
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode state = browser.evaluate("window.__firstView");
        while (!state.has("painted") || !state.has("charted")) {
            if (state.has("error")) {
                throw new IllegalStateException("the first view failed: " + state.get("error").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the first view was not shown within 60 s: " + state
                        + "; errors " + browser.errors());
            }
            Thread.sleep(20);
            state = browser.evaluate("window.__firstView");
        }
        JsonNode t = browser.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                + " const r = performance.getEntriesByType('resource'); const f = window.__firstView;"
                + " const api = r.filter(e => new URL(e.name).pathname.startsWith('/v1/'));"
                + " const chart = r.find(e => e.name.includes('/echarts'));"
                + " return {ready: f.ready, painted: f.painted, charted: f.charted, dcl: n.domContentLoadedEventEnd,"
                + "  chart: chart ? chart.responseEnd : -1,"
                + "  apiStart: api.length ? Math.min(...api.map(e => e.startTime)) : -1,"
                + "  apiEnd: api.length ? Math.max(...api.map(e => e.responseEnd)) : -1,"
                + "  transferred: n.transferSize + r.reduce((s, e) => s + e.transferSize, 0),"
                + "  decoded: n.decodedBodySize + r.reduce((s, e) => s + e.decodedBodySize, 0),"
                + "  requests: 1 + r.length}; })()");
        if (!browser.errors().isEmpty()) {
            throw new IllegalStateException("the page logged errors: " + browser.errors());
        }
        return new View(t.get("ready").asDouble(), t.get("painted").asDouble(), t.get("charted").asDouble(),
                t.get("dcl").asDouble(),
                t.get("chart").asDouble(), t.get("apiStart").asDouble(), t.get("apiEnd").asDouble(),
                t.get("transferred").asLong(), t.get("decoded").asLong(), t.get("requests").asInt());
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

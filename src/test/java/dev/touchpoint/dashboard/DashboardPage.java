package dev.touchpoint.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.touchpoint.support.Browser;

/**
 * The dashboard as a test sees it: opening a view through the URL hash and waiting until it
 * has rendered, reading the exact values its tables keep in {@code data-value}, and taking the
 * screenshots a reviewer looks at, at desktop and phone size.
 */
final class DashboardPage {

    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration RENDER = Duration.ofSeconds(30);

    private final Browser browser;

    DashboardPage(Browser browser) {
        this.browser = browser;
    }

    Browser browser() {
        return browser;
    }

    /**
     * Sets the hash and waits until the view has rendered (or failed) and its charts are drawn
     * (or known to be unavailable: the chart library comes after the numbers); answers its data-state.
     */
    String open(String hash) {
        browser.evaluate("(() => { const v = document.getElementById('view'); v.dataset.state = 'stale';"
                + " delete v.dataset.unavailable; location.hash = " + quote(hash) + "; })()");
        await().atMost(RENDER).until(() -> !List.of("stale", "loading", "idle").contains(state()) && !chartsPending());
        return state();
    }

    boolean chartsPending() {
        return browser.evaluate("!!document.querySelector('#view [data-chart=pending]')").asBoolean();
    }

    String state() {
        return browser.evaluate("document.getElementById('view').dataset.state").asText();
    }

    String text(String selector) {
        return browser.evaluate("(document.querySelector(" + quote(selector) + ") || {}).textContent || ''").asText();
    }

    boolean visible(String selector) {
        return browser.evaluate("(() => { const n = document.querySelector(" + quote(selector) + ");"
                + " return !!n && !n.closest('[hidden]') && n.getClientRects().length > 0; })()").asBoolean();
    }

    /**
     * The rows matching the selector, each as {"key": the attribute, name: exact value, …} from
     * the cells that carry data-name and data-value.
     */
    JsonNode rows(String rowSelector, String keyAttribute) {
        return browser.evaluate("[...document.querySelectorAll(" + quote(rowSelector) + ")].map(tr => Object.assign("
                + "{key: tr.getAttribute(" + quote(keyAttribute) + ")}, Object.fromEntries([...tr.querySelectorAll("
                + "'td[data-name]')].filter(td => td.dataset.value !== undefined).map(td => [td.dataset.name,"
                + " JSON.parse(td.dataset.value)]))))");
    }

    /** Screenshots of the current view at 1280×800 and at 390×844 (phone), back at desktop size after. */
    void screenshots(String name) throws IOException {
        browser.setViewport(390, 844, true);
        settle();
        browser.screenshot(SCREENSHOTS.resolve(name + "-390x844.png"));
        browser.setViewport(1280, 800, false);
        settle();
        browser.screenshot(SCREENSHOTS.resolve(name + "-1280x800.png"));
    }

    /** Two animation frames: the charts' resize observers have run and painted. */
    private void settle() {
        browser.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300))))");
    }

    /** The page's value equals the API's: both null, or the same number (1 and 1.0 alike). */
    static void assertSameNumber(JsonNode api, JsonNode page, String what) {
        boolean apiNull = api == null || api.isNull();
        boolean pageNull = page == null || page.isNull();
        assertEquals(apiNull, pageNull, () -> what + ": API " + api + ", page " + page);
        if (!apiNull) {
            assertTrue(api.isNumber() && page.isNumber(), () -> what + ": API " + api + ", page " + page);
            assertEquals(api.asDouble(), page.asDouble(), 0.0, () -> what + ": API " + api + ", page " + page);
        }
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

package dev.touchpoint.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The browser driver itself, without Quarkus: a page's script values come back as JSON, its
 * console errors and uncaught exceptions are collected, the viewport is emulated and a
 * screenshot is a PNG. Skipped with a message where chromium is missing.
 */
class BrowserTest {

    @Test
    void evaluatesCollectsErrorsAndTakesScreenshots() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "chromium is not installed (apt-get install chromium)");
        String html = "<!doctype html><meta name=viewport content=\"width=device-width\"><title>t</title><p id=p>hello</p><script>"
                + "console.error('boom', 42); setTimeout(() => { throw new Error('late'); }, 0);</script>";
        try (Browser browser = Browser.launch()) {
            browser.setViewport(390, 844, true);
            browser.navigate("data:text/html," + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20"));
            assertEquals("hello", browser.evaluate("document.getElementById('p').textContent").asText());
            assertEquals(390, browser.evaluate("window.innerWidth").asInt());
            assertEquals(7, browser.evaluate("new Promise(r => setTimeout(() => r({n: 7}), 10))").get("n").asInt());
            assertTrue(browser.evaluate("undefined").isNull());
            assertTrue(browser.errors().stream().anyMatch(e -> e.contains("boom 42")), () -> "errors: " + browser.errors());
            assertTrue(browser.errors().stream().anyMatch(e -> e.contains("late")), () -> "errors: " + browser.errors());
            Path png = Files.createTempFile("browser-test", ".png");
            browser.screenshot(png);
            byte[] head = Files.readAllBytes(png);
            assertEquals((byte) 0x89, head[0]);
            assertEquals('P', head[1]);
            Files.delete(png);
            browser.closePage();
            browser.openPage();
            browser.navigate("data:text/html,<title>again</title>");
            assertEquals("again", browser.evaluate("document.title").asText());
        }
    }
}

package dev.touchpoint.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol, so browser tests need no
 * Selenium, Playwright, Node or downloaded browser: Debian's {@code /usr/bin/chromium}, one
 * WebSocket ({@code java.net.http}) and Jackson. One browser process per instance with a fresh
 * profile directory; one page at a time, attached in flat session mode so every command and
 * event of the page travels over the browser's single connection.
 *
 * <p>Console errors, uncaught exceptions and error log entries (failed loads included) are
 * collected from the moment the page opens, so a test can assert a page ran cleanly.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile String targetId;
    private volatile String sessionId;

    private record EventWaiter(String method, Predicate<JsonNode> match, CompletableFuture<JsonNode> result) {
    }

    private Browser(Process process, Path profile, String wsUrl) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(wsUrl), new Listener()).join();
    }

    /** Whether Debian's chromium is installed; tests assume this and skip with a message otherwise. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Starts headless Chromium with a fresh profile and opens one blank page. */
    public static Browser launch() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> wsUrl = new CompletableFuture<>();
        // Drains stderr for the life of the process: a full pipe would stall chromium.
        Thread drain = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null;) {
                    if (line.startsWith("DevTools listening on ")) {
                        wsUrl.complete(line.substring("DevTools listening on ".length()).trim());
                    }
                }
            } catch (IOException e) {
                wsUrl.completeExceptionally(e);
            }
            wsUrl.completeExceptionally(new IllegalStateException("chromium exited before listening"));
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        try {
            Browser browser = new Browser(process, profile, wsUrl.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            browser.openPage();
            return browser;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            deleteTree(profile);
            throw new IllegalStateException("chromium did not start: " + e, e);
        }
    }

    /** Opens a fresh blank page (closing none) and makes it the page later calls act on. */
    public void openPage() {
        targetId = browserCall("Target.createTarget", params("url", "about:blank")).get("targetId").asText();
        sessionId = browserCall("Target.attachToTarget", params("targetId", targetId, "flatten", true))
                .get("sessionId").asText();
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(domain + ".enable", params());
        }
    }

    /** Closes the current page, as a user closing the tab would (so pagehide fires). */
    public void closePage() {
        String closing = sessionId;
        CompletableFuture<JsonNode> gone = expect("Target.detachedFromTarget",
                e -> closing.equals(e.path("params").path("sessionId").asText()), false);
        browserCall("Target.closeTarget", params("targetId", targetId));
        await(gone, "the page to close");
        targetId = null;
        sessionId = null;
    }

    /** Loads a URL in the current page and waits for its load event. */
    public void navigate(String url) {
        CompletableFuture<JsonNode> loaded = expect("Page.loadEventFired", e -> true, true);
        JsonNode result = call("Page.navigate", params("url", url));
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("navigation to " + url + " failed: " + result.get("errorText").asText());
        }
        await(loaded, "the load event of " + url);
    }

    /**
     * Evaluates a JavaScript expression in the page, awaiting it when it is a promise, and
     * returns its value as JSON ({@code null} for undefined). A thrown error fails the call.
     */
    public JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate",
                params("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + describe(result.get("exceptionDetails")));
        }
        JsonNode value = result.path("result").get("value");
        return value == null ? JSON.nullNode() : value;
    }

    /** Console errors, uncaught exceptions and error log entries seen so far, oldest first. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    public void clearErrors() {
        errors.clear();
    }

    /** Writes a PNG of the page's viewport. */
    public void screenshot(Path file) throws IOException {
        String data = call("Page.captureScreenshot", params("format", "png")).get("data").asText();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data));
    }

    /** Emulates a screen of this size in CSS pixels; mobile turns on the meta-viewport handling. */
    public void setViewport(int width, int height, boolean mobile) {
        call("Emulation.setDeviceMetricsOverride",
                params("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Cuts the page off the network (requests fail as they would offline), or reconnects it. */
    public void setOffline(boolean offline) {
        call("Network.emulateNetworkConditions",
                params("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /**
     * Makes the page's requests for URLs matching these patterns ({@code *} for any characters)
     * fail, as a proxy or a broken deployment would; none unblocks. The browser logs each one.
     */
    public void blockUrls(String... patterns) {
        call("Network.setBlockedURLs", params("urls", List.of(patterns)));
    }

    /** Sends a DevTools command to the current page and returns its result. */
    public JsonNode call(String method, ObjectNode params) {
        if (sessionId == null) {
            throw new IllegalStateException("no page is open");
        }
        return send(method, params, sessionId);
    }

    private JsonNode browserCall(String method, ObjectNode params) {
        return send(method, params, null);
    }

    private JsonNode send(String method, ObjectNode params, String session) {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        synchronized (socket) {
            socket.sendText(message.toString(), true).join();
        }
        return await(reply, method);
    }

    private CompletableFuture<JsonNode> expect(String method, Predicate<JsonNode> match, boolean inPage) {
        String session = sessionId;
        EventWaiter waiter = new EventWaiter(method,
                event -> (!inPage || session.equals(event.path("sessionId").asText())) && match.test(event),
                new CompletableFuture<>());
        waiters.add(waiter);
        return waiter.result();
    }

    private static JsonNode await(CompletableFuture<JsonNode> future, String what) {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + TIMEOUT.toSeconds() + " s for " + what, e);
        }
    }

    private void dispatch(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asLong());
            if (reply != null && message.has("error")) {
                reply.completeExceptionally(new IllegalStateException(message.get("error").toString()));
            } else if (reply != null) {
                reply.complete(message.path("result"));
            }
            return;
        }
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText())) {
                    List<String> args = new ArrayList<>();
                    params.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
                            : a.path("description").asText()));
                    errors.add("console.error: " + String.join(" ", args));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("uncaught: " + describe(params.path("exceptionDetails")));
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if ("error".equals(entry.path("level").asText())) {
                    errors.add("log: " + entry.path("text").asText() + " " + entry.path("url").asText(""));
                }
            }
            default -> {
            }
        }
        for (EventWaiter waiter : waiters) {
            if (waiter.method().equals(method) && waiter.match().test(message)) {
                waiters.remove(waiter);
                waiter.result().complete(params);
            }
        }
    }

    private static String describe(JsonNode details) {
        JsonNode exception = details.path("exception");
        String text = exception.has("description") ? exception.get("description").asText()
                : details.path("text").asText();
        return text + " (" + details.path("url").asText("") + ":" + details.path("lineNumber").asInt() + ")";
    }

    private static ObjectNode params(Object... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        }
        return node;
    }

    /** Kills chromium and deletes its profile directory. */
    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(profile);
        }
    }

    /**
     * Deletes the profile directory, tried a few times: chromium's helper processes can still
     * create and remove files in it for a moment after the browser is killed, and a walk that
     * meets a vanished file fails. What still cannot be deleted stays in the temp directory.
     */
    private static void deleteTree(Path root) {
        for (int attempt = 1; attempt <= 5 && Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reassembles fragmented frames (screenshots arrive in many) and hands whole messages on. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                try {
                    dispatch(JSON.readTree(whole));
                } catch (IOException e) {
                    errors.add("driver: unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}

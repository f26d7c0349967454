package dev.touchpoint.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The generated requests of {@link IngestFuzzTest}, the same ones for the same seed. Every one
 * is invalid as a whole: malformed JSON, or JSON that breaks a rule of docs/api.md, or a batch in
 * which no event is valid, or a body too large, or a Content-Type the endpoints do not take.
 * Helpers that build valid events exist only to be broken afterwards.
 */
final class BadPayloads {

    static final String EVENTS = "/v1/events";
    static final String BATCH = "/v1/events/batch";
    static final int MAX_EVENT_BYTES = 32_768;
    static final int MAX_BATCH_BYTES = 512_000;
    static final int MAX_BATCH_EVENTS = 1_000;

    private static final String[] TYPES = { "page_view", "ad_click", "video_view", "purchase", "review" };
    private static final String[] CHANNELS = { "web", "tiktok", "email", "store", "instagram" };
    private static final String PROPERTIES = "{\"plan\":\"pro\",\"tags\":[\"a\",\"b\"],\"ok\":true,\"seconds\":12,"
            + "\"none\":null,\"nested\":{\"k\":\"v\"}}";

    final Random random;
    final List<FuzzCase> cases = new ArrayList<>();
    /** Events that are well-formed JSON but break a rule; batches of only these must be refused. */
    final List<String> badEvents = new ArrayList<>();
    private int serial;

    BadPayloads(long seed) {
        this.random = new Random(seed);
    }

    /** Every generator, in a fixed order, so one seed always gives the same requests. */
    static List<FuzzCase> generate(long seed) {
        BadPayloads g = new BadPayloads(seed);
        MalformedJson.addTo(g);
        BrokenRules.addTo(g);
        OversizedPayloads.addTo(g);
        WrongTransport.addTo(g);
        BrokenRules.mixedBatches(g, 200);
        return List.copyOf(g.cases);
    }

    // --- requests --------------------------------------------------------------------------

    /** A request with the usual transport: mostly JSON with the key in a header, a quarter as a beacon. */
    void add(String path, String name, byte[] body) {
        int limit = EVENTS.equals(path) ? MAX_EVENT_BYTES : MAX_BATCH_BYTES;
        add(path, name, body, body.length > limit ? 413 : 400);
    }

    void add(String path, String name, byte[] body, int expectedStatus) {
        boolean beacon = random.nextInt(4) == 0;
        cases.add(new FuzzCase(name, path, beacon ? "text/plain" : "application/json", beacon, body, expectedStatus));
    }

    void add(FuzzCase c) {
        cases.add(c);
    }

    void single(String name, String body) {
        add(EVENTS, name, utf8(body));
    }

    void batch(String name, String body) {
        add(BATCH, name, utf8(body));
    }

    /** The event alone, and the event as the only one of a batch. */
    void both(String name, byte[] event) {
        add(EVENTS, name, event);
        add(BATCH, name + " (in a batch)", wrap(event));
    }

    void both(String name, String event) {
        both(name, utf8(event));
    }

    /** A well-formed event that breaks a rule: posted alone and in a batch, and kept for mixed batches. */
    void badEvent(String name, String event) {
        both(name, event);
        badEvents.add(event);
    }

    // --- building blocks -------------------------------------------------------------------

    /** The members of a valid event, customerId and type always, the others now and then. */
    Map<String, String> validFields() {
        int n = ++serial;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("customerId", str("fuzz-" + n));
        fields.put("type", str(pick(TYPES)));
        if (random.nextBoolean()) {
            fields.put("eventId", str("fz-" + n));
        }
        if (random.nextBoolean()) {
            fields.put("channel", str(pick(CHANNELS)));
        }
        if (random.nextBoolean()) {
            fields.put("timestamp", str("2025-06-01T12:00:00Z"));
            if (random.nextBoolean()) {
                fields.put("sentAt", str("2025-06-01T12:00:01Z"));
            }
        }
        if (random.nextBoolean()) {
            fields.put("properties", PROPERTIES);
        }
        return fields;
    }

    String validEvent() {
        return render(validFields());
    }

    /** A valid event but for one member, whose raw JSON value is given. */
    String eventWith(String field, String rawValue) {
        Map<String, String> fields = validFields();
        fields.put(field, rawValue);
        return render(fields);
    }

    String validBatch() {
        List<String> events = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            events.add(validEvent());
        }
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** Renders members in random order: no generator may rely on customerId coming first. */
    String render(Map<String, String> fields) {
        List<String> members = new ArrayList<>();
        fields.forEach((k, v) -> members.add(str(k) + ":" + v));
        Collections.shuffle(members, random);
        return "{" + String.join(",", members) + "}";
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static String str(String s) {
        return "\"" + s + "\"";
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    static byte[] wrap(byte[] event) {
        return join(utf8("{\"events\":["), event, utf8("]}"));
    }

    static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}

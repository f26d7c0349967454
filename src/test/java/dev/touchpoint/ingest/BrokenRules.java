package dev.touchpoint.ingest;

import static dev.touchpoint.ingest.BadPayloads.str;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Well-formed JSON that breaks a rule of docs/api.md or §4: wrong types for every field, names
 * that do not match the pattern, unknown fields, timestamps that are no ISO instant or lie too
 * far ahead, and batches that are not {@code {"events": [ … ]}} or hold no valid event.
 */
final class BrokenRules {

    private static final String[] NOT_A_STRING = { "0", "1", "-1", "1.5", "1e3", "1e999999",
            "123456789012345678901234567890", "true", "false", "[]", "[\"x\"]", "{}", "{\"a\":\"b\"}" };
    private static final String[] NOT_AN_OBJECT = { "0", "1", "-1.5", "1e999999", "true", "false", "[]", "[{}]",
            "[\"k\",\"v\"]", "\"x\"", "\"\"", "\"{}\"" };
    private static final String[] BAD_NAMES = { "\"\"", "\"Page_View\"", "\"UPPER\"", "\"a b\"", "\"-x\"", "\"_x\"",
            "\".x\"", "\":x\"", "\"" + "x".repeat(65) + "\"", "\"é\"", "\"x/y\"", "\"x*\"", "\"x%\"", "\"😀\"", "\" x\"",
            "\"x \"", "\"x\\n\"", "\"x\\u0000\"", "\"\\u0130\"", "\"x\\u2028\"", "\"x\\u007f\"", "\"x\\u0085\"" };
    private static final String[] UNKNOWN_FIELDS = { "userId", "event", "Type", "TYPE", "customerid", "type ",
            " type", "", "properties.plan", "__proto__", "constructor", "timestamp2", "sent_at", "context",
            "integrations", "writeKey", "events", "messageId", "é", "\\u0000", "a".repeat(1_000) };
    private static final String[] NOT_AN_INSTANT = { "", " ", "now", "yesterday", "soon", "1767225600",
            "1767225600000", "T", "Z", "2025-06-01", "2025-06-01T12:00:00", "2025-06-01 12:00:00Z",
            "2025/06/01T12:00:00Z", "2025-6-1T12:00:00Z", "2025-13-01T12:00:00Z", "2025-02-30T12:00:00Z",
            "2025-06-32T12:00:00Z", "2025-06-01T25:00:00Z", "2025-06-01T23:60:00Z", "2025-06-01T23:59:60Z",
            "2025-06-01T12:00:00+19:00", "2025-06-01T12:00:00+25:00", "2025-06-01T12:00:00.1234567891Z",
            "2025-06-01T12:00:00ZZ", "2025-06-01T12:00:00 Z", " 2025-06-01T12:00:00Z", "2025-06-01T12:00:00Z ",
            "2025-W22-7T12:00:00Z", "2025-152T12:00:00Z", "+1000000000-01-01T00:00:00Z",
            "-1000000000-01-01T00:00:00Z", "99999999999-01-01T00:00:00Z", "2025-06-01T12:00:00\\u0000Z",
            "P1D", "2025-06-01T12:00:00[Europe/Paris]", "Sun, 01 Jun 2025 12:00:00 GMT" };

    private BrokenRules() {
    }

    static void addTo(BadPayloads g) {
        wrongTypes(g);
        unknownFields(g, 150);
        escapedControlCharacters(g);
        timestamps(g);
        batchShapes(g);
    }

    private static void wrongTypes(BadPayloads g) {
        for (String field : List.of("eventId", "customerId", "anonymousId", "type", "channel", "timestamp", "sentAt")) {
            for (String value : NOT_A_STRING) {
                g.badEvent(field + " is " + value, g.eventWith(field, value));
            }
        }
        for (String value : NOT_AN_OBJECT) {
            g.badEvent("properties is " + value, g.eventWith("properties", value));
        }
        for (String value : BAD_NAMES) {
            g.badEvent("type is " + value, g.eventWith("type", value));
            g.badEvent("channel is " + value, g.eventWith("channel", value));
        }
        for (String id : List.of("eventId", "customerId", "anonymousId")) {
            int max = "eventId".equals(id) ? 64 : 256;
            g.badEvent(id + " is empty", g.eventWith(id, "\"\""));
            g.badEvent(id + " is " + (max + 1) + " chars", g.eventWith(id, str("x".repeat(max + 1))));
            g.badEvent(id + " is " + (max + 1) + " emoji", g.eventWith(id, str("😀".repeat(max + 1))));
        }
        g.badEvent("type is null", g.eventWith("type", "null"));
        g.badEvent("customerId is null", g.eventWith("customerId", "null"));
        g.badEvent("customerId and anonymousId are null",
                "{\"customerId\":null,\"anonymousId\":null,\"type\":\"page_view\"}");
        g.badEvent("type missing", "{\"customerId\":\"c\",\"channel\":\"web\"}");
        g.badEvent("every field wrong", "{\"eventId\":1,\"customerId\":[],\"anonymousId\":{},\"type\":false,"
                + "\"channel\":0.5,\"timestamp\":1767225600,\"sentAt\":[],\"properties\":\"p\"}");
    }

    private static void unknownFields(BadPayloads g, int count) {
        for (int i = 0; i < count; i++) {
            String name = i < UNKNOWN_FIELDS.length ? UNKNOWN_FIELDS[i] : randomName(g);
            String value = g.pick(new String[] { "1", "\"x\"", "null", "{}", "[]", "true" });
            String event = g.validEvent();
            String withUnknown = "{" + str(name) + ":" + value + "," + event.substring(1);
            if (i % 4 == 3) {
                g.batch("unknown batch member '" + name + "'", "{\"events\":[" + event + "]," + str(name) + ":" + value
                        + "}");
            } else {
                g.badEvent("unknown field '" + name + "'", withUnknown);
            }
        }
    }

    private static String randomName(BadPayloads g) {
        StringBuilder name = new StringBuilder();
        for (int n = 1 + g.random.nextInt(12); n > 0; n--) {
            name.append((char) ('a' + g.random.nextInt(26)));
        }
        return name.toString();
    }

    /** Escaped control and invisible characters are valid JSON, but never match the name pattern. */
    private static void escapedControlCharacters(BadPayloads g) {
        for (int c = 0; c < 0x20; c++) {
            String escaped = String.format("\\u%04x", c);
            g.badEvent("escaped U+" + escaped.substring(2) + " in type", g.eventWith("type", str("page" + escaped)));
            g.badEvent("escaped U+" + escaped.substring(2) + " in channel", g.eventWith("channel", str(escaped + "web")));
        }
    }

    private static void timestamps(BadPayloads g) {
        for (String value : NOT_AN_INSTANT) {
            g.badEvent("timestamp is '" + value + "'", g.eventWith("timestamp", str(value)));
            g.badEvent("sentAt is '" + value + "'", g.eventWith("sentAt", str(value)));
        }
        Instant now = Instant.now();
        for (String future : List.of("2999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "+999999999-12-31T23:59:59.999999999-18:00", now.plus(Duration.ofHours(25)).toString(),
                now.plus(Duration.ofDays(3650)).toString())) {
            g.badEvent("timestamp in the future: " + future, g.eventWith("timestamp", str(future)));
        }
        // The client's clock is 2 days slow: corrected, the timestamp lies 2 days ahead.
        g.badEvent("timestamp 2 days ahead once corrected for skew", "{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":"
                + str(now.toString()) + ",\"sentAt\":" + str(now.minus(Duration.ofDays(2)).toString()) + "}");
        // Skew correction of extreme instants leaves the range of an Instant.
        String[][] extremes = { { "+999999999-12-31T23:59:59Z", "2020-01-01T00:00:00Z" },
                { "2025-06-01T12:00:00Z", "-999999999-01-01T00:00:00Z" },
                { "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z" },
                { "+999999999-12-31T23:59:59-18:00", "-999999999-01-01T00:00:00+18:00" } };
        for (String[] pair : extremes) {
            g.badEvent("timestamp " + pair[0] + " with sentAt " + pair[1], "{\"customerId\":\"c\",\"type\":\"t\","
                    + "\"timestamp\":" + str(pair[0]) + ",\"sentAt\":" + str(pair[1]) + "}");
        }
    }

    private static void batchShapes(BadPayloads g) {
        String valid = g.validEvent();
        String[] bodies = { "[]", "[" + valid + "]", "[{\"events\":[" + valid + "]}]", "\"events\"", "1", "null",
                "true", "[[]]", "{}", "{\"events\":null}", "{\"events\":{}}", "{\"events\":{\"0\":" + valid + "}}",
                "{\"events\":" + str(("[" + valid + "]").replace("\"", "\\\"")) + "}", "{\"events\":1}",
                "{\"events\":true}", "{\"events\":\"\"}", "{\"Events\":[" + valid + "]}", "{\"event\":" + valid + "}",
                "{\"events\":[]}", "{\"events\":[null]}", "{\"events\":[1,\"x\",null,[],true,1e999999]}",
                "{\"events\":[[" + valid + "]]}", "{\"events\":[\"" + valid.replace("\"", "\\\"") + "\"]}",
                "{\"events\":[{}]}", "{\"events\":[{},{},{}]}", "{\"batch\":{\"events\":[" + valid + "]}}",
                "{\"events\":[" + valid + "],\"sentAt\":\"2025-06-01T12:00:00Z\"}", valid };
        for (String body : bodies) {
            g.batch("batch shape: " + abbreviate(body), body);
        }
    }

    /** Batches of 2–10 events, each breaking some rule: the batch as a whole is refused. */
    static void mixedBatches(BadPayloads g, int count) {
        for (int i = 0; i < count; i++) {
            List<String> events = new ArrayList<>();
            for (int n = 2 + g.random.nextInt(9); n > 0; n--) {
                events.add(g.pick(g.badEvents));
            }
            g.batch("batch of " + events.size() + " invalid events", "{\"events\":[" + String.join(",", events) + "]}");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "…";
    }
}

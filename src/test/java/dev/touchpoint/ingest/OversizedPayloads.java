package dev.touchpoint.ingest;

import static dev.touchpoint.ingest.BadPayloads.BATCH;
import static dev.touchpoint.ingest.BadPayloads.MAX_BATCH_EVENTS;
import static dev.touchpoint.ingest.BadPayloads.str;
import static dev.touchpoint.ingest.BadPayloads.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Payloads that are too deep, too long or too many: nesting far beyond any real event, strings
 * of a megabyte, numbers no double holds, and batches over 1,000 events or 500 KiB. Bodies over
 * the HTTP limit (1 MiB) are few: they are refused by their Content-Length before they are read.
 */
final class OversizedPayloads {

    private static final int[] DEPTHS = { 65, 200, 1_000, 10_000, 100_000 };
    private static final String[] ID_FIELDS = { "customerId", "anonymousId", "eventId", "type", "channel",
            "timestamp", "sentAt" };

    private OversizedPayloads() {
    }

    static void addTo(BadPayloads g) {
        deepNesting(g);
        hugeStrings(g);
        hugeNumbers(g);
        hugeBatches(g);
    }

    static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static String objects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    static String mixed(int depth) {
        return "[{\"a\":".repeat(depth) + "1" + "}]".repeat(depth);
    }

    private static void deepNesting(BadPayloads g) {
        for (int depth : DEPTHS) {
            g.both("properties nested " + depth + " arrays deep", g.eventWith("properties", "{\"deep\":" + arrays(depth) + "}"));
            g.both("properties nested " + depth + " objects deep", g.eventWith("properties", "{\"deep\":" + objects(depth) + "}"));
            g.both("properties nested " + depth + " arrays/objects deep", g.eventWith("properties", mixedIn(depth)));
        }
        g.both("type nested 10000 arrays deep", g.eventWith("type", arrays(10_000)));
        g.both("the body is 10000 nested arrays", arrays(10_000));
        g.both("the body is 10000 unclosed arrays", "[".repeat(10_000));
        g.both("properties opens 10000 arrays and never closes them",
                "{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"a\":" + "[".repeat(10_000));
        g.both("properties nested 600000 arrays deep (1.2 MB)", g.eventWith("properties", "{\"deep\":" + arrays(600_000) + "}"));
    }

    private static String mixedIn(int depth) {
        return "{\"deep\":" + mixed(depth) + "}";
    }

    private static void hugeStrings(BadPayloads g) {
        String megabyte = "x".repeat(1_000_000);
        String overEvent = "x".repeat(33_000);
        for (String field : ID_FIELDS) {
            g.both(field + " of 1,000,000 chars", g.eventWith(field, str(megabyte)));
            g.both(field + " of 33,000 chars", g.eventWith(field, str(overEvent)));
        }
        g.both("a property value of 1,000,000 chars", g.eventWith("properties", "{\"blob\":" + str(megabyte) + "}"));
        g.both("a property name of 1,000,000 chars", g.eventWith("properties", "{" + str(megabyte) + ":1}"));
        g.both("a property name of 60,000 chars", g.eventWith("properties", "{" + str("k".repeat(60_000)) + ":1}"));
        g.both("a property value of 100,000 escapes", g.eventWith("properties", "{\"e\":" + str("\\u0041".repeat(100_000)) + "}"));
        g.both("an unknown field named with 100,000 chars", "{" + str("u".repeat(100_000)) + ":1,\"customerId\":\"c\",\"type\":\"t\"}");
        g.both("a property value of 1,048,577 chars", g.eventWith("properties", "{\"blob\":" + str("x".repeat(1_048_577)) + "}"));
        g.both("a property value of 5,000,000 chars", g.eventWith("properties", "{\"blob\":" + str("x".repeat(5_000_000)) + "}"));
    }

    private static void hugeNumbers(BadPayloads g) {
        List<String> numbers = List.of("1e999999", "-1e999999", "1E+2147483648", "9".repeat(100_000),
                "1" + "0".repeat(2_000), "-" + "9".repeat(5_000), "0." + "1".repeat(1_500), "1." + "0".repeat(1_500) + "1",
                "1e-999999", "123456789012345678901234567890e123456789");
        for (String number : numbers) {
            String name = number.length() > 40 ? "a number of " + number.length() + " chars" : number;
            g.both("the body is " + name, number);
            g.both("type is " + name, g.eventWith("type", number));
            g.both("customerId is " + name, g.eventWith("customerId", number));
            g.both("timestamp is " + name, g.eventWith("timestamp", number));
            if (!number.startsWith("1e-") && !number.startsWith("123")) {
                g.both("a property is " + name, g.eventWith("properties", "{\"n\":" + number + "}"));
                g.both("a property holds " + name + " in an array", g.eventWith("properties", "{\"n\":[1," + number + "]}"));
            }
        }
    }

    private static void hugeBatches(BadPayloads g) {
        g.add(BATCH, "1,001 valid events", batchOf(1_001, OversizedPayloads::minimal), 413);
        g.add(BATCH, "5,000 valid events", batchOf(5_000, OversizedPayloads::minimal), 413);
        g.add(BATCH, "1,001 empty events", batchOf(1_001, i -> "{}"), 413);
        g.add(BATCH, "200,000 numbers as events", batchOf(200_000, i -> "1"), 413);
        g.add(BATCH, "1,000 invalid events", batchOf(MAX_BATCH_EVENTS, i -> "{\"customerId\":\"c\",\"type\":\"T" + i + "\"}"));
        g.add(BATCH, "1,000 events, one of 33 KB, the others empty", batchOf(MAX_BATCH_EVENTS,
                i -> i == 500 ? "{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"b\":" + str("x".repeat(33_000)) + "}}"
                        : "{}"));
        String padding = "p".repeat(600);
        g.add(BATCH, "900 valid events of about 650 bytes (over 500 KiB)", batchOf(900, i -> padded(i, padding)), 413);
        g.add(BATCH, "1,000 valid events of about 550 bytes (over 500 KiB)",
                batchOf(MAX_BATCH_EVENTS, i -> padded(i, "p".repeat(500))), 413);
        g.add(BATCH, "1,000 valid events of about 1,150 bytes (over 1 MiB)",
                batchOf(MAX_BATCH_EVENTS, i -> padded(i, "p".repeat(1_100))), 413);
    }

    private static String minimal(int i) {
        return "{\"customerId\":\"fuzz-big-" + i + "\",\"type\":\"page_view\"}";
    }

    private static String padded(int i, String padding) {
        return "{\"customerId\":\"fuzz-big-" + i + "\",\"type\":\"page_view\",\"properties\":{\"pad\":" + str(padding) + "}}";
    }

    static byte[] batchOf(int count, IntFunction<String> event) {
        List<String> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event.apply(i));
        }
        return utf8("{\"events\":[" + String.join(",", events) + "]}");
    }
}

package dev.touchpoint.ingest;

import static dev.touchpoint.ingest.BadPayloads.BATCH;
import static dev.touchpoint.ingest.BadPayloads.EVENTS;
import static dev.touchpoint.ingest.BadPayloads.bytes;
import static dev.touchpoint.ingest.BadPayloads.join;
import static dev.touchpoint.ingest.BadPayloads.utf8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bodies that are not JSON, or not only JSON: bare values, truncations, byte flips, unbalanced
 * brackets, trailing garbage, invalid UTF-8, raw control characters and duplicate keys.
 */
final class MalformedJson {

    /** Bodies that are no event and no batch, whatever endpoint gets them. */
    private static final String[] FIXED = { "", " ", "\n", "null", "true", "false", "0", "-1", "1.5", "\"event\"",
            "\"\"", "[]", "[{}]", "[null]", "[[]]", "{}", "{", "}", "[", "]", "{]", "[}", ":", ",", "\"", "{\"type\"}",
            "{\"type\":}", "{,}", "{\"type\":\"t\",}", "{\"customerId\":\"c\",\"type\":\"t\",}", "[1,]",
            "{'customerId':'c','type':'t'}", "{customerId:\"c\",type:\"t\"}", "/* c */{\"customerId\":\"c\",\"type\":\"t\"}",
            "// c\n{\"customerId\":\"c\",\"type\":\"t\"}", "# c\n{}", "NaN", "Infinity", "-Infinity", "0x1F", "01", "1.",
            ".5", "+1", "1e", "--1", "\"\\x41\"", "\"\\u12\"", "\"unterminated", "{\"customerId\":\"c\\\",\"type\":\"t\"}",
            "{\"customerId\":\"c\" \"type\":\"t\"}", "{\"customerId\"::\"c\",\"type\":\"t\"}", "{{}}", "{[]}",
            "{\"customerId\":\"c\";\"type\":\"t\"}", "{\"customerId\"=\"c\"}", "<event/>", "customerId=c&type=t",
            "undefined", "{\"customerId\":undefined,\"type\":\"t\"}", "{\"customerId\":\"c\",\"type\":'t'}",
            "{\"customerId\":\"c\",\"type\":\"t\"\"}", "{\"customerId\":\"c\",\"type\":tru}", "\u0000", "\\" };

    /** What may follow a complete body: never only whitespace, so never valid JSON. */
    private static final String[] GARBAGE = { "x", "}", "]", ",", "{}", "[]", "null", "0", "\"s\"", ":", "//",
            "/* c */", "{\"customerId\":\"c\",\"type\":\"t\"}", ",{\"customerId\":\"c\",\"type\":\"t\"}", "\u0000",
            "garbage", "\"", "\\", "{", "[", "true", " x", "\n}" };

    private static final String STRUCTURAL = "{}[]:,\"";

    private MalformedJson() {
    }

    static void addTo(BadPayloads g) {
        for (String body : FIXED) {
            g.single("not an event: " + body, body);
            g.batch("not a batch: " + body, body);
        }
        truncations(g, 400);
        byteFlips(g, 400);
        unbalanced(g, 100);
        trailingGarbage(g, 100);
        invalidUtf8(g);
        rawControlCharacters(g);
        duplicateKeys(g, 150);
    }

    private static void truncations(BadPayloads g, int count) {
        for (int i = 0; i < count; i++) {
            boolean batch = i % 2 == 1;
            byte[] whole = utf8(batch ? g.validBatch() : g.validEvent());
            int cut = g.random.nextInt(whole.length);
            g.add(batch ? BATCH : EVENTS, "truncated at " + cut + " of " + whole.length + " bytes",
                    Arrays.copyOf(whole, cut));
        }
    }

    /**
     * Flips 1–3 bytes, never two side by side. A bracket, colon, comma or quote may become any
     * other byte; any other byte becomes a control character or a lone non-ASCII byte, which
     * JSON never allows there. So a flipped body is never valid JSON.
     */
    private static void byteFlips(BadPayloads g, int count) {
        for (int i = 0; i < count; i++) {
            boolean batch = i % 2 == 1;
            byte[] body = utf8(batch ? g.validBatch() : g.validEvent());
            List<String> flips = new ArrayList<>();
            List<Integer> used = new ArrayList<>();
            for (int n = 1 + g.random.nextInt(3); n > 0; n--) {
                int at = g.random.nextInt(body.length);
                if (used.stream().anyMatch(u -> Math.abs(u - at) <= 1)) {
                    continue;
                }
                used.add(at);
                byte was = body[at];
                body[at] = STRUCTURAL.indexOf(was) >= 0 ? otherByte(g, was) : neverAllowedByte(g);
                flips.add(String.format("%d:%02x->%02x", at, was & 0xff, body[at] & 0xff));
            }
            g.add(batch ? BATCH : EVENTS, "byte flips " + flips, body);
        }
    }

    private static byte otherByte(BadPayloads g, byte was) {
        byte b;
        do {
            b = (byte) g.random.nextInt(256);
        } while (b == was);
        return b;
    }

    private static byte neverAllowedByte(BadPayloads g) {
        int b;
        do {
            b = g.random.nextBoolean() ? g.random.nextInt(0x20) : 0x80 + g.random.nextInt(0x80);
        } while (b == '\t' || b == '\n' || b == '\r');
        return (byte) b;
    }

    private static void unbalanced(BadPayloads g, int count) {
        String[] ways = { "extra closers", "extra openers", "closer swapped", "opener inserted", "closer dropped" };
        for (int i = 0; i < count; i++) {
            boolean batch = i % 2 == 1;
            String whole = batch ? g.validBatch() : g.validEvent();
            String way = ways[i / 2 % ways.length];
            String broken = switch (way) {
                case "extra closers" -> whole + g.pick(new String[] { "}", "]", "}}", "]]]", "}]" });
                case "extra openers" -> g.pick(new String[] { "{", "[", "[[", "{\"events\":" }) + whole;
                case "closer swapped" -> whole.substring(0, whole.length() - 1) + "]";
                case "opener inserted" -> {
                    int colon = whole.indexOf(':', g.random.nextInt(whole.length() - 1));
                    int at = colon < 0 ? 1 : colon + 1;
                    yield whole.substring(0, at) + g.pick(new String[] { "{", "[" }) + whole.substring(at);
                }
                default -> whole.substring(0, whole.length() - 1);
            };
            g.add(batch ? BATCH : EVENTS, "unbalanced brackets, " + way, utf8(broken));
        }
    }

    /** A complete, valid body followed by more: the whole is not JSON, so it must not be accepted. */
    private static void trailingGarbage(BadPayloads g, int count) {
        for (int i = 0; i < count; i++) {
            boolean batch = i % 2 == 1;
            String garbage = g.pick(GARBAGE);
            g.add(batch ? BATCH : EVENTS, "trailing garbage after a valid body",
                    utf8((batch ? g.validBatch() : g.validEvent()) + garbage));
        }
    }

    /** Byte sequences that are not UTF-8 (RFC 3629): overlong, surrogates, beyond U+10FFFF, cut short. */
    private static void invalidUtf8(BadPayloads g) {
        int[][] sequences = { { 0xff }, { 0xfe }, { 0x80 }, { 0xbf }, { 0xc0, 0x80 }, { 0xc1, 0xbf },
                { 0xe0, 0x80, 0x80 }, { 0xf0, 0x80, 0x80, 0x80 }, { 0xed, 0xa0, 0x80 }, { 0xed, 0xbf, 0xbf },
                { 0xf4, 0x90, 0x80, 0x80 }, { 0xf5, 0x80, 0x80, 0x80 }, { 0xf8, 0x88, 0x80, 0x80, 0x80 },
                { 0xfc, 0x80, 0x80, 0x80, 0x80, 0x80 }, { 0xc3 }, { 0xe2, 0x82 }, { 0xf0, 0x9f, 0x98 }, { 0xc3, 0x28 },
                { 0xe2, 0x28, 0xa1 }, { 0xf0, 0x28, 0x8c, 0xbc } };
        String[][] places = { { "{\"customerId\":\"fu", "zz\",\"type\":\"page_view\"}" },
                { "{\"anonymousId\":\"", "\",\"type\":\"page_view\"}" },
                { "{\"customerId\":\"c\",\"eventId\":\"e", "\",\"type\":\"page_view\"}" },
                { "{\"customerId\":\"c\",\"type\":\"page", "_view\"}" },
                { "{\"customerId\":\"c\",\"type\":\"page_view\",\"properties\":{\"k", "\":\"v\"}}" },
                { "{\"customerId\":\"c\",\"type\":\"page_view\",\"properties\":{\"k\":\"v", "\"}}" },
                { "{\"customer", "Id\":\"c\",\"type\":\"page_view\"}" },
                { "{", "\"customerId\":\"c\",\"type\":\"page_view\"}" } };
        for (int[] sequence : sequences) {
            byte[] bad = bytes(sequence);
            for (String[] place : places) {
                g.both("invalid UTF-8 " + hex(sequence), join(utf8(place[0]), bad, utf8(place[1])));
            }
        }
        // Escapes of lone surrogates are no Unicode either (RFC 7493 §2.1); as a name they cannot be stored.
        for (String name : new String[] { "\\udc00", "\\ud800", "k\\ud800x", "\\udfff\\ud800" }) {
            g.both("escaped lone surrogate in a property name", "{\"customerId\":\"c\",\"type\":\"t\","
                    + "\"properties\":{\"" + name + "\":1}}");
        }
    }

    /** Control characters unescaped inside strings, and (except JSON's whitespace) between tokens. */
    private static void rawControlCharacters(BadPayloads g) {
        for (int c = 0; c < 0x20; c++) {
            String ch = String.valueOf((char) c);
            String name = String.format("raw control character U+%04X ", c);
            g.both(name + "in customerId", "{\"customerId\":\"fuzz" + ch + "x\",\"type\":\"page_view\"}");
            g.single(name + "in type", "{\"customerId\":\"c\",\"type\":\"page" + ch + "view\"}");
            g.batch(name + "in a property name", "{\"events\":[{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"k"
                    + ch + "\":1}}]}");
            g.single(name + "in a property value", "{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"k\":\"v"
                    + ch + "\"}}");
            if (c != '\t' && c != '\n' && c != '\r') {
                g.both(name + "between tokens", "{\"customerId\":\"c\"," + ch + "\"type\":\"t\"}");
            }
        }
    }

    private static void duplicateKeys(BadPayloads g, int count) {
        String[] fields = { "customerId", "type", "eventId", "channel", "timestamp", "properties", "anonymousId" };
        for (int i = 0; i < count; i++) {
            String event = g.validEvent();
            String body = event.substring(0, event.length() - 1);
            String field = fields[i % fields.length];
            String kind;
            switch (i % 5) {
                case 0, 1 -> {
                    kind = "top-level " + field + ", other value";
                    body += ",\"" + field + "\":" + sample(field, "2") + ",\"" + field + "\":" + sample(field, "3") + "}";
                }
                case 2 -> {
                    kind = "top-level " + field + ", same value";
                    String v = sample(field, "4");
                    body += ",\"" + field + "\":" + v + ",\"" + field + "\":" + v + "}";
                }
                case 3 -> {
                    kind = "in properties";
                    body = g.eventWith("properties", "{\"k\":1,\"l\":{\"m\":2,\"m\":3}}");
                }
                default -> {
                    kind = "in properties, top level";
                    body = g.eventWith("properties", "{\"k\":1,\"k\":1}");
                }
            }
            boolean batch = i % 3 == 2;
            if (batch && i % 2 == 0) {
                g.batch("duplicate key: \"events\" twice", "{\"events\":[" + g.validEvent() + "],\"events\":["
                        + g.validEvent() + "]}");
            } else if (batch) {
                g.batch("duplicate key " + kind + " (in a batch)", "{\"events\":[" + body + "]}");
            } else {
                g.single("duplicate key " + kind, body);
            }
        }
    }

    private static String sample(String field, String suffix) {
        return switch (field) {
            case "type" -> "\"purchase" + suffix + "\"";
            case "channel" -> "\"web" + suffix + "\"";
            case "timestamp" -> "\"2025-06-0" + suffix + "T00:00:00Z\"";
            case "properties" -> "{\"n\":" + suffix + "}";
            default -> "\"id-" + suffix + "\"";
        };
    }

    private static String hex(int[] sequence) {
        StringBuilder out = new StringBuilder();
        for (int b : sequence) {
            out.append(String.format("%02X ", b));
        }
        return out.toString().trim();
    }
}

package dev.touchpoint.ingest;

import java.nio.charset.StandardCharsets;

/**
 * One request of {@link IngestFuzzTest}: what is posted where and how, and the answer it
 * deserves. Kept as raw bytes so that invalid UTF-8 reaches the server untouched.
 *
 * @param name           the generator and what it did, e.g. {@code truncated at 17 of 120 bytes}
 * @param path           {@code /v1/events} or {@code /v1/events/batch}
 * @param contentType    the Content-Type header as sent, or {@code null} for none
 * @param keyInQuery     the write key comes as {@code ?writeKey=} (as from sendBeacon), not as a header
 * @param body           the exact bytes of the body
 * @param expectedStatus the one status this case deserves, or 0 when any 4xx will do
 */
record FuzzCase(String name, String path, String contentType, boolean keyInQuery, byte[] body, int expectedStatus) {

    /** {@code quarkus.http.limits.max-body-size}: above it Vert.x refuses before the application. */
    static final int HTTP_BODY_LIMIT = 1024 * 1024;

    boolean beyondHttpLimit() {
        return body.length > HTTP_BODY_LIMIT;
    }

    /** The request line and body in a form a person can paste into curl: printable, escaped, abbreviated. */
    String describe() {
        return "POST " + path + (keyInQuery ? "?writeKey=…" : "") + " [" + name + "] Content-Type: "
                + (contentType == null ? "(none)" : contentType) + ", key in " + (keyInQuery ? "query" : "header")
                + ", body (" + body.length + " bytes): " + preview(body, 240);
    }

    static String preview(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        if (bytes.length > max) {
            out.append("…(").append(bytes.length - max).append(" more bytes, ending in ")
                    .append(new String(bytes, Math.max(max, bytes.length - 40), Math.min(40, bytes.length - max),
                            StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?"))
                    .append(")");
        }
        return out.toString();
    }
}

package dev.touchpoint.ingest;

import static dev.touchpoint.ingest.BadPayloads.BATCH;
import static dev.touchpoint.ingest.BadPayloads.EVENTS;
import static dev.touchpoint.ingest.BadPayloads.utf8;

/**
 * Content-Types the event endpoints do not take (they take {@code application/json} and, for
 * sendBeacon, {@code text/plain}): a valid body under such a type is still refused, with 415.
 * Malformed or missing Content-Type headers carry invalid bodies and deserve any 4xx.
 */
final class WrongTransport {

    private static final String[] UNSUPPORTED = { "application/xml", "text/xml", "text/html",
            "application/octet-stream", "image/png", "text/csv", "application/cbor", "application/x-ndjson",
            "application/javascript", "application/pdf", "text/json", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=fuzz" };
    private static final String[] MALFORMED = { "foo", "application/", "/json", "/", "json", "application/json;;",
            "application/json; charset", "application/json; charset=", "text/plain; charset=\"unterminated", ";",
            "*/*", "application/*", "text/*", "text/plain; charset=klingon",
            "application/json; charset=utf-8; charset=latin1", "APPLICATION/JSON", "application/json, text/plain",
            "multipart/form-data", "application/json; charset=utf-16", "text/plain;;;;;;;;;;;;;;;;;;;;" };

    private WrongTransport() {
    }

    static void addTo(BadPayloads g) {
        for (String type : UNSUPPORTED) {
            for (String path : new String[] { EVENTS, BATCH }) {
                String json = EVENTS.equals(path) ? g.validEvent() : g.validBatch();
                boolean query = g.random.nextBoolean();
                g.add(new FuzzCase("valid JSON as " + type, path, type, query, utf8(json), 415));
                g.add(new FuzzCase("a body in the form of " + type, path, type, !query, utf8(shaped(type, json)), 415));
            }
        }
        for (String type : MALFORMED) {
            for (String path : new String[] { EVENTS, BATCH }) {
                g.add(new FuzzCase("odd Content-Type header, invalid body", path, type, g.random.nextBoolean(),
                        utf8("{\"customerId\":\"c\",\"type\":\"BAD TYPE\"}"), 0));
            }
        }
        for (String body : new String[] { "", "{", "null", "{\"customerId\":\"c\"}", "<event/>" }) {
            g.add(new FuzzCase("no Content-Type header, invalid body", EVENTS, null, false, utf8(body), 0));
            g.add(new FuzzCase("no Content-Type header, invalid body", BATCH, null, true, utf8(body), 0));
        }
    }

    /** The body a client of that type would send, carrying a valid event. */
    private static String shaped(String type, String json) {
        if (type.endsWith("xml")) {
            return "<?xml version=\"1.0\"?><event><customerId>fuzz-xml</customerId><type>page_view</type></event>";
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return "customerId=fuzz-form&type=page_view";
        }
        if (type.startsWith("multipart/")) {
            return "--fuzz\r\nContent-Disposition: form-data; name=\"event\"\r\nContent-Type: application/json\r\n\r\n"
                    + json + "\r\n--fuzz--\r\n";
        }
        return json;
    }
}

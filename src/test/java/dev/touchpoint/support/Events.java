package dev.touchpoint.support;

import static dev.touchpoint.support.Api.writer;

import java.util.ArrayList;
import java.util.List;

/** Builds event JSON and posts it in batches. */
public final class Events {

    private final List<String> events = new ArrayList<>();

    public Events add(String customer, String eventId, String type, String channel, String timestamp) {
        events.add("{\"eventId\":\"" + eventId + "\",\"customerId\":\"" + customer + "\",\"type\":\"" + type
                + "\",\"channel\":\"" + channel + "\",\"timestamp\":\"" + timestamp + "\"}");
        return this;
    }

    /** An event with {@code properties} (a JSON object's text; null: none given). */
    public Events addWithProperties(String customer, String eventId, String type, String channel, String timestamp,
            String properties) {
        events.add("{\"eventId\":\"" + eventId + "\",\"customerId\":\"" + customer + "\",\"type\":\"" + type
                + "\",\"channel\":\"" + channel + "\",\"timestamp\":\"" + timestamp + "\""
                + (properties == null ? "" : ",\"properties\":" + properties) + "}");
        return this;
    }

    /** An event with either id or both (a link event, SPEC §1.1); a {@code null} id is left out. */
    public Events addWith(String customer, String anonymous, String eventId, String type, String channel, String timestamp) {
        events.add("{\"eventId\":\"" + eventId + "\"" + (customer == null ? "" : ",\"customerId\":\"" + customer + "\"")
                + (anonymous == null ? "" : ",\"anonymousId\":\"" + anonymous + "\"") + ",\"type\":\"" + type
                + "\",\"channel\":\"" + channel + "\",\"timestamp\":\"" + timestamp + "\"}");
        return this;
    }

    public int size() {
        return events.size();
    }

    /** Everything added as one batch body (at most 500 events make a valid batch). */
    public String body() {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** Posts everything added, in batches of at most 500, each answered 202. */
    public void post() {
        for (int from = 0; from < events.size(); from += 500) {
            List<String> chunk = events.subList(from, Math.min(events.size(), from + 500));
            writer().body("{\"events\":[" + String.join(",", chunk) + "]}").post("/v1/events/batch")
                    .then().statusCode(202);
        }
    }
}

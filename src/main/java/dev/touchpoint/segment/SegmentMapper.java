package dev.touchpoint.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.touchpoint.error.FieldError;

/**
 * Turns one message of Segment's HTTP Tracking API into a touchpoint event as SPEC §5.1 maps it.
 * Values are copied as sent, so that {@code EventValidator} applies SPEC §1's rules to them
 * exactly as to {@code /v1/events}; only what Segment's format itself requires is checked here.
 * Pure logic, unit-tested without a server.
 */
public final class SegmentMapper {

    /** Segment's message types and the touchpoint type each becomes ({@code track} takes its {@code event}). */
    static final Map<String, String> TYPES = Map.of("track", "", "page", "page_view", "screen", "screen_view",
            "identify", "identify", "alias", "alias");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SegmentMapper() {
    }

    /** The mapped event, or what is wrong with the message in Segment's own field names (never both). */
    public record Mapped(ObjectNode event, List<FieldError> errors) {
    }

    /**
     * @param message  one Segment message
     * @param kind     its type ({@code track}, …), from the path or, in a batch, its {@code type} field
     * @param defaults the batch's shared {@code context} and {@code sentAt} (an empty object outside a batch)
     */
    public static Mapped map(JsonNode message, String kind, JsonNode defaults) {
        List<FieldError> errors = new ArrayList<>();
        if (!message.isObject()) {
            return new Mapped(null, List.of(new FieldError("", "type", "A Segment message must be a JSON object.")));
        }
        if (!TYPES.containsKey(kind)) {
            return new Mapped(null, List.of(new FieldError("type", "unknown-type", "type must be one of "
                    + String.join(", ", TYPES.keySet().stream().sorted().toList()) + ".")));
        }
        ObjectNode event = NODES.objectNode();
        copy(message, "messageId", event, "eventId");
        copy(message, "userId", event, "customerId");
        copy(message, "alias".equals(kind) ? "previousId" : "anonymousId", event, "anonymousId");
        copy(message, present(message, "timestamp") != null ? "timestamp" : "originalTimestamp", event, "timestamp");
        JsonNode sentAt = present(message, "sentAt") != null ? message.get("sentAt") : present(defaults, "sentAt");
        if (sentAt != null) {
            event.set("sentAt", sentAt);
        }
        if ("alias".equals(kind)) {
            require(message, "previousId", errors);
            require(message, "userId", errors);
        } else if (present(message, "userId") == null && present(message, "anonymousId") == null) {
            errors.add(new FieldError("userId", "required", "userId or anonymousId is required."));
        }
        event.put("type", "track".equals(kind) ? eventType(message, errors) : TYPES.get(kind));
        JsonNode properties = present(message, "properties");
        if (properties != null && !properties.isObject()) {
            errors.add(new FieldError("properties", "type", "properties must be a JSON object."));
        }
        ObjectNode props = properties == null || !properties.isObject() ? NODES.objectNode() : (ObjectNode) properties;
        JsonNode traits = present(message, "traits");
        if ("identify".equals(kind) && traits != null) {
            props.set("traits", traits);
        }
        event.set("properties", props);
        event.put("channel", channel(message, defaults, props, kind));
        return errors.isEmpty() ? new Mapped(event, List.of()) : new Mapped(null, errors);
    }

    /**
     * SPEC §5.1: lower-cased, every character outside the type pattern replaced by {@code _}, cut to 64.
     * Names are ASCII nearly always ("Product Viewed", "web"), and are done here char by char, the
     * string itself returned when it needs no change: this runs twice for every message of a batch,
     * and the general form (a code-point stream) cost half of mapping one.
     */
    public static String normalize(String name) {
        int n = Math.min(name.length(), 64);
        char[] out = null;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                // Lower-casing may change the length of what follows (U+0130 becomes two chars): the general form.
                return normalizeAny(name);
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            char kept = allowed(lower) ? lower : '_';
            if (kept != c && out == null) {
                out = name.substring(0, n).toCharArray();
            }
            if (out != null) {
                out[i] = kept;
            }
        }
        return out != null ? new String(out) : name.length() <= 64 ? name : name.substring(0, 64);
    }

    private static String normalizeAny(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(Math.min(lower.length(), 64));
        lower.codePoints().limit(64).forEach(c -> out.append(allowed(c) ? (char) c : '_'));
        return out.toString();
    }

    private static boolean allowed(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-';
    }

    /** The event field a validator's error names, in the message's own terms. */
    public static String segmentField(String eventField, String kind) {
        return switch (eventField) {
            case "eventId" -> "messageId";
            case "customerId" -> "userId";
            case "anonymousId" -> "alias".equals(kind) ? "previousId" : "anonymousId";
            case "type" -> "track".equals(kind) ? "event" : "type";
            case "channel" -> "context.campaign.source";
            default -> eventField;
        };
    }

    private static String eventType(JsonNode message, List<FieldError> errors) {
        JsonNode name = present(message, "event");
        if (name == null) {
            errors.add(new FieldError("event", "required", "A track message needs its event name."));
            return null;
        }
        if (!name.isTextual()) {
            errors.add(new FieldError("event", "type", "event must be a string."));
            return null;
        }
        return normalize(name.textValue());
    }

    /** context.campaign.source (the message's, else the batch's), else properties.channel, else web or unknown. */
    private static String channel(JsonNode message, JsonNode defaults, ObjectNode props, String kind) {
        for (JsonNode source : List.of(message.path("context").path("campaign").path("source"),
                defaults.path("context").path("campaign").path("source"), props.path("channel"))) {
            if (source.isTextual() && !source.textValue().isBlank()) {
                return normalize(source.textValue().trim());
            }
        }
        return "page".equals(kind) ? "web" : "unknown";
    }

    private static void require(JsonNode message, String field, List<FieldError> errors) {
        if (present(message, field) == null) {
            errors.add(new FieldError(field, "required", field + " is required for alias."));
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = present(from, field);
        if (value != null) {
            to.set(as, value);
        }
    }

    private static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }
}

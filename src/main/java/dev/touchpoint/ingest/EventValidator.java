package dev.touchpoint.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.touchpoint.error.FieldError;

/**
 * Applies every rule of docs/api.md to one event as the client sent it and, when it passes,
 * builds the {@link AcceptedEvent}: defaults filled in, timestamp corrected for clock skew.
 * Pure logic, so every rule is unit-tested without a server.
 */
public final class EventValidator {

    /** docs/api.md's pattern for {@code type} and {@code channel}. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
    static final Set<String> FIELDS = Set.of("eventId", "customerId", "anonymousId", "type", "channel",
            "timestamp", "sentAt", "properties");
    static final String UNKNOWN_CHANNEL = "unknown";
    /** Timestamps are kept between the years 1 and 9999: every database stores them, and skew correction cannot overflow. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final Duration maxFutureSkew;

    public EventValidator(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** The outcome: an event, or the rules it broke (never both). */
    public record Result(AcceptedEvent event, List<FieldError> errors) {
        public boolean valid() {
            return event != null;
        }
    }

    public Result validate(JsonNode node, Instant receivedAt) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("event", "type", "An event must be a JSON object."));
            return new Result(null, errors);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown-field", "Unknown field '" + name + "'; allowed: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + "."));
            }
        }
        String eventId = text(node, "eventId", 64, errors);
        String customerId = text(node, "customerId", 256, errors);
        String anonymousId = text(node, "anonymousId", 256, errors);
        if (customerId == null && anonymousId == null && present(node, "customerId") == null
                && present(node, "anonymousId") == null) {
            errors.add(new FieldError("customerId", "required", "customerId or anonymousId is required."));
        }
        String type = name(node, "type", errors);
        if (type == null && present(node, "type") == null) {
            errors.add(new FieldError("type", "required", "type is required."));
        }
        String channel = name(node, "channel", errors);
        Instant timestamp = instant(node, "timestamp", errors);
        Instant sentAt = instant(node, "sentAt", errors);
        JsonNode properties = present(node, "properties");
        if (properties != null && !properties.isObject()) {
            errors.add(new FieldError("properties", "type", "properties must be a JSON object."));
        } else if (properties != null) {
            requireFiniteNumbers(properties, "properties", errors);
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        Instant corrected = correct(timestamp, sentAt, receivedAt);
        if (corrected.isBefore(EARLIEST)) {
            errors.add(new FieldError("timestamp", "range", "The (skew-corrected) timestamp " + corrected
                    + " is before the year 1."));
            return new Result(null, errors);
        }
        if (corrected.isAfter(receivedAt.plus(maxFutureSkew))) {
            errors.add(new FieldError("timestamp", "future", "The (skew-corrected) timestamp " + corrected
                    + " is more than " + maxFutureSkew.toHours() + " hours in the future."));
            return new Result(null, errors);
        }
        ObjectNode props = properties == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) properties;
        return new Result(new AcceptedEvent(eventId != null ? eventId : UUID.randomUUID().toString(), customerId,
                anonymousId, type, channel != null ? channel : UNKNOWN_CHANNEL, corrected, timestamp, sentAt,
                receivedAt, props), List.of());
    }

    /**
     * docs/api.md: with {@code sentAt}, the client's clock is off by {@code receivedAt - sentAt};
     * without a timestamp the event happened when it was received.
     */
    static Instant correct(Instant timestamp, Instant sentAt, Instant receivedAt) {
        if (timestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return timestamp;
        }
        return timestamp.plus(Duration.between(sentAt, receivedAt));
    }

    /** The field's value, or null when absent or JSON null (both mean "not given"). */
    private static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The field's string value; null when absent, or (with an error) when not a string. */
    private static String string(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "type", field + " must be a string."));
            return null;
        }
        return value.textValue();
    }

    /** 1e999999 parses as infinity, which JSON cannot carry back out: refuse it where it stands. */
    private static void requireFiniteNumbers(JsonNode value, String path, List<FieldError> errors) {
        if (value.isNumber() && (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            errors.add(new FieldError(path, "number", path + " is a number too large to represent."));
        } else if (value.isObject()) {
            value.fields().forEachRemaining(f -> requireFiniteNumbers(f.getValue(), path + "." + f.getKey(), errors));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                requireFiniteNumbers(value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static String text(JsonNode node, String field, int maxLength, List<FieldError> errors) {
        String text = string(node, field, errors);
        if (text == null) {
            return null;
        }
        FieldError broken = FieldError.ofId(field, text, maxLength);
        if (broken != null) {
            errors.add(broken);
            return null;
        }
        return text;
    }

    private static String name(JsonNode node, String field, List<FieldError> errors) {
        String text = string(node, field, errors);
        if (text != null && !NAME.matcher(text).matches()) {
            errors.add(new FieldError(field, "pattern", field + " must match " + NAME.pattern()
                    + " (lower case letters, digits, and _ . : -; at most 64 characters)."));
            return null;
        }
        return text;
    }

    private static Instant instant(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            Instant parsed = null;
            try {
                parsed = OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
            if (parsed != null && (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST))) {
                errors.add(new FieldError(field, "range", field + " must lie between the years 1 and 9999."));
                return null;
            }
            if (parsed != null) {
                return parsed;
            }
        }
        errors.add(new FieldError(field, "format",
                field + " must be an ISO-8601 instant with an offset, e.g. 2026-03-01T12:00:00Z."));
        return null;
    }
}

package dev.touchpoint.funnel;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.touchpoint.error.FieldError;

/**
 * The part of {@link FunnelDefinitionValidator} that checks one rule's {@link Match}; split
 * out because a match has its own nested lists and map, each with its own paths.
 */
final class MatchValidator {

    /** The event type and channel pattern (docs/api.md) with {@code *} allowed anywhere. */
    static final Pattern MATCH_PATTERN = Pattern.compile("[a-z0-9*][a-z0-9_.:*-]{0,63}");
    static final int MAX_PROPERTY_NAME = 256;

    private MatchValidator() {
    }

    static void validate(String path, Match match, List<FieldError> errors) {
        if (isEmpty(match.types()) && isEmpty(match.channels()) && isEmpty(match.properties())) {
            errors.add(new FieldError(path, "empty-match",
                    "a match needs at least one condition in types, channels or properties"));
        }
        validatePatterns(path + ".types", match.types(), errors);
        validatePatterns(path + ".channels", match.channels(), errors);
        validateProperties(path + ".properties", match.properties(), errors);
    }

    private static void validatePatterns(String path, List<String> patterns, List<FieldError> errors) {
        if (patterns == null) {
            return;
        }
        for (int i = 0; i < patterns.size(); i++) {
            Checks.pattern(errors, path + "[" + i + "]", patterns.get(i), MATCH_PATTERN,
                    "a pattern is 1 to 64 lowercase letters, digits, '_', '.', ':', '-' and '*' wildcards");
        }
    }

    private static void validateProperties(String path, Map<String, JsonNode> properties, List<FieldError> errors) {
        if (properties == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : properties.entrySet()) {
            String key = property.getKey();
            // The key goes into the message, not the path: it is not yet known to be short.
            if (!Checks.lengthBetween(key, 1, MAX_PROPERTY_NAME)) {
                errors.add(new FieldError(path, "length",
                        "property names are 1 to " + MAX_PROPERTY_NAME + " characters"));
            } else if (!PropertyCondition.supports(property.getValue())) {
                errors.add(new FieldError(path + "." + key, "scalar",
                        "a property condition is a string, number, boolean or null"));
            }
        }
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static boolean isEmpty(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }
}

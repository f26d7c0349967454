package dev.touchpoint.funnel;

import java.io.IOException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.touchpoint.error.ProblemException;

/**
 * The value an event's top-level property has for a breakdown (docs/metrics.md, Breakdown by an
 * event property): a string as it is, a number or boolean by its JSON text, and {@code null} when
 * the property is absent, null, an object or an array. Reads the stored JSON with a streaming
 * parser and skips every other property unparsed: a breakdown reads it for every visit in range.
 */
public final class PropertyValue {

    /** What a property name in {@code breakdown=property:NAME} may be: what an event's properties usually use. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_.$-]{0,63}");

    private static final JsonFactory JSON = new JsonFactory();

    private PropertyValue() {
    }

    /** Checks a property name from a query parameter; a 400 problem naming {@code field} otherwise. */
    public static String checkedName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.invalidField(field, "pattern", "A property name is 1 to 64 letters, digits, '_', '.', '$'"
                    + " or '-', not starting with a digit, '.' or '-'.");
        }
        return name;
    }

    /** @param properties an event's stored properties, a JSON object */
    public static String of(String properties, String name) {
        try (JsonParser parser = JSON.createParser(properties)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    return switch (value) {
                        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
                        case VALUE_TRUE -> "true";
                        case VALUE_FALSE -> "false";
                        default -> null;
                    };
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("stored properties are not a JSON object", e);
        }
    }
}

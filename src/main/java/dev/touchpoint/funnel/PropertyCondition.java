package dev.touchpoint.funnel;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One {@code properties} condition of a rule: the event must have the property and it must
 * equal the given JSON scalar. Equality is JSON equality as a user means it, so numbers
 * compare by value ({@code 1} equals {@code 1.0}), strings and booleans exactly, and a given
 * {@code null} matches only an explicit JSON null, never a missing property.
 */
final class PropertyCondition {

    private final String key;
    private final JsonNode expected;
    /** The expected number, when it is one; compared by value. */
    private final BigDecimal number;
    /** The expected number as a long when it is integral and fits, for the common integer case. */
    private final Long integral;

    private PropertyCondition(String key, JsonNode expected) {
        this.key = key;
        this.expected = expected;
        this.number = expected.isNumber() ? expected.decimalValue() : null;
        this.integral = number != null ? longValueOrNull(number) : null;
    }

    /** @param value a value {@link #supports} accepts; Java {@code null} stands for JSON null */
    static PropertyCondition of(String key, JsonNode value) {
        if (!supports(value)) {
            throw new IllegalArgumentException("property condition '" + key + "' is not a JSON scalar");
        }
        return new PropertyCondition(key, value == null ? NullNode.getInstance() : value);
    }

    /** Whether a value can be a condition: a JSON string, finite number, boolean or null. */
    static boolean supports(JsonNode value) {
        if (value == null || value.isNull() || value.isTextual() || value.isBoolean()) {
            return true;
        }
        return value.isNumber() && isFinite(value);
    }

    boolean matches(JsonNode properties) {
        JsonNode actual = properties == null ? null : properties.get(key);
        if (actual == null) {
            return false;
        }
        if (number != null) {
            return actual.isNumber() && equalsNumber(actual);
        }
        if (expected.isTextual()) {
            return actual.isTextual() && expected.textValue().equals(actual.textValue());
        }
        if (expected.isBoolean()) {
            return actual.isBoolean() && expected.booleanValue() == actual.booleanValue();
        }
        return actual.isNull();
    }

    private boolean equalsNumber(JsonNode actual) {
        if (actual.isIntegralNumber() && actual.canConvertToLong()) {
            return integral != null && integral == actual.longValue();
        }
        return isFinite(actual) && number.compareTo(actual.decimalValue()) == 0;
    }

    private static boolean isFinite(JsonNode number) {
        return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
    }

    private static Long longValueOrNull(BigDecimal value) {
        try {
            return value.longValueExact();
        } catch (ArithmeticException notAnIntegralLong) {
            return null;
        }
    }
}

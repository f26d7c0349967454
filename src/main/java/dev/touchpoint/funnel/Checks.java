package dev.touchpoint.funnel;

import java.util.List;
import java.util.regex.Pattern;

import dev.touchpoint.error.FieldError;

/**
 * The few field checks the validators repeat, so every {@code required}, {@code length} and
 * {@code pattern} error is worded and named the same way.
 */
final class Checks {

    private Checks() {
    }

    static FieldError required(String field) {
        return new FieldError(field, "required", field + " is required");
    }

    /** Lengths count Unicode code points, so an emoji counts as one character as a user expects. */
    static boolean lengthBetween(String value, int min, int max) {
        if (value == null) {
            return false;
        }
        int length = value.codePointCount(0, value.length());
        return length >= min && length <= max;
    }

    /** Adds {@code required} or {@code length} when broken. */
    static void length(List<FieldError> errors, String field, String value, int min, int max) {
        if (value == null) {
            errors.add(required(field));
        } else if (!lengthBetween(value, min, max)) {
            errors.add(new FieldError(field, "length", field + " must be " + min + " to " + max + " characters"));
        }
    }

    /** Adds {@code required} or {@code pattern} when broken; returns whether the value is well formed. */
    static boolean pattern(List<FieldError> errors, String field, String value, Pattern pattern, String message) {
        if (value == null) {
            errors.add(required(field));
            return false;
        }
        if (!pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, "pattern", message));
            return false;
        }
        return true;
    }
}

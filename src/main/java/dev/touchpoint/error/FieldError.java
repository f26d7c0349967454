package dev.touchpoint.error;

/**
 * One broken rule of a request, as it appears in a problem+json body.
 *
 * @param field   the JSON path of the offending field, e.g. {@code type} or {@code events[3].channel}
 * @param rule    a short, stable, machine-readable rule name, e.g. {@code pattern}, {@code required}
 * @param message a sentence for humans
 */
public record FieldError(String field, String rule, String message) {
}

package dev.touchpoint.error;

/**
 * One broken rule of a request, as it appears in a problem+json body.
 *
 * @param field   the JSON path of the offending field, e.g. {@code type} or {@code events[3].channel}
 * @param rule    a short, stable, machine-readable rule name, e.g. {@code pattern}, {@code required}
 * @param message a sentence for humans
 */
public record FieldError(String field, String rule, String message) {

    /**
     * The rule of every id (eventId, customerId, anonymousId, in events and in the customer
     * endpoints' paths alike): 1 to {@code maxLength} characters and no control characters (NUL
     * above all, which PostgreSQL cannot store; in a key they are client bugs).
     *
     * @return the broken rule, or null when {@code id} keeps it
     */
    public static FieldError ofId(String field, String id, int maxLength) {
        int length = id.codePointCount(0, id.length());
        if (length == 0 || length > maxLength) {
            return new FieldError(field, "length", field + " must be 1–" + maxLength + " characters long.");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return new FieldError(field, "characters", field + " must not contain control characters.");
        }
        return null;
    }
}

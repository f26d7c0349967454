package dev.touchpoint.error;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Thrown wherever a request cannot be served as asked; the one exception mapper turns it into
 * a problem+json answer. The factory methods are the table of problem kinds and their statuses.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    /** How long the client should wait before trying again, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    private static ProblemException of(String slug, String title, int status, String detail,
            List<FieldError> errors, Map<String, Object> extensions) {
        return new ProblemException(new Problem("urn:touchpoint:problem:" + slug, title, status, detail, errors,
                extensions), null);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return of("invalid-request", "Invalid request", 400, detail, errors, null);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors, Map<String, Object> extensions) {
        return of("invalid-request", "Invalid request", 400, detail, errors, extensions);
    }

    public static ProblemException invalidField(String field, String rule, String message) {
        return invalid(message, List.of(new FieldError(field, rule, message)));
    }

    public static ProblemException tooLarge(String field, String rule, String message) {
        return of("too-large", "Payload too large", 413, message, List.of(new FieldError(field, rule, message)), null);
    }

    public static ProblemException unauthorized(String detail) {
        return of("unauthorized", "Unauthorized", 401, detail, null, null);
    }

    public static ProblemException forbidden(String detail) {
        return of("forbidden", "Forbidden", 403, detail, null, null);
    }

    public static ProblemException notFound(String detail) {
        return of("not-found", "Not found", 404, detail, null, null);
    }

    public static ProblemException conflict(String detail) {
        return of("conflict", "Conflict", 409, detail, null, null);
    }

    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(new Problem("urn:touchpoint:problem:rate-limited", "Too many requests", 429,
                detail, null, null), retryAfter);
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(new Problem("urn:touchpoint:problem:unavailable", "Service unavailable", 503,
                detail, null, null), retryAfter);
    }
}

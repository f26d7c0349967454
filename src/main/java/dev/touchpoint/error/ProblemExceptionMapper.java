package dev.touchpoint.error;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where exceptions become HTTP answers: always {@code application/problem+json},
 * naming the field and the rule, never a stack trace or a class name.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfter() != null) {
            builder.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return problem(jsonProblem(json));
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String detail = switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "No acceptable representation: ask for application/json or text/csv.";
            case 415 -> "Unsupported Content-Type: send application/json (or text/plain holding JSON).";
            default -> title + ".";
        };
        return respond(new Problem(Problem.TYPE_PREFIX + httpSlug(status), title, status, detail, null, null));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(leaf(v), rule(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        return problem(ProblemException.invalid("The request breaks " + errors.size() + " rule(s).", errors));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return problem(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return problem(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response parse(JsonParseException e) {
        return problem(jsonProblem(e));
    }

    /** A write that waited too long for a row another writer (e.g. the consumer's batch) holds: retryable. */
    @ServerExceptionMapper({ LockTimeoutException.class, PessimisticLockException.class, QueryTimeoutException.class })
    public Response busy(RuntimeException e) {
        LOG.warnf("Database busy: %s", e.getMessage());
        return problem(ProblemException.unavailable("The database is busy with other writes; retry shortly.",
                Duration.ofSeconds(2)));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s", errorId);
        return respond(new Problem("urn:touchpoint:problem:internal", "Internal error", 500,
                "An unexpected error occurred; it was logged with id " + errorId + ".", null, null));
    }

    /** Names the JSON field a Jackson failure points at, and why, without leaking class names. */
    public static ProblemException jsonProblem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String field = JsonPaths.of(u.getPath());
            return ProblemException.invalidField(field, "unknown-field", "Unknown field '" + field + "'.");
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = JsonPaths.of(m.getPath());
            return ProblemException.invalidField(field, "type", "Field '" + field + "' has the wrong type or form.");
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return ProblemException.invalidField("body", "json", "The body is not well-formed JSON" + where + ".");
    }

    /** The problem type of a plain HTTP refusal, so that every answer names a {@code urn:touchpoint:problem:*} type. */
    static String httpSlug(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "unavailable" : "invalid-request";
        };
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String leaf(ConstraintViolation<?> v) {
        String name = "";
        for (Path.Node node : v.getPropertyPath()) {
            name = node.getName();
        }
        return name;
    }

    private static String rule(ConstraintViolation<?> v) {
        String annotation = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return Character.toLowerCase(annotation.charAt(0)) + annotation.substring(1);
    }
}

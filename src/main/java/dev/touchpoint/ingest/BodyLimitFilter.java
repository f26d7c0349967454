package dev.touchpoint.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Holds event requests to docs/api.md's size limits with a 413 problem+json, before the
 * resource sees them: a body whose declared Content-Length is over the limit is refused
 * before it is read, at no cost to the server; a body sent without a length (chunked) is
 * read here up to the limit and refused as soon as it passes it. Every other request is
 * left to {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class BodyLimitFilter {

    @Inject
    TouchpointConfig config;

    @Inject
    ObjectMapper mapper;

    void register(@Observes Router router) {
        router.post("/v1/events*").order(-100).handler(this::check).failureHandler(this::tooLong);
        // Segment's endpoints (SPEC §5.1) share the limits: a message like an event, a batch like a batch.
        router.post("/segment/v1/*").order(-100).handler(this::check).failureHandler(this::tooLong);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long limit = limit(ctx);
        if (length == null) {
            // Read here, within the limit: the resource then takes the body from the routing context.
            BodyHandler.create(false).setBodyLimit(limit).handle(ctx);
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            ctx.next();
            return;
        }
        if (declared <= limit) {
            ctx.next();
            return;
        }
        refuse(ctx, "The body may be at most " + limit + " bytes; Content-Length says " + declared + ".");
    }

    private long limit(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.equals("/v1/events/batch") || path.equals("/segment/v1/batch") || path.equals("/segment/v1/import")
                ? config.ingest().maxBatchBytes()
                : config.ingest().maxEventBytes();
    }

    /** The body handler fails the request with 413 once a body without a length passes the limit. */
    private void tooLong(RoutingContext ctx) {
        if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        refuse(ctx, "The body may be at most " + limit(ctx) + " bytes; this one, sent without a Content-Length, is longer.");
    }

    private void refuse(RoutingContext ctx, String message) {
        Problem problem = new Problem("urn:touchpoint:problem:too-large", "Payload too large", 413, message,
                java.util.List.of(new FieldError("body", "max-size", message)), null);
        try {
            ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close").end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException impossible) {
            ctx.fail(impossible);
        }
    }
}

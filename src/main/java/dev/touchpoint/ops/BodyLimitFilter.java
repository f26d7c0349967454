package dev.touchpoint.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses an event request whose declared Content-Length is over SPEC §1's limits before its
 * body is read: 413 problem+json, at no cost to the server. Bodies sent without a length are
 * checked after reading; past {@code quarkus.http.limits.max-body-size} (1 MiB) the HTTP layer
 * itself answers a bare 413 before any application code runs.
 */
@ApplicationScoped
public class BodyLimitFilter {

    @Inject
    TouchpointConfig config;

    @Inject
    ObjectMapper mapper;

    void register(@Observes Router router) {
        router.route().order(-100).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String length = ctx.request().getHeader("Content-Length");
        if (ctx.request().method() != HttpMethod.POST || length == null || !path.startsWith("/v1/events")) {
            ctx.next();
            return;
        }
        long limit = path.equals("/v1/events/batch") ? config.ingest().maxBatchBytes() : config.ingest().maxEventBytes();
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

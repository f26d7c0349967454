package dev.touchpoint.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;

/**
 * A path that neither a resource, a static file nor a Quarkus endpoint serves is answered like
 * every other refusal: 404 {@code application/problem+json} with a {@code urn:touchpoint:problem}
 * type, instead of the HTTP layer's bare page. The route is the router's last.
 */
@ApplicationScoped
public class UnmatchedPathHandler {

    @Inject
    ObjectMapper mapper;

    void register(@Observes Router router) {
        router.route().last().handler(ctx -> {
            Problem problem = ProblemException.notFound("No such resource.").problem();
            String body;
            try {
                body = mapper.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
        });
    }
}

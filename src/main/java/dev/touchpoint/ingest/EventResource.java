package dev.touchpoint.ingest;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.touchpoint.ingest.IngestResults.Accepted;
import dev.touchpoint.ingest.IngestResults.BatchAccepted;
import dev.touchpoint.ops.ApiExamples;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /v1/events} and {@code /v1/events/batch}. Bodies are JSON, sent as
 * {@code application/json} or, from {@code navigator.sendBeacon}, as {@code text/plain}.
 * A worker thread parses and sends ({@link Blocking}: the producer may block while it has
 * no metadata or no buffer), then lets go; the answer is written when Kafka acknowledges.
 */
@Path("/v1/events")
@RequiresKey(KeyKind.WRITE)
@Tag(name = "Events")
@Consumes({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class EventResource {

    @Inject
    IngestService ingest;

    @POST
    @Operation(summary = "Post one touchpoint event", description = "Answers 202 with the eventId once Kafka has"
            + " acknowledged the event. The key may also come as the query parameter writeKey.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "event", value = ApiExamples.EVENT)))
    @APIResponse(responseCode = "202", description = "Kafka has the event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "accepted",
                    value = "{\"eventId\":\"readme-1\"}")))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time: not accepted, retry",
            content = @Content(mediaType = "application/problem+json"))
    @ResponseStatus(202)
    public CompletionStage<Accepted> post(byte[] body, @Context ContainerRequestContext request) {
        return ingest.acceptOne(body, source(request));
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Post a batch of events", description = "{\"events\": [ … ]}, at most 1,000 events and"
            + " 500 KiB. Valid events are accepted even when others are rejected; 400 when none is valid.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "batch", value = ApiExamples.BATCH)))
    @APIResponse(responseCode = "202", description = "The valid events are on Kafka; the others are listed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "accepted",
                    value = ApiExamples.BATCH_ACCEPTED)))
    @ResponseStatus(202)
    public CompletionStage<BatchAccepted> batch(byte[] body, @Context ContainerRequestContext request) {
        return ingest.acceptBatch(body, source(request));
    }

    private static EventSource source(ContainerRequestContext request) {
        KeyKind kind = (KeyKind) request.getProperty(KeyKind.class.getName());
        String via = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null ? "header" : "query";
        return new EventSource(kind, via);
    }
}

package dev.touchpoint.ingest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;

/**
 * {@code POST /v1/events} and {@code /v1/events/batch}. Bodies are JSON, sent as
 * {@code application/json} or, from {@code navigator.sendBeacon}, as {@code text/plain}.
 */
@Path("/v1/events")
@RequiresKey(KeyKind.WRITE)
@Tag(name = "Events")
@Consumes({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    @Inject
    IngestService ingest;

    @POST
    @Operation(summary = "Post one touchpoint event", description = "Answers 202 with the eventId once Kafka has"
            + " acknowledged the event. The key may also come as the query parameter writeKey.")
    public Response post(byte[] body, @Context ContainerRequestContext request) {
        return Response.accepted(ingest.acceptOne(body, source(request))).build();
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Post a batch of events", description = "{\"events\": [ … ]}, at most 1,000 events and"
            + " 500 KiB. Valid events are accepted even when others are rejected; 400 when none is valid.")
    public Response batch(byte[] body, @Context ContainerRequestContext request) {
        return Response.accepted(ingest.acceptBatch(body, source(request))).build();
    }

    private static EventSource source(ContainerRequestContext request) {
        KeyKind kind = (KeyKind) request.getProperty(KeyKind.class.getName());
        String via = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null ? "header" : "query";
        return new EventSource(kind, via);
    }
}

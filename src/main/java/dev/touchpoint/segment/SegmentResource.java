package dev.touchpoint.segment;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /segment/v1/track|page|screen|identify|alias|batch} (and {@code import}, Segment's
 * other name for batch): Segment's HTTP Tracking API, so that its libraries send here unchanged.
 * The key is checked by {@link SegmentService}, not {@code KeyFilter}: it may sit in the body.
 */
@Path("/segment/v1")
@Tag(name = "Segment")
@Consumes({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SegmentResource {

    /** Segment's answer, once Kafka has every event of the request. */
    public record Success(boolean success) {
    }

    private static final Success SUCCESS = new Success(true);

    @Inject
    SegmentService segment;

    @POST
    @Path("/{kind:track|page|screen|identify|alias}")
    @Operation(summary = "One Segment message", description = "Mapped as SPEC §5.1 says; 200 {\"success\": true}"
            + " once Kafka has the event. Write key as Basic-auth user name (empty password) or writeKey in the body.")
    public CompletionStage<Success> one(@PathParam("kind") String kind, byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return segment.acceptOne(kind, body, authorization).thenApply(done -> SUCCESS);
    }

    @POST
    @Path("/{kind:batch|import}")
    @Operation(summary = "A batch of Segment messages", description = "{\"batch\": [ … ]}, at most 1,000 messages"
            + " and 500 KiB; accepted whole or not at all.")
    public CompletionStage<Success> batch(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return segment.acceptBatch(body, authorization).thenApply(done -> SUCCESS);
    }
}

package dev.touchpoint.customer;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.touchpoint.analytics.Negotiation;
import dev.touchpoint.ops.ApiExamples;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;

/** A single customer's journey ({@code /v1/customers/{id}}). */
@Path("/v1/customers/{id}")
@Tag(name = "Customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    @Inject
    JourneyService journeys;

    @Inject
    ErasureService erasure;

    @Inject
    IdentityService identityService;

    @GET
    @Path("/journey")
    @RequiresKey(KeyKind.READ)
    @Operation(summary = "A customer's touchpoints in journey order",
            description = "The id is a customerId, or an anonymousId: for one a customer owns (SPEC §1.1) the owner's"
                    + " journey, with customerId naming the owner and resolvedFrom the id asked for. Ordered by (timestamp, eventId); at most `limit` touchpoints. Each touchpoint carries its"
                    + " stage in every funnel, or only in `funnel` when given.")
    public JourneyView journey(@PathParam("id") String id, @QueryParam("funnel") String funnel,
            @Parameter(description = "Most touchpoints returned, 1–10000", schema = @Schema(type = SchemaType.INTEGER,
                    defaultValue = "1000", minimum = "1", maximum = "10000"))
            @QueryParam("limit") String limit) {
        return journeys.journey(checked("id", id), funnel, limit(limit));
    }

    /** Parsed here, not by JAX-RS, which would answer a non-number with 404 instead of naming the parameter. */
    private static int limit(String value) {
        if (value == null) {
            return 1000;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= 10_000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalidField("limit", "range", "limit must be a whole number from 1 to 10000.");
    }

    @GET
    @Path("/identities")
    @Produces({ MediaType.APPLICATION_JSON, Negotiation.TEXT_CSV })
    @RequiresKey(KeyKind.READ)
    @Operation(summary = "The anonymous ids a customer owns", description = "Each owned anonymous id (SPEC §1.1) with how"
            + " it was linked: `event` (the winning link event's eventId and timestamp: the earliest unblocked one) or"
            + " `explicit` (an admin's link, with linkedAt). Ordered by anonymousId. CSV: one row per anonymous id.")
    @APIResponse(responseCode = "200", description = "Owned anonymous ids", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentityService.Identities.class),
                    examples = @ExampleObject(name = "identities", value = ApiExamples.IDENTITIES)),
            @Content(mediaType = Negotiation.TEXT_CSV, examples = @ExampleObject(name = "csv", value = ApiExamples.IDENTITIES_CSV)) })
    public Response identities(@PathParam("id") String id, @Context HttpHeaders headers) {
        IdentityService.Identities owned = identityService.list(checked("id", id));
        if (!Negotiation.wantsCsv(headers)) {
            return Response.ok(owned).build();
        }
        return Negotiation.csv(owned.csv());
    }

    @PUT
    @Path("/identities/{anonymousId}")
    @RequiresKey(KeyKind.ADMIN)
    @Operation(summary = "Link an anonymous id to the customer explicitly", description = "Lifts a block of the pair;"
            + " the explicit link outranks every link event of the anonymous id, replacing an explicit link to another"
            + " customer. The device's events join this customer's journey, re-attributed, before the answer.")
    @APIResponse(responseCode = "200", description = "The anonymous id as now owned", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentityService.Identity.class),
            examples = @ExampleObject(name = "explicit", value = ApiExamples.IDENTITY_EXPLICIT)))
    @APIResponse(responseCode = "400", description = "An id is invalid, or both are the same id.",
            content = @Content(mediaType = "application/problem+json"))
    public IdentityService.Identity link(@PathParam("id") String id, @PathParam("anonymousId") String anonymousId) {
        return identityService.link(checked("id", id), checked("anonymousId", anonymousId));
    }

    @DELETE
    @Path("/identities/{anonymousId}")
    @RequiresKey(KeyKind.ADMIN)
    @Operation(summary = "Unlink an anonymous id from the customer", description = "Blocks the pair: its link events,"
            + " past and future, are ignored and an explicit link of it is dropped; the anonymous id falls back to its"
            + " next unblocked link event, or stands alone. Its events move, re-attributed, before the answer.")
    @APIResponse(responseCode = "204", description = "Unlinked")
    @APIResponse(responseCode = "404", description = "The customer does not own the anonymous id.",
            content = @Content(mediaType = "application/problem+json"))
    public void unlink(@PathParam("id") String id, @PathParam("anonymousId") String anonymousId) {
        identityService.unlink(checked("id", id), checked("anonymousId", anonymousId));
    }

    /** Ids follow the event fields' rule (customerId and anonymousId: at most 256 characters). */
    private static String checked(String field, String value) {
        FieldError broken = FieldError.ofId(field, value, 256);
        if (broken != null) {
            throw ProblemException.invalidField(broken.field(), broken.rule(), broken.message());
        }
        return value;
    }

    @DELETE
    @RequiresKey(KeyKind.ADMIN)
    @Operation(summary = "Erase a customer", description = "Deletes every touchpoint whose customerId or anonymousId"
            + " is the id, the events and links of every anonymous id it owns, and everything derived from them; later"
            + " results no longer count them. Events received before the erasure never come back, even if the topic is"
            + " read again. The raw records stay on the Kafka topic until its retention removes them.")
    public ErasureService.Erased erase(@PathParam("id") String id) {
        return erasure.erase(checked("id", id));
    }
}

package dev.touchpoint.customer;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
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

    @GET
    @Path("/journey")
    @RequiresKey(KeyKind.READ)
    @Operation(summary = "A customer's touchpoints in journey order",
            description = "The id is a customerId, or an anonymousId for events that had no customerId."
                    + " Ordered by (timestamp, eventId); at most `limit` touchpoints. Each touchpoint carries its"
                    + " stage in every funnel, or only in `funnel` when given.")
    public JourneyView journey(@PathParam("id") String id, @QueryParam("funnel") String funnel,
            @Parameter(description = "Most touchpoints returned, 1–10000", schema = @Schema(type = SchemaType.INTEGER,
                    defaultValue = "1000", minimum = "1", maximum = "10000"))
            @QueryParam("limit") String limit) {
        return journeys.journey(id, funnel, limit(limit));
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

    @DELETE
    @RequiresKey(KeyKind.ADMIN)
    @Operation(summary = "Erase a customer", description = "Deletes every touchpoint whose customerId or anonymousId"
            + " is the id, and everything derived from them; later results no longer count them. Events received"
            + " before the erasure never come back, even if the topic is read again.")
    public ErasureService.Erased erase(@PathParam("id") String id) {
        return erasure.erase(id);
    }
}

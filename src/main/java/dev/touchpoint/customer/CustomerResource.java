package dev.touchpoint.customer;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        return journeys.journey(id, funnel, limit);
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

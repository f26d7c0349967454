package dev.touchpoint.funnel.api;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.touchpoint.ops.ApiExamples;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;

/** Funnel definitions: read with a read key, change with the admin key. */
@Path("/v1/funnels")
@Tag(name = "Funnels")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FunnelResource {

    @Inject
    FunnelService funnels;

    @GET
    @RequiresKey(KeyKind.READ)
    @Operation(summary = "All funnels, with the progress of their backfills")
    public List<FunnelView> list() {
        return funnels.list();
    }

    @POST
    @RequiresKey(KeyKind.ADMIN)
    @Operation(summary = "Create a funnel", description = "A full definition, or {\"template\": \"aida\"} (optionally"
            + " with id and name). The stored history is attributed to it by a backfill.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "own rules", value = ApiExamples.FUNNEL),
            @ExampleObject(name = "from a template", value = ApiExamples.FUNNEL_FROM_TEMPLATE) }))
    public Response create(FunnelRequest request) {
        FunnelView created = funnels.create(request);
        return Response.created(URI.create("/v1/funnels/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @RequiresKey(KeyKind.READ)
    @Operation(summary = "One funnel, with the progress of its backfill")
    public FunnelView get(@PathParam("id") String id) {
        return funnels.get(id);
    }

    @PUT
    @Path("/{id}")
    @RequiresKey(KeyKind.ADMIN)
    @Operation(summary = "Replace a funnel's name, stages and rules", description = "Changing stages or rules starts"
            + " a backfill; once it is done, results are exactly those of the new rules.")
    public FunnelView replace(@PathParam("id") String id, FunnelRequest request) {
        return funnels.replace(id, request);
    }

    @DELETE
    @Path("/{id}")
    @RequiresKey(KeyKind.ADMIN)
    @Operation(summary = "Delete a funnel and everything derived for it")
    public Response delete(@PathParam("id") String id) {
        funnels.delete(id);
        return Response.noContent().build();
    }
}

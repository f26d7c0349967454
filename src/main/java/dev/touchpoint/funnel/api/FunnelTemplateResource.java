package dev.touchpoint.funnel.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.touchpoint.funnel.FunnelDefinition;
import dev.touchpoint.funnel.FunnelTemplates;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;

/** The funnel templates a funnel can be created from in one call. */
@Path("/v1/funnel-templates")
@Tag(name = "Funnels")
@Produces(MediaType.APPLICATION_JSON)
public class FunnelTemplateResource {

    @GET
    @RequiresKey(KeyKind.READ)
    @Operation(summary = "Funnel templates", description = "POST /v1/funnels {\"template\": \"<id>\"} creates a funnel"
            + " from one.")
    public List<FunnelDefinition> list() {
        return List.copyOf(FunnelTemplates.templates().values());
    }
}

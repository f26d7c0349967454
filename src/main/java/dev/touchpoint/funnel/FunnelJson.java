package dev.touchpoint.funnel;

import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stored form of a funnel's stages, rules and dimensions: {@code {"stages": […], "rules": […],
 * "dimensions": […]}}, dimensions left out when there are none (so definitions stored before
 * they existed read and compare the same). A change of the stored form is a change of the
 * funnel: it re-attributes (FunnelService.replace).
 */
@ApplicationScoped
public class FunnelJson {

    record Stored(List<Stage> stages, List<Rule> rules,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dimensions) {
    }

    @Inject
    ObjectMapper mapper;

    public String write(FunnelDefinition definition) {
        try {
            return mapper.writeValueAsString(new Stored(definition.stages(), definition.rules(),
                    definition.dimensions() == null || definition.dimensions().isEmpty() ? null : definition.dimensions()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public FunnelDefinition read(Funnel funnel) {
        try {
            Stored stored = mapper.readValue(funnel.definition, Stored.class);
            return new FunnelDefinition(funnel.id, funnel.name, stored.stages(), stored.rules(),
                    stored.dimensions() == null ? List.of() : stored.dimensions());
        } catch (IOException e) {
            throw new IllegalStateException("funnel " + funnel.id + " has an unreadable definition", e);
        }
    }
}

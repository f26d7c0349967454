package dev.touchpoint.funnel;

import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The stored form of a funnel's stages and rules: {@code {"stages": […], "rules": […]}}. */
@ApplicationScoped
public class FunnelJson {

    record Stored(List<Stage> stages, List<Rule> rules) {
    }

    @Inject
    ObjectMapper mapper;

    public String write(FunnelDefinition definition) {
        try {
            return mapper.writeValueAsString(new Stored(definition.stages(), definition.rules()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public FunnelDefinition read(Funnel funnel) {
        try {
            Stored stored = mapper.readValue(funnel.definition, Stored.class);
            return new FunnelDefinition(funnel.id, funnel.name, stored.stages(), stored.rules());
        } catch (IOException e) {
            throw new IllegalStateException("funnel " + funnel.id + " has an unreadable definition", e);
        }
    }
}

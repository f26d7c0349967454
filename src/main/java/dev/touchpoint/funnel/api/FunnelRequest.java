package dev.touchpoint.funnel.api;

import java.util.List;

import dev.touchpoint.funnel.Rule;
import dev.touchpoint.funnel.Stage;

/**
 * The body of {@code POST /v1/funnels} and {@code PUT /v1/funnels/{id}}: a full definition,
 * or {@code template} naming one of {@code GET /v1/funnel-templates} to copy its stages and
 * rules from (then {@code id} and {@code name} are optional). {@code dimensions}: optional, at most 5
 * property names kept ready for {@code breakdown=property:NAME}, with a template too.
 */
public record FunnelRequest(String id, String name, List<Stage> stages, List<Rule> rules, String template,
        List<String> dimensions) {

    public FunnelRequest(String id, String name, List<Stage> stages, List<Rule> rules, String template) {
        this(id, name, stages, rules, template, null);
    }
}

package dev.touchpoint.funnel;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A funnel as clients define it (docs/metrics.md): ordered stages and the ordered rules that
 * attribute events to them. Kept as a plain carrier so that an invalid definition can still
 * be represented and reported on by {@link FunnelDefinitionValidator}.
 *
 * @param id     slug that names the funnel in URLs
 * @param name   display name
 * @param stages the stages in funnel order; their positions are the stage indexes
 * @param rules  the attribution rules, first match wins
 * @param dimensions property names whose values attribution keeps ready for breakdowns (at most
 *               5); null or empty: none
 */
public record FunnelDefinition(String id, String name, List<Stage> stages, List<Rule> rules,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dimensions) {

    public FunnelDefinition(String id, String name, List<Stage> stages, List<Rule> rules) {
        this(id, name, stages, rules, null);
    }

    /** The declared dimensions, empty when none. */
    public List<String> dimensionNames() {
        return dimensions == null ? List.of() : dimensions;
    }

    /**
     * The 0-based position of the stage with this key, or -1 when there is none. Positions,
     * not keys, are what journeys and metrics compare ("later stage", "first stage").
     */
    public int stageIndex(String key) {
        if (stages == null || key == null) {
            return -1;
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            if (stage != null && key.equals(stage.key())) {
                return i;
            }
        }
        return -1;
    }
}

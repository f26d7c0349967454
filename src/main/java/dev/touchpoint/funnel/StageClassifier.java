package dev.touchpoint.funnel;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Attributes events to the stages of one funnel (docs/metrics.md): the stage of the first rule whose
 * every given condition matches. It runs for every event times every funnel, so the
 * definition is compiled once into plain matchers and {@link #stageOf} allocates nothing.
 */
public final class StageClassifier {

    private final CompiledRule[] rules;

    private StageClassifier(CompiledRule[] rules) {
        this.rules = rules;
    }

    /**
     * @throws IllegalArgumentException when the definition does not pass
     *         {@link FunnelDefinitionValidator}: an invalid funnel must never attribute events
     */
    public static StageClassifier compile(FunnelDefinition funnel) {
        var errors = new FunnelDefinitionValidator().validate(funnel);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("funnel '" + funnel.id() + "' is invalid: " + errors);
        }
        List<Rule> definitions = funnel.rules();
        CompiledRule[] rules = new CompiledRule[definitions.size()];
        for (int i = 0; i < rules.length; i++) {
            Rule rule = definitions.get(i);
            Match match = rule.match();
            rules[i] = new CompiledRule(funnel.stageIndex(rule.stage()), compilePatterns(match.types()),
                    compilePatterns(match.channels()), compileProperties(match.properties()));
        }
        return new StageClassifier(rules);
    }

    /**
     * @param type       the event type
     * @param channel    the event channel
     * @param properties the event properties, a JSON object; {@code null} counts as empty
     * @return the 0-based index of the stage the event belongs to, or -1 when no rule matches
     */
    public int stageOf(String type, String channel, JsonNode properties) {
        return stageOfLazily(type, channel, () -> properties);
    }

    /**
     * As {@link #stageOf(String, String, JsonNode)}, asking for the properties only when a rule
     * whose type and channel match has conditions on them: most rules have none, and parsing
     * stored properties is the costliest part of classifying an event.
     */
    public int stageOfLazily(String type, String channel, Supplier<JsonNode> properties) {
        for (CompiledRule rule : rules) {
            if (rule.matches(type, channel, properties)) {
                return rule.stage();
            }
        }
        return -1;
    }

    /** Whether any rule has a condition on the properties: without one, they are never asked for. */
    public boolean readsProperties() {
        for (CompiledRule rule : rules) {
            if (rule.properties().length > 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code null} when the list is absent or empty: no condition on that part. */
    private static WildcardPattern[] compilePatterns(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            return null;
        }
        return patterns.stream().map(WildcardPattern::compile).toArray(WildcardPattern[]::new);
    }

    private static PropertyCondition[] compileProperties(Map<String, JsonNode> properties) {
        if (properties == null) {
            return new PropertyCondition[0];
        }
        return properties.entrySet().stream()
                .map(property -> PropertyCondition.of(property.getKey(), property.getValue()))
                .toArray(PropertyCondition[]::new);
    }

    private record CompiledRule(int stage, WildcardPattern[] types, WildcardPattern[] channels,
            PropertyCondition[] properties) {

        boolean matches(String type, String channel, Supplier<JsonNode> lazyProperties) {
            if (!anyMatches(types, type) || !anyMatches(channels, channel)) {
                return false;
            }
            JsonNode eventProperties = properties.length == 0 ? null : lazyProperties.get();
            for (PropertyCondition condition : properties) {
                if (!condition.matches(eventProperties)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean anyMatches(WildcardPattern[] patterns, String value) {
            if (patterns == null) {
                return true;
            }
            if (value == null) {
                return false;
            }
            for (WildcardPattern pattern : patterns) {
                if (pattern.matches(value)) {
                    return true;
                }
            }
            return false;
        }
    }
}

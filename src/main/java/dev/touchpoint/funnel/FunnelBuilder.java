package dev.touchpoint.funnel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lets {@link FunnelTemplates} write a funnel as a readable table: one line per stage, one
 * line per rule, rules in the order they are tried.
 */
final class FunnelBuilder {

    private final String id;
    private final String name;
    private final List<Stage> stages = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    FunnelBuilder(String id, String name) {
        this.id = id;
        this.name = name;
    }

    FunnelBuilder stage(String key, String name) {
        stages.add(new Stage(key, name));
        return this;
    }

    /** A rule on event types only, the types given as groups that are joined in order. */
    FunnelBuilder types(String stage, String[]... typeGroups) {
        rules.add(new Rule(stage, new Match(join(typeGroups), null, null)));
        return this;
    }

    /** A rule on event types that counts only on the given channels. */
    FunnelBuilder typesOn(String stage, String[] channels, String[]... typeGroups) {
        rules.add(new Rule(stage, new Match(join(typeGroups), List.of(channels), null)));
        return this;
    }

    FunnelDefinition build() {
        return new FunnelDefinition(id, name, List.copyOf(stages), List.copyOf(rules));
    }

    private static List<String> join(String[]... groups) {
        return Arrays.stream(groups).flatMap(Arrays::stream).toList();
    }
}

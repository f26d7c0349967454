package dev.touchpoint.funnel;

import java.util.List;

/**
 * A funnel ready to attribute events: its definition's classifier, compiled once per
 * version, and its stage keys by index.
 */
public record CompiledFunnel(String id, int version, List<String> stageKeys, StageClassifier classifier) {

    public static CompiledFunnel of(FunnelDefinition definition, int version) {
        return new CompiledFunnel(definition.id(), version, definition.stages().stream().map(Stage::key).toList(),
                StageClassifier.compile(definition));
    }

    public int stageCount() {
        return stageKeys.size();
    }
}

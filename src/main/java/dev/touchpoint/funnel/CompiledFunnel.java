package dev.touchpoint.funnel;

import java.util.List;

/**
 * A funnel ready to attribute events: its definition's classifier, compiled once per
 * version, its stage keys by index, and the dimensions whose values its visits keep.
 */
public record CompiledFunnel(String id, int version, List<String> stageKeys, StageClassifier classifier,
        List<String> dimensions) {

    public CompiledFunnel(String id, int version, List<String> stageKeys, StageClassifier classifier) {
        this(id, version, stageKeys, classifier, List.of());
    }

    public static CompiledFunnel of(FunnelDefinition definition, int version) {
        return new CompiledFunnel(definition.id(), version, definition.stages().stream().map(Stage::key).toList(),
                StageClassifier.compile(definition), List.copyOf(definition.dimensionNames()));
    }

    public int stageCount() {
        return stageKeys.size();
    }
}

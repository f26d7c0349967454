package dev.touchpoint.funnel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.touchpoint.funnel.PropertyValue;
import dev.touchpoint.error.FieldError;

/**
 * Checks a funnel definition against docs/metrics.md before it is stored or compiled, and reports
 * every broken rule at once with the JSON path of the field (e.g. {@code stages[2].key}) so a
 * client can fix its whole request in one round trip. Bad input never throws: missing lists
 * and elements become {@code required} errors.
 */
public final class FunnelDefinitionValidator {

    static final Pattern FUNNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern STAGE_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final int MIN_STAGES = 2;
    static final int MAX_STAGES = 20;
    static final int MAX_DIMENSIONS = 5;

    /** @return the broken rules in field order; empty when the definition is valid */
    public List<FieldError> validate(FunnelDefinition funnel) {
        Objects.requireNonNull(funnel, "funnel");
        List<FieldError> errors = new ArrayList<>();
        Checks.pattern(errors, "id", funnel.id(), FUNNEL_ID, "a funnel id is a lowercase slug of 1 to 63 letters, digits and dashes");
        Checks.length(errors, "name", funnel.name(), 1, 200);
        validateStages(funnel.stages(), errors);
        validateRules(funnel, errors);
        validateDimensions(funnel.dimensions(), errors);
        return errors;
    }

    /** Optional; at most 5 property names as {@code breakdown=property:NAME} takes them, none twice. */
    private static void validateDimensions(List<String> dimensions, List<FieldError> errors) {
        if (dimensions == null) {
            return;
        }
        if (dimensions.size() > MAX_DIMENSIONS) {
            errors.add(new FieldError("dimensions", "count",
                    "a funnel declares at most " + MAX_DIMENSIONS + " dimensions, not " + dimensions.size()));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < dimensions.size(); i++) {
            String path = "dimensions[" + i + "]";
            boolean wellFormed = Checks.pattern(errors, path, dimensions.get(i), PropertyValue.NAME,
                    "a dimension is a property name: 1 to 64 letters, digits, '_', '.', '$' or '-', not starting with a"
                            + " digit, '.' or '-'");
            if (wellFormed && !names.add(dimensions.get(i))) {
                errors.add(new FieldError(path, "unique", "dimension '" + dimensions.get(i) + "' is declared twice"));
            }
        }
    }

    private static void validateStages(List<Stage> stages, List<FieldError> errors) {
        if (stages == null) {
            errors.add(Checks.required("stages"));
            return;
        }
        if (stages.size() < MIN_STAGES || stages.size() > MAX_STAGES) {
            errors.add(new FieldError("stages", "count",
                    "a funnel has " + MIN_STAGES + " to " + MAX_STAGES + " stages, not " + stages.size()));
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            String path = "stages[" + i + "]";
            Stage stage = stages.get(i);
            if (stage == null) {
                errors.add(Checks.required(path));
                continue;
            }
            boolean wellFormed = Checks.pattern(errors, path + ".key", stage.key(), STAGE_KEY,
                    "a stage key is 1 to 64 lowercase letters, digits, '_' and '-', starting with a letter or digit");
            if (wellFormed && !keys.add(stage.key())) {
                errors.add(new FieldError(path + ".key", "unique", "stage key '" + stage.key() + "' is used twice"));
            }
            Checks.length(errors, path + ".name", stage.name(), 1, 100);
        }
    }

    private static void validateRules(FunnelDefinition funnel, List<FieldError> errors) {
        List<Rule> rules = funnel.rules();
        if (rules == null) {
            errors.add(Checks.required("rules"));
            return;
        }
        if (rules.isEmpty()) {
            errors.add(new FieldError("rules", "count", "a funnel needs at least one rule"));
        }
        for (int i = 0; i < rules.size(); i++) {
            String path = "rules[" + i + "]";
            Rule rule = rules.get(i);
            if (rule == null) {
                errors.add(Checks.required(path));
                continue;
            }
            if (rule.stage() == null) {
                errors.add(Checks.required(path + ".stage"));
            } else if (funnel.stageIndex(rule.stage()) < 0) {
                errors.add(new FieldError(path + ".stage", "unknown-stage",
                        "'" + rule.stage() + "' is not the key of a stage of this funnel"));
            }
            if (rule.match() == null) {
                errors.add(Checks.required(path + ".match"));
            } else {
                MatchValidator.validate(path + ".match", rule.match(), errors);
            }
        }
    }
}

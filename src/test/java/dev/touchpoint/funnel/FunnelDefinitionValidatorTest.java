package dev.touchpoint.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.touchpoint.error.FieldError;

class FunnelDefinitionValidatorTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<Stage> STAGES = List.of(new Stage("seen", "Seen"), new Stage("bought", "Bought"));
    private static final List<Rule> RULES = List.of(new Rule("bought", new Match(List.of("purchase"), null, null)));

    private final FunnelDefinitionValidator validator = new FunnelDefinitionValidator();

    @Test
    void validFunnelHasNoErrors() {
        assertEquals(List.of(), validator.validate(new FunnelDefinition("my-funnel-1", "My funnel", STAGES, RULES)));
    }

    @Test
    void dimensionsAreAtMostFiveDistinctPropertyNames() {
        assertErrors(new FunnelDefinition("f", "n", STAGES, RULES, null));
        assertErrors(new FunnelDefinition("f", "n", STAGES, RULES, List.of()));
        assertErrors(new FunnelDefinition("f", "n", STAGES, RULES, List.of("campaign", "utm.source", "$plan", "a-b", "_x")));
        assertErrors(new FunnelDefinition("f", "n", STAGES, RULES, List.of("a", "b", "c", "d", "e", "f")), "dimensions:count");
        assertErrors(new FunnelDefinition("f", "n", STAGES, RULES, Arrays.asList("ok", "1bad", null, "ok", "a b")),
                "dimensions[1]:pattern", "dimensions[2]:required", "dimensions[3]:unique", "dimensions[4]:pattern");
    }

    @Test
    void idIsASlug() {
        assertErrors(new FunnelDefinition(null, "n", STAGES, RULES), "id:required");
        assertErrors(new FunnelDefinition("My_Funnel", "n", STAGES, RULES), "id:pattern");
        assertErrors(new FunnelDefinition("-funnel", "n", STAGES, RULES), "id:pattern");
        assertErrors(new FunnelDefinition("a".repeat(64), "n", STAGES, RULES), "id:pattern");
        assertErrors(new FunnelDefinition("a".repeat(63), "n", STAGES, RULES));
    }

    @Test
    void nameIsOneToTwoHundredCharacters() {
        assertErrors(new FunnelDefinition("f", null, STAGES, RULES), "name:required");
        assertErrors(new FunnelDefinition("f", "", STAGES, RULES), "name:length");
        assertErrors(new FunnelDefinition("f", "x".repeat(201), STAGES, RULES), "name:length");
        // 200 emoji are 400 UTF-16 units but 200 characters
        assertErrors(new FunnelDefinition("f", "\uD83D\uDE80".repeat(200), STAGES, RULES));
    }

    @Test
    void twoToTwentyStages() {
        assertErrors(new FunnelDefinition("f", "n", null, RULES), "stages:required", "rules[0].stage:unknown-stage");
        assertErrors(new FunnelDefinition("f", "n", List.of(new Stage("bought", "B")), RULES), "stages:count");
        List<Stage> twentyOne = new ArrayList<>(stages(20));
        twentyOne.add(new Stage("bought", "B"));
        assertErrors(new FunnelDefinition("f", "n", twentyOne, RULES), "stages:count");
        List<Stage> twenty = new ArrayList<>(stages(19));
        twenty.add(new Stage("bought", "B"));
        assertErrors(new FunnelDefinition("f", "n", twenty, RULES));
    }

    @Test
    void stageKeysAreWellFormedAndUnique() {
        List<Stage> stages = Arrays.asList(new Stage("bought", "B"), new Stage("Bad Key", "X"),
                new Stage(null, "Y"), new Stage("bought", "Again"), null, new Stage("ok_1-a", ""));
        assertErrors(new FunnelDefinition("f", "n", stages, RULES),
                "stages[1].key:pattern", "stages[2].key:required", "stages[3].key:unique",
                "stages[4]:required", "stages[5].name:length");
    }

    @Test
    void stageNameIsAtMostOneHundredCharacters() {
        List<Stage> stages = List.of(new Stage("bought", "x".repeat(100)), new Stage("b", "x".repeat(101)));
        assertErrors(new FunnelDefinition("f", "n", stages, RULES), "stages[1].name:length");
    }

    @Test
    void atLeastOneRuleNamingAnExistingStage() {
        assertErrors(new FunnelDefinition("f", "n", STAGES, null), "rules:required");
        assertErrors(new FunnelDefinition("f", "n", STAGES, List.of()), "rules:count");
        List<Rule> rules = Arrays.asList(RULES.get(0), null,
                new Rule(null, new Match(List.of("a"), null, null)),
                new Rule("gone", new Match(List.of("a"), null, null)),
                new Rule("seen", null));
        assertErrors(new FunnelDefinition("f", "n", STAGES, rules),
                "rules[1]:required", "rules[2].stage:required", "rules[3].stage:unknown-stage",
                "rules[4].match:required");
    }

    @Test
    void matchNeedsANonEmptyCondition() {
        assertErrors(withMatch(new Match(null, null, null)), "rules[0].match:empty-match");
        assertErrors(withMatch(new Match(List.of(), List.of(), Map.of())), "rules[0].match:empty-match");
        assertErrors(withMatch(new Match(List.of(), null, Map.of("plan", NODES.textNode("pro")))));
    }

    @Test
    void patternsAreCheckedOneByOne() {
        Match match = new Match(Arrays.asList("video_*", "Video", null, "*"),
                List.of("web", "a".repeat(65), "pos:*"), null);
        assertErrors(withMatch(match), "rules[0].match.types[1]:pattern", "rules[0].match.types[2]:required",
                "rules[0].match.channels[1]:pattern");
    }

    @Test
    void propertyConditionsAreScalarsUnderShortNames() {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        properties.put("text", NODES.textNode("x"));
        properties.put("number", NODES.numberNode(1.5));
        properties.put("flag", NODES.booleanNode(false));
        properties.put("nothing", NODES.nullNode());
        properties.put("object", NODES.objectNode());
        properties.put("array", NODES.arrayNode());
        properties.put("nan", NODES.numberNode(Double.NaN));
        properties.put("", NODES.textNode("x"));
        properties.put("k".repeat(257), NODES.textNode("x"));
        assertErrors(withMatch(new Match(null, null, properties)),
                "rules[0].match.properties.object:scalar", "rules[0].match.properties.array:scalar",
                "rules[0].match.properties.nan:scalar", "rules[0].match.properties:length",
                "rules[0].match.properties:length");
    }

    private static FunnelDefinition withMatch(Match match) {
        return new FunnelDefinition("f", "n", STAGES, List.of(new Rule("seen", match)));
    }

    private static List<Stage> stages(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Stage("s" + i, "S" + i)).toList();
    }

    /** Compares "field:rule" pairs in order, so a missing, extra or misplaced error fails. */
    private void assertErrors(FunnelDefinition funnel, String... expected) {
        List<String> actual = validator.validate(funnel).stream()
                .map(error -> error.field() + ":" + error.rule()).toList();
        assertEquals(List.of(expected), actual);
        validator.validate(funnel).stream().map(FieldError::message)
                .forEach(message -> assertFalse(message.isBlank()));
    }
}

package dev.touchpoint.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class StageClassifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode NO_PROPERTIES = JSON.createObjectNode();

    @Test
    void firstMatchingRuleWins() {
        StageClassifier specificFirst = classifier(types("b", "product_view"), types("a", "*_view"));
        assertEquals(1, specificFirst.stageOf("product_view", "web", NO_PROPERTIES));
        assertEquals(0, specificFirst.stageOf("page_view", "web", NO_PROPERTIES));

        StageClassifier genericFirst = classifier(types("a", "*_view"), types("b", "product_view"));
        assertEquals(0, genericFirst.stageOf("product_view", "web", NO_PROPERTIES));
    }

    @Test
    void trailingWildcardMatchesAnyRunIncludingAnEmptyOne() {
        StageClassifier classifier = classifier(types("a", "video_*"));
        assertEquals(0, classifier.stageOf("video_view", "tiktok", NO_PROPERTIES));
        assertEquals(0, classifier.stageOf("video_", "tiktok", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("video", "tiktok", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("my_video_view", "tiktok", NO_PROPERTIES));
    }

    @Test
    void leadingWildcardMatchesSuffixOnly() {
        StageClassifier classifier = classifier(types("a", "*_view"));
        assertEquals(0, classifier.stageOf("page_view", "web", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("page_viewed", "web", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("pageview", "web", NO_PROPERTIES));
    }

    @Test
    void loneWildcardMatchesEverything() {
        StageClassifier classifier = classifier(types("c", "*"));
        assertEquals(2, classifier.stageOf("anything.at:all", "web", NO_PROPERTIES));
        assertEquals(2, classifier.stageOf("x", "web", NO_PROPERTIES));
    }

    @Test
    void innerWildcardsMatchInOrderWithoutOverlap() {
        StageClassifier classifier = classifier(types("a", "a*b*c"), types("b", "ab*b"), types("c", "x*y*y"));
        assertEquals(0, classifier.stageOf("abc", "web", NO_PROPERTIES));
        assertEquals(0, classifier.stageOf("axxbyyc", "web", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("acb", "web", NO_PROPERTIES));
        // prefix "ab" and suffix "b" may not share the one "b"
        assertEquals(-1, classifier.stageOf("ab", "web", NO_PROPERTIES));
        assertEquals(1, classifier.stageOf("abb", "web", NO_PROPERTIES));
        // nor may a middle part use the suffix's "y"
        assertEquals(-1, classifier.stageOf("xy", "web", NO_PROPERTIES));
        assertEquals(2, classifier.stageOf("xyy", "web", NO_PROPERTIES));
    }

    @Test
    void dotsAndOtherCharactersAreLiteral() {
        StageClassifier classifier = classifier(types("a", "page.view"), types("b", "app.*"), types("c", "x:*.y"));
        assertEquals(0, classifier.stageOf("page.view", "web", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("page_view", "web", NO_PROPERTIES));
        assertEquals(1, classifier.stageOf("app.open", "web", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("appxopen", "web", NO_PROPERTIES));
        assertEquals(2, classifier.stageOf("x:1.y", "web", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("x:1zy", "web", NO_PROPERTIES));
    }

    @Test
    void anyListedChannelMayMatch() {
        StageClassifier classifier = classifier(
                new Rule("c", new Match(List.of("purchase"), List.of("store", "pos*"), null)),
                new Rule("a", new Match(null, List.of("tiktok"), null)));
        assertEquals(2, classifier.stageOf("purchase", "store", NO_PROPERTIES));
        assertEquals(2, classifier.stageOf("purchase", "pos-berlin", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("purchase", "web", NO_PROPERTIES));
        assertEquals(0, classifier.stageOf("video_view", "tiktok", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("video_view", null, NO_PROPERTIES));
    }

    @Test
    void emptyListsAreNoCondition() {
        StageClassifier classifier = classifier(new Rule("b", new Match(List.of(), List.of("web"), Map.of())));
        assertEquals(1, classifier.stageOf("whatever", "web", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("whatever", "email", NO_PROPERTIES));
    }

    @Test
    void everyGivenConditionMustHold() {
        StageClassifier classifier = classifier(new Rule("c",
                new Match(List.of("purchase"), List.of("web"), properties("{\"plan\": \"pro\"}"))));
        assertEquals(2, classifier.stageOf("purchase", "web", json("{\"plan\": \"pro\"}")));
        assertEquals(-1, classifier.stageOf("refund", "web", json("{\"plan\": \"pro\"}")));
        assertEquals(-1, classifier.stageOf("purchase", "store", json("{\"plan\": \"pro\"}")));
        assertEquals(-1, classifier.stageOf("purchase", "web", json("{\"plan\": \"free\"}")));
    }

    @Test
    void stringPropertiesCompareExactly() {
        StageClassifier classifier = propertyClassifier("{\"plan\": \"pro\"}");
        assertEquals(0, stageOf(classifier, "{\"plan\": \"pro\", \"other\": 1}"));
        assertEquals(-1, stageOf(classifier, "{\"plan\": \"Pro\"}"));
        assertEquals(-1, stageOf(classifier, "{\"plan\": [\"pro\"]}"));
    }

    @Test
    void numbersCompareByValue() {
        StageClassifier integer = propertyClassifier("{\"qty\": 1}");
        assertEquals(0, stageOf(integer, "{\"qty\": 1}"));
        assertEquals(0, stageOf(integer, "{\"qty\": 1.0}"));
        assertEquals(0, stageOf(integer, "{\"qty\": 1e0}"));
        assertEquals(-1, stageOf(integer, "{\"qty\": 1.5}"));
        assertEquals(-1, stageOf(integer, "{\"qty\": \"1\"}"));
        assertEquals(-1, stageOf(integer, "{\"qty\": true}"));

        StageClassifier decimal = propertyClassifier("{\"price\": 9.90}");
        assertEquals(0, stageOf(decimal, "{\"price\": 9.9}"));
        assertEquals(-1, stageOf(decimal, "{\"price\": 9}"));

        StageClassifier whole = propertyClassifier("{\"qty\": 2.0}");
        assertEquals(0, stageOf(whole, "{\"qty\": 2}"));

        StageClassifier huge = propertyClassifier("{\"id\": 123456789012345678901234567890}");
        assertEquals(0, stageOf(huge, "{\"id\": 123456789012345678901234567890}"));
        assertEquals(-1, stageOf(huge, "{\"id\": 123456789012345678901234567891}"));
    }

    @Test
    void booleansCompareExactly() {
        StageClassifier classifier = propertyClassifier("{\"vip\": true}");
        assertEquals(0, stageOf(classifier, "{\"vip\": true}"));
        assertEquals(-1, stageOf(classifier, "{\"vip\": false}"));
        assertEquals(-1, stageOf(classifier, "{\"vip\": \"true\"}"));
        assertEquals(-1, stageOf(classifier, "{\"vip\": 1}"));
    }

    @Test
    void givenNullMatchesAnExplicitNullOnly() {
        StageClassifier classifier = propertyClassifier("{\"coupon\": null}");
        assertEquals(0, stageOf(classifier, "{\"coupon\": null}"));
        assertEquals(-1, stageOf(classifier, "{}"));
        assertEquals(-1, stageOf(classifier, "{\"coupon\": \"\"}"));
    }

    @Test
    void propertiesAreReadOnlyForARuleWithPropertyConditionsWhoseTypeAndChannelMatch() {
        StageClassifier classifier = classifier(new Rule("a", new Match(List.of("purchase"), null,
                properties("{\"plan\": \"pro\"}"))), types("b", "page_view"));
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        assertEquals(1, classifier.stageOfLazily("page_view", "web", () -> {
            reads.incrementAndGet();
            return null;
        }));
        assertEquals(0, reads.get(), "the page_view rule has no property condition: properties not needed");
        assertEquals(0, classifier.stageOfLazily("purchase", "web", () -> {
            reads.incrementAndGet();
            return json("{\"plan\": \"pro\"}");
        }));
        assertEquals(1, reads.get());
    }

    @Test
    void missingPropertyNeverMatches() {
        StageClassifier classifier = propertyClassifier("{\"plan\": \"pro\", \"vip\": true}");
        assertEquals(-1, stageOf(classifier, "{\"plan\": \"pro\"}"));
        assertEquals(-1, classifier.stageOf("purchase", "web", null));
        assertEquals(0, stageOf(classifier, "{\"vip\": true, \"plan\": \"pro\"}"));
    }

    @Test
    void unmatchedEventHasNoStage() {
        StageClassifier classifier = classifier(types("a", "ad_impression"), types("c", "purchase"));
        assertEquals(-1, classifier.stageOf("ad_click", "web", NO_PROPERTIES));
    }

    @Test
    void readsPropertiesOnlyWhenARuleHasAConditionOnThem() {
        assertEquals(false, classifier(types("a", "*_view"), types("b", "purchase")).readsProperties());
        assertEquals(true, classifier(types("a", "*_view"), new Rule("b", new Match(List.of("purchase"), null,
                properties("{\"plan\":\"pro\"}")))).readsProperties());
        assertEquals(false, classifier(new Rule("a", new Match(List.of("purchase"), null, Map.of()))).readsProperties(),
                "an empty properties object is no condition");
    }

    @Test
    void invalidFunnelIsRejected() {
        FunnelDefinition unknownStage = funnel(types("nope", "purchase"));
        assertThrows(IllegalArgumentException.class, () -> StageClassifier.compile(unknownStage));
    }

    private static StageClassifier propertyClassifier(String properties) {
        return classifier(new Rule("a", new Match(null, null, properties(properties))));
    }

    private static int stageOf(StageClassifier classifier, String properties) {
        return classifier.stageOf("purchase", "web", json(properties));
    }

    private static StageClassifier classifier(Rule... rules) {
        return StageClassifier.compile(funnel(rules));
    }

    private static FunnelDefinition funnel(Rule... rules) {
        return new FunnelDefinition("test", "Test",
                List.of(new Stage("a", "A"), new Stage("b", "B"), new Stage("c", "C")), List.of(rules));
    }

    private static Rule types(String stage, String... types) {
        return new Rule(stage, new Match(List.of(types), null, null));
    }

    private static Map<String, JsonNode> properties(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, JsonNode>>() { });
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package dev.touchpoint.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class FunnelTemplatesTest {

    private static final JsonNode NO_PROPERTIES = JsonNodeFactory.instance.objectNode();

    @Test
    void everyTemplatePassesValidation() {
        FunnelDefinitionValidator validator = new FunnelDefinitionValidator();
        FunnelTemplates.templates().values()
                .forEach(template -> assertEquals(List.of(), validator.validate(template), template.id()));
    }

    @Test
    void templatesAreKeyedByIdWithTheDefaultFirst() {
        Map<String, FunnelDefinition> templates = FunnelTemplates.templates();
        assertEquals(List.of("customer-journey", "classic-five-phase", "five-step", "aida"),
                List.copyOf(templates.keySet()));
        templates.forEach((id, template) -> assertEquals(id, template.id()));
    }

    @Test
    void stagesAreThoseOfTheSpec() {
        assertEquals(List.of("awareness", "interest", "consideration", "conversion", "retention", "advocacy"),
                keys(FunnelTemplates.customerJourney()));
        assertEquals(List.of("awareness", "interest", "consideration", "decision", "action"),
                keys(FunnelTemplates.classicFivePhase()));
        assertEquals(List.of("awareness", "conviction", "conversion", "retention", "advocacy"),
                keys(FunnelTemplates.fiveStep()));
        assertEquals(List.of("attention", "interest", "desire", "action"), keys(FunnelTemplates.aida()));
        assertEquals("Customer journey", FunnelTemplates.customerJourney().name());
    }

    @Test
    void defaultFunnelAttributesCommonEvents() {
        assertStages(FunnelTemplates.customerJourney(), """
                ad_impression awareness
                impression awareness
                video_view awareness
                video_start awareness
                page_view awareness
                screen_view awareness
                story_view awareness
                page_viewed awareness
                email_open awareness
                ad_click interest
                email_click interest
                follow interest
                page_follow interest
                like interest
                post_like interest
                signup interest
                sign_up interest
                newsletter_signup interest
                comment interest
                product_view consideration
                product_viewed consideration
                product_list_viewed consideration
                product_compare consideration
                compare_plans consideration
                wishlist_add consideration
                product_added_to_wishlist consideration
                store_visit consideration
                add_to_cart consideration
                product_added consideration
                checkout_started consideration
                pricing_view consideration
                purchase conversion
                order_completed conversion
                checkout_completed conversion
                repeat_purchase retention
                support_contact retention
                support_ticket_created retention
                newsletter_open retention
                newsletter_click retention
                review advocacy
                product_reviewed advocacy
                referral advocacy
                referral_sent advocacy
                share advocacy
                video_share advocacy
                product_shared advocacy
                ugc_post advocacy
                unknown_thing -
                """);
    }

    @Test
    void storeChannelTurnsAGenericVisitIntoConsideration() {
        StageClassifier classifier = StageClassifier.compile(FunnelTemplates.customerJourney());
        assertEquals(2, classifier.stageOf("visit", "store", NO_PROPERTIES));
        assertEquals(2, classifier.stageOf("check_in", "pos", NO_PROPERTIES));
        assertEquals(-1, classifier.stageOf("visit", "web", NO_PROPERTIES));
    }

    @Test
    void templatesWithoutLaterStagesDoNotMisplaceTheirEvents() {
        assertStages(FunnelTemplates.classicFivePhase(), """
                ad_impression awareness
                like interest
                product_view consideration
                add_to_cart decision
                checkout_started decision
                purchase action
                product_reviewed -
                product_shared -
                repeat_purchase -
                """);
        assertStages(FunnelTemplates.fiveStep(), """
                page_view awareness
                follow conviction
                product_view conviction
                add_to_cart conviction
                purchase conversion
                repeat_purchase retention
                review advocacy
                """);
        assertStages(FunnelTemplates.aida(), """
                video_view attention
                sign_up interest
                wishlist_add desire
                order_completed action
                review -
                """);
    }

    /** Each line is "type expected-stage-key", {@code -} for no stage; reports every wrong line at once. */
    private static void assertStages(FunnelDefinition funnel, String table) {
        StageClassifier classifier = StageClassifier.compile(funnel);
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String line : table.strip().split("\n")) {
            String type = line.split(" ")[0];
            int stage = classifier.stageOf(type, "web", NO_PROPERTIES);
            expected.add(line);
            actual.add(type + " " + (stage < 0 ? "-" : funnel.stages().get(stage).key()));
        }
        assertEquals(expected, actual, funnel.id());
    }

    private static List<String> keys(FunnelDefinition funnel) {
        return funnel.stages().stream().map(Stage::key).toList();
    }
}

package dev.touchpoint.funnel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The funnels Touchpoint offers out of the box (docs/metrics.md): the default {@code customer-journey}
 * that exists from first start, and templates for three classic models. Their rules name the
 * event types that Segment, PostHog and Snowplow users commonly send, in snake case.
 *
 * <p>Rules are tried in order, so the deeper, more specific stages come first and the broad
 * wildcards last: {@code product_view} is research before {@code *_view} can call it
 * exposure, {@code repeat_purchase} and {@code newsletter_open} are retention before
 * {@code purchase} and {@code email_open} are reached. Research types are listed one by one
 * rather than as {@code product_*}, so that {@code product_reviewed} or {@code product_shared}
 * do not count as research in a template without an advocacy stage.
 *
 * <p>The rules of {@code customer-journey}, in the order they are tried:
 * <table>
 * <caption>Default funnel rules</caption>
 * <tr><th>#</th><th>stage</th><th>event types</th><th>channels</th></tr>
 * <tr><td>1</td><td>advocacy</td><td>review, review_*, product_reviewed, referral, referral_*, share,
 *     share_*, *_share, *_shared, ugc_post, ugc_*, testimonial</td><td>any</td></tr>
 * <tr><td>2</td><td>retention</td><td>repeat_purchase, reorder, subscription_renewed, support_contact,
 *     support_*, newsletter_open, newsletter_click, loyalty_*</td><td>any</td></tr>
 * <tr><td>3</td><td>conversion</td><td>purchase, order_completed, checkout_completed,
 *     subscription_started</td><td>any</td></tr>
 * <tr><td>4</td><td>consideration</td><td>product_view, product_viewed, product_clicked,
 *     product_list_viewed, product_compare, product_compared, compare_*, wishlist_add, wishlist_*,
 *     add_to_wishlist, product_added_to_wishlist, store_visit, pricing_view, add_to_cart,
 *     product_added, cart_*, checkout_*, demo_request, quote_request</td><td>any</td></tr>
 * <tr><td>5</td><td>consideration</td><td>visit, check_in</td><td>store, pos</td></tr>
 * <tr><td>6</td><td>interest</td><td>follow, *_follow, like, *_like, signup, sign_up, signed_up,
 *     *_signup, account_created, subscribe, comment, *_comment, ad_click, email_click,
 *     *_click</td><td>any</td></tr>
 * <tr><td>7</td><td>awareness</td><td>impression, ad_impression, *_impression, video_view, video_*,
 *     page_view, pageview, screen_view, *_view, *_viewed, email_open, app_open</td><td>any</td></tr>
 * </table>
 */
public final class FunnelTemplates {

    private static final String[] ADVOCACY = {"review", "review_*", "product_reviewed", "referral",
        "referral_*", "share", "share_*", "*_share", "*_shared", "ugc_post", "ugc_*", "testimonial"};
    private static final String[] RETENTION = {"repeat_purchase", "reorder", "subscription_renewed",
        "support_contact", "support_*", "newsletter_open", "newsletter_click", "loyalty_*"};
    private static final String[] PURCHASE = {"purchase", "order_completed", "checkout_completed",
        "subscription_started"};
    private static final String[] RESEARCH = {"product_view", "product_viewed", "product_clicked",
        "product_list_viewed", "product_compare", "product_compared", "compare_*", "wishlist_add",
        "wishlist_*", "add_to_wishlist", "product_added_to_wishlist", "store_visit", "pricing_view"};
    /** Steps that show a decision to buy, just short of the purchase. */
    private static final String[] INTENT = {"add_to_cart", "product_added", "cart_*", "checkout_*",
        "demo_request", "quote_request"};
    /** Store systems often report a footfall or check-in with a generic type. */
    private static final String[] STORE_VISIT = {"visit", "check_in"};
    private static final String[] STORE_CHANNELS = {"store", "pos"};
    private static final String[] ENGAGEMENT = {"follow", "*_follow", "like", "*_like", "signup",
        "sign_up", "signed_up", "*_signup", "account_created", "subscribe", "comment", "*_comment",
        "ad_click", "email_click", "*_click"};
    private static final String[] EXPOSURE = {"impression", "ad_impression", "*_impression", "video_view",
        "video_*", "page_view", "pageview", "screen_view", "*_view", "*_viewed", "email_open", "app_open"};

    private FunnelTemplates() {
    }

    /** The default funnel, id {@code customer-journey}; its rules are listed in the class Javadoc. */
    public static FunnelDefinition customerJourney() {
        return new FunnelBuilder("customer-journey", "Customer journey")
                .stage("awareness", "Awareness")
                .stage("interest", "Interest")
                .stage("consideration", "Consideration")
                .stage("conversion", "Conversion")
                .stage("retention", "Retention")
                .stage("advocacy", "Advocacy")
                .types("advocacy", ADVOCACY)
                .types("retention", RETENTION)
                .types("conversion", PURCHASE)
                .types("consideration", RESEARCH, INTENT)
                .typesOn("consideration", STORE_CHANNELS, STORE_VISIT)
                .types("interest", ENGAGEMENT)
                .types("awareness", EXPOSURE)
                .build();
    }

    /** The classic five-phase model, id {@code classic-five-phase}; ends at the purchase. */
    public static FunnelDefinition classicFivePhase() {
        return new FunnelBuilder("classic-five-phase", "Classic five-phase funnel")
                .stage("awareness", "Awareness")
                .stage("interest", "Interest")
                .stage("consideration", "Consideration")
                .stage("decision", "Decision")
                .stage("action", "Action")
                .types("action", PURCHASE)
                .types("decision", INTENT)
                .types("consideration", RESEARCH)
                .typesOn("consideration", STORE_CHANNELS, STORE_VISIT)
                .types("interest", ENGAGEMENT)
                .types("awareness", EXPOSURE)
                .build();
    }

    /** The five-step model, id {@code five-step}: conviction joins interest and consideration. */
    public static FunnelDefinition fiveStep() {
        return new FunnelBuilder("five-step", "Five-step journey")
                .stage("awareness", "Awareness")
                .stage("conviction", "Conviction")
                .stage("conversion", "Conversion")
                .stage("retention", "Retention")
                .stage("advocacy", "Advocacy")
                .types("advocacy", ADVOCACY)
                .types("retention", RETENTION)
                .types("conversion", PURCHASE)
                .types("conviction", RESEARCH, INTENT, ENGAGEMENT)
                .typesOn("conviction", STORE_CHANNELS, STORE_VISIT)
                .types("awareness", EXPOSURE)
                .build();
    }

    /** AIDA, id {@code aida}: attention, interest, desire, action. */
    public static FunnelDefinition aida() {
        return new FunnelBuilder("aida", "AIDA")
                .stage("attention", "Attention")
                .stage("interest", "Interest")
                .stage("desire", "Desire")
                .stage("action", "Action")
                .types("action", PURCHASE)
                .types("desire", RESEARCH, INTENT)
                .typesOn("desire", STORE_CHANNELS, STORE_VISIT)
                .types("interest", ENGAGEMENT)
                .types("attention", EXPOSURE)
                .build();
    }

    /** All of the above keyed by funnel id, the default first. */
    public static Map<String, FunnelDefinition> templates() {
        Map<String, FunnelDefinition> templates = new LinkedHashMap<>();
        for (FunnelDefinition template : List.of(customerJourney(), classicFivePhase(), fiveStep(), aida())) {
            templates.put(template.id(), template);
        }
        return Collections.unmodifiableMap(templates);
    }
}

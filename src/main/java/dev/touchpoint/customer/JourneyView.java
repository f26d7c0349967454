package dev.touchpoint.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code GET /v1/customers/{id}/journey}: the customer's touchpoints in journey
 * order. For an anonymous id a customer owns it is the owner's journey: {@code customerId}
 * names the owner and {@code resolvedFrom} the anonymous id asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneyView(String customerId, String resolvedFrom, String funnel, List<Step> touchpoints,
        List<VisitView> visits) {

    /**
     * A visit of the selected funnel (docs/metrics.md) as stored: consecutive touchpoints of one
     * stage, entered with the first of them; {@code next*} describe its successor.
     */
    public record VisitView(String stage, Instant enteredAt, String channel, int events, int cycle, String nextStage,
            Instant nextEnteredAt) {
    }

    /**
     * One touchpoint as stored, with its stage in each funnel (by funnel id; {@code null}
     * where no rule of that funnel matches it).
     */
    public record Step(String eventId, String type, String channel, Instant timestamp, Instant receivedAt,
            String customerId, String anonymousId, JsonNode properties, Map<String, String> stages) {
    }
}

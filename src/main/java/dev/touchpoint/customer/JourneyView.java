package dev.touchpoint.customer;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer of {@code GET /v1/customers/{id}/journey}: the customer's touchpoints in journey order. */
public record JourneyView(String customerId, List<Step> touchpoints) {

    /** One touchpoint as stored. */
    public record Step(String eventId, String type, String channel, Instant timestamp, Instant receivedAt,
            String customerId, String anonymousId, JsonNode properties) {
    }
}

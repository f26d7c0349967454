package dev.touchpoint.customer;

import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a customer's stored journey. */
@ApplicationScoped
public class JourneyService {

    @Inject
    TouchpointRepository touchpoints;

    @Inject
    ObjectMapper mapper;

    @Transactional(Transactional.TxType.SUPPORTS)
    public JourneyView journey(String journeyKey, int limit) {
        List<JourneyView.Step> steps = touchpoints.journey(journeyKey, limit).stream().map(this::step).toList();
        return new JourneyView(journeyKey, steps);
    }

    private JourneyView.Step step(Touchpoint t) {
        return new JourneyView.Step(t.eventId, t.type, t.channel, t.occurredAt, t.receivedAt, t.customerId,
                t.anonymousId, json(t.properties));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored properties are not JSON", e);
        }
    }
}

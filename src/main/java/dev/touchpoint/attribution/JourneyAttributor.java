package dev.touchpoint.attribution;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.attribution.JourneyRows.StoredEvent;

/**
 * Rebuilds the derived rows of whole journeys from their stored events. Every result is a
 * pure function of the events stored for a journey, so recomputing the journeys a batch
 * touched makes the outcome independent of arrival order, and doing it twice changes nothing.
 * Runs inside the caller's transaction.
 */
@ApplicationScoped
public class JourneyAttributor {

    @Inject
    JourneyRows rows;

    @Inject
    ObjectMapper mapper;

    public void recompute(Collection<String> journeyKeys, List<CompiledFunnel> funnels) {
        if (journeyKeys.isEmpty() || funnels.isEmpty()) {
            return;
        }
        Map<String, List<StoredEvent>> journeys = rows.load(journeyKeys);
        Map<String, List<JsonNode>> properties = new HashMap<>();
        FlowDeltas deltas = new FlowDeltas();
        rows.delete(funnels.stream().map(CompiledFunnel::id).toList(), journeyKeys, deltas);
        for (CompiledFunnel funnel : funnels) {
            Map<String, List<Visit>> visits = new HashMap<>();
            Map<String, List<Reach>> reaches = new HashMap<>();
            for (Map.Entry<String, List<StoredEvent>> journey : journeys.entrySet()) {
                List<JsonNode> props = properties.computeIfAbsent(journey.getKey(), k -> parse(journey.getValue()));
                List<AttributedEvent> attributed = attribute(funnel, journey.getValue(), props);
                if (!attributed.isEmpty()) {
                    Journey j = Journey.of(attributed);
                    visits.put(journey.getKey(), j.visits(funnel.stageCount()));
                    reaches.put(journey.getKey(), j.reaches(funnel.stageCount()));
                }
            }
            rows.insert(funnel.id(), visits, reaches, deltas);
        }
        rows.applyRollup(deltas);
    }

    private static List<AttributedEvent> attribute(CompiledFunnel funnel, List<StoredEvent> events, List<JsonNode> props) {
        List<AttributedEvent> attributed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            int stage = funnel.classifier().stageOf(e.type(), e.channel(), props.get(i));
            if (stage >= 0) {
                attributed.add(new AttributedEvent(e.eventId(), e.timestamp(), e.channel(), stage));
            }
        }
        return attributed;
    }

    private List<JsonNode> parse(List<StoredEvent> events) {
        List<JsonNode> parsed = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            try {
                parsed.add(mapper.readTree(e.properties()));
            } catch (IOException ex) {
                throw new IllegalStateException("stored properties of " + e.eventId() + " are not JSON", ex);
            }
        }
        return parsed;
    }
}

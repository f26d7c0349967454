package dev.touchpoint.attribution;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.funnel.PropertyValue;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.journey.Journey;
import dev.touchpoint.journey.RollupDeltas;
import dev.touchpoint.journey.Start;
import dev.touchpoint.journey.StartLinks;
import dev.touchpoint.journey.Visit;
import dev.touchpoint.storage.JourneyRows.StoredEvent;
import dev.touchpoint.storage.JourneyRows;

/**
 * Rebuilds the derived rows of whole journeys from their stored events. Every result is a
 * pure function of the events stored for a journey, so recomputing the journeys a batch
 * touched makes the outcome independent of arrival order, and doing it twice changes nothing.
 * Only the rows that differ from the stored ones are written.
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
        Map<String, List<Properties>> properties = new HashMap<>();
        RollupDeltas deltas = new RollupDeltas();
        for (CompiledFunnel funnel : funnels) {
            Map<String, List<Visit>> visits = new HashMap<>();
            Map<String, List<Start>> starts = new HashMap<>();
            Map<String, String[]> dims = new HashMap<>();
            for (Map.Entry<String, List<StoredEvent>> journey : journeys.entrySet()) {
                List<Properties> props = properties.computeIfAbsent(journey.getKey(), k -> lazy(journey.getValue()));
                List<AttributedEvent> attributed = attribute(funnel, journey.getValue(), props);
                if (!attributed.isEmpty()) {
                    Journey j = Journey.of(attributed);
                    List<Visit> journeyVisits = j.visits(funnel.stageCount());
                    visits.put(journey.getKey(), journeyVisits);
                    starts.put(journey.getKey(), StartLinks.link(j.starts(funnel.stageCount())));
                    if (!funnel.dimensions().isEmpty()) {
                        dimensions(funnel.dimensions(), journey.getValue(), journeyVisits, dims);
                    }
                }
            }
            rows.replace(funnel.id(), funnel.stageCount(), journeyKeys, visits, starts, deltas, dims::get);
            dims.clear();
        }
        rows.applyRollups(deltas);
    }

    /**
     * The values of the funnel's declared dimensions on each visit's first event, by that
     * event's id: what funnel_visit keeps in dim_1 … dim_5. A visit row with the same first
     * event always has the same values (an event's properties never change, and declaring other
     * dimensions re-attributes the funnel from scratch), so the row diff need not compare them.
     */
    private static void dimensions(List<String> names, List<StoredEvent> events, List<Visit> visits,
            Map<String, String[]> dims) {
        Map<String, StoredEvent> byId = new HashMap<>();
        for (StoredEvent e : events) {
            byId.put(e.eventId(), e);
        }
        for (Visit v : visits) {
            StoredEvent first = byId.get(v.firstEventId());
            String[] values = new String[names.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = PropertyValue.of(first.properties(), names.get(i));
            }
            dims.put(v.firstEventId(), values);
        }
    }

    private static List<AttributedEvent> attribute(CompiledFunnel funnel, List<StoredEvent> events, List<Properties> props) {
        List<AttributedEvent> attributed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            int stage = funnel.classifier().stageOfLazily(e.type(), e.channel(), props.get(i));
            if (stage >= 0) {
                attributed.add(new AttributedEvent(e.eventId(), e.timestamp(), e.channel(), stage));
            }
        }
        return attributed;
    }

    private List<Properties> lazy(List<StoredEvent> events) {
        List<Properties> props = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            props.add(new Properties(e, mapper));
        }
        return props;
    }

    /** An event's stored properties, parsed on first use (only rules with property conditions use them). */
    private static final class Properties implements Supplier<JsonNode> {
        private final StoredEvent event;
        private final ObjectMapper mapper;
        private JsonNode parsed;

        Properties(StoredEvent event, ObjectMapper mapper) {
            this.event = event;
            this.mapper = mapper;
        }

        @Override
        public JsonNode get() {
            if (parsed == null) {
                try {
                    parsed = mapper.readTree(event.properties());
                } catch (IOException e) {
                    throw new IllegalStateException("stored properties of " + event.eventId() + " are not JSON", e);
                }
            }
            return parsed;
        }
    }
}

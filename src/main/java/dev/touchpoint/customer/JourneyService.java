package dev.touchpoint.customer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.error.ProblemException;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.identity.Owner;
import dev.touchpoint.storage.IdentityTable;
import dev.touchpoint.storage.SqlValues;

/** Reads a customer's stored journey and tells each touchpoint's stage per funnel. */
@ApplicationScoped
public class JourneyService {

    @Inject
    TouchpointRepository touchpoints;

    @Inject
    FunnelCatalog catalog;

    @Inject
    ObjectMapper mapper;

    @Inject
    IdentityTable identities;

    /**
     * @param id       a customer id, or an anonymous id (whose owner's journey is answered when it has one)
     * @param funnelId only this funnel's stages, or {@code null} for every funnel
     */
    @Transactional
    public JourneyView journey(String id, String funnelId, int limit) {
        Owner owner = identities.owner(id);
        String journeyKey = Owner.journeyKey(id, owner);
        List<CompiledFunnel> funnels = catalog.refresh().stream()
                .filter(f -> funnelId == null || f.id().equals(funnelId))
                .sorted(java.util.Comparator.comparing(CompiledFunnel::id))
                .toList();
        if (funnelId != null && funnels.isEmpty()) {
            throw ProblemException.notFound("No funnel with id '" + funnelId + "'.");
        }
        List<JourneyView.Step> steps = touchpoints.journey(journeyKey, limit).stream()
                .map(t -> step(t, funnels)).toList();
        List<JourneyView.VisitView> visits = funnelId == null ? null : visits(journeyKey, funnels.get(0), limit);
        return new JourneyView(journeyKey, owner == null ? null : id, funnelId, steps, visits);
    }

    private JourneyView.Step step(Touchpoint t, List<CompiledFunnel> funnels) {
        JsonNode properties = json(t.properties);
        Map<String, String> stages = new LinkedHashMap<>();
        for (CompiledFunnel f : funnels) {
            int stage = f.classifier().stageOf(t.type, t.channel, properties);
            stages.put(f.id(), stage < 0 ? null : f.stageKeys().get(stage));
        }
        return new JourneyView.Step(t.eventId, t.type, t.channel, t.occurredAt, t.receivedAt, t.customerId,
                t.anonymousId, properties, stages);
    }

    private List<JourneyView.VisitView> visits(String journeyKey, CompiledFunnel funnel, int limit) {
        List<Object[]> rows = touchpoints.getEntityManager().createNativeQuery("select stage, entered_at, channel,"
                + " event_count, cycle, next_stage, next_entered_at from funnel_visit"
                + " where funnel_id = ?1 and journey_key = ?2 order by seq", Object[].class)
                .setParameter(1, funnel.id()).setParameter(2, journeyKey).setMaxResults(limit).getResultList();
        return rows.stream().map(r -> new JourneyView.VisitView(funnel.stageKeys().get(((Number) r[0]).intValue()),
                SqlValues.instant(r[1]), (String) r[2], ((Number) r[3]).intValue(), ((Number) r[4]).intValue(),
                r[5] == null ? null : funnel.stageKeys().get(((Number) r[5]).intValue()), SqlValues.instant(r[6])))
                .toList();
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored properties are not JSON", e);
        }
    }
}

package dev.touchpoint.funnel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.touchpoint.attribution.FunnelDefinition;
import dev.touchpoint.attribution.FunnelDefinitionValidator;
import dev.touchpoint.attribution.FunnelTemplates;
import dev.touchpoint.attribution.JourneyRows;
import dev.touchpoint.attribution.WriteFence;
import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.kafka.EventTopic;

/**
 * Funnel definitions: create, replace, delete. Any change of stages or rules starts a
 * backfill: the funnel's derived rows are dropped and the stored history is attributed
 * again, partition by partition, by the consumers (see BackfillWorker).
 */
@ApplicationScoped
public class FunnelService {

    @Inject
    FunnelRepository funnels;
    @Inject
    FunnelJson json;
    @Inject
    JourneyRows rows;
    @Inject
    WriteFence fence;
    @Inject
    EventTopic topic;
    @Inject
    EntityManager em;

    private final FunnelDefinitionValidator validator = new FunnelDefinitionValidator();

    @Transactional
    public List<FunnelView> list() {
        return funnels.allById().stream().map(this::view).toList();
    }

    @Transactional
    public FunnelView get(String id) {
        return view(require(id));
    }

    @Transactional
    public FunnelView create(FunnelRequest request) {
        FunnelDefinition definition = definition(request, null);
        fence.enterExclusive();
        if (funnels.findById(definition.id()) != null) {
            throw ProblemException.conflict("A funnel with id '" + definition.id() + "' exists; PUT /v1/funnels/"
                    + definition.id() + " changes it.");
        }
        Funnel funnel = new Funnel();
        funnel.id = definition.id();
        funnel.name = definition.name();
        funnel.definition = json.write(definition);
        funnel.version = 1;
        funnel.createdAt = Instant.now();
        funnel.updatedAt = funnel.createdAt;
        startBackfill(funnel);
        funnels.persist(funnel);
        return view(funnel);
    }

    @Transactional
    public FunnelView replace(String id, FunnelRequest request) {
        FunnelDefinition definition = definition(request, id);
        fence.enterExclusive();
        Funnel funnel = require(id);
        String stored = json.write(definition);
        funnel.name = definition.name();
        funnel.updatedAt = Instant.now();
        if (!stored.equals(funnel.definition)) {
            funnel.definition = stored;
            funnel.version++;
            startBackfill(funnel);
        }
        return view(funnel);
    }

    @Transactional
    public void delete(String id) {
        fence.enterExclusive();
        Funnel funnel = require(id);
        rows.deleteFunnel(id);
        em.createNativeQuery("delete from backfill_cursor where funnel_id = ?1").setParameter(1, id).executeUpdate();
        funnels.delete(funnel);
    }

    private Funnel require(String id) {
        Funnel funnel = funnels.findById(id);
        if (funnel == null) {
            throw ProblemException.notFound("No funnel with id '" + id + "'.");
        }
        return funnel;
    }

    /** The definition a request asks for, validated; {@code pathId} is set for PUT. */
    private FunnelDefinition definition(FunnelRequest request, String pathId) {
        if (request == null) {
            throw ProblemException.invalidField("body", "required", "Send the funnel as a JSON object.");
        }
        FunnelDefinition definition;
        if (request.template() != null) {
            FunnelDefinition template = FunnelTemplates.templates().get(request.template());
            if (template == null) {
                throw ProblemException.invalidField("template", "unknown-template", "No template '" + request.template()
                        + "'; GET /v1/funnel-templates lists them.");
            }
            if (request.stages() != null || request.rules() != null) {
                throw ProblemException.invalidField("template", "exclusive",
                        "Give either a template or stages and rules, not both.");
            }
            definition = new FunnelDefinition(firstNonNull(request.id(), pathId, template.id()),
                    firstNonNull(request.name(), template.name()), template.stages(), template.rules());
        } else {
            definition = new FunnelDefinition(firstNonNull(request.id(), pathId), request.name(), request.stages(),
                    request.rules());
        }
        List<FieldError> errors = new ArrayList<>(validator.validate(definition));
        if (pathId != null && request.id() != null && !pathId.equals(request.id())) {
            errors.add(new FieldError("id", "immutable", "The id in the body must match the path, or be left out."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The funnel breaks " + errors.size() + " rule(s).", errors);
        }
        return definition;
    }

    /** Drops the funnel's derived rows and lays one backfill cursor per partition. */
    private void startBackfill(Funnel funnel) {
        rows.deleteFunnel(funnel.id);
        em.createNativeQuery("delete from backfill_cursor where funnel_id = ?1").setParameter(1, funnel.id)
                .executeUpdate();
        long journeys = ((Number) em.createNativeQuery("select count(distinct journey_key) from touchpoint")
                .getSingleResult()).longValue();
        for (int p = 0; p < topic.partitions(); p++) {
            em.createNativeQuery("insert into backfill_cursor (funnel_id, partition_no, funnel_version, last_key,"
                    + " journeys_done, finished) values (?1, ?2, ?3, null, 0, ?4)")
                    .setParameter(1, funnel.id).setParameter(2, p).setParameter(3, funnel.version)
                    .setParameter(4, journeys == 0).executeUpdate();
        }
        funnel.backfillTotal = journeys;
        funnel.backfillStartedAt = Instant.now();
        funnel.backfillState = journeys == 0 ? Funnel.BackfillState.DONE : Funnel.BackfillState.RUNNING;
        funnel.backfillFinishedAt = journeys == 0 ? funnel.backfillStartedAt : null;
    }

    private FunnelView view(Funnel funnel) {
        FunnelDefinition definition = json.read(funnel);
        long done = ((Number) em.createNativeQuery(
                "select coalesce(sum(journeys_done), 0) from backfill_cursor where funnel_id = ?1 and funnel_version = ?2")
                .setParameter(1, funnel.id).setParameter(2, funnel.version).getSingleResult()).longValue();
        boolean finished = funnel.backfillState == Funnel.BackfillState.DONE;
        long shownDone = finished ? funnel.backfillTotal : Math.min(done, funnel.backfillTotal);
        double progress = finished || funnel.backfillTotal == 0 ? 1.0 : (double) shownDone / funnel.backfillTotal;
        return new FunnelView(funnel.id, funnel.name, definition.stages(), definition.rules(), funnel.version,
                funnel.createdAt, funnel.updatedAt, new FunnelView.Backfill(funnel.backfillState.name().toLowerCase(),
                        shownDone, funnel.backfillTotal, progress, funnel.backfillStartedAt, funnel.backfillFinishedAt));
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** True when no funnel with this id exists. */
    @Transactional
    public boolean absent(String id) {
        return funnels.findById(Objects.requireNonNull(id)) == null;
    }
}

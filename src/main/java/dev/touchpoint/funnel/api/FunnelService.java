package dev.touchpoint.funnel.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.touchpoint.backfill.BackfillCursors;
import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.funnel.Funnel;
import dev.touchpoint.funnel.FunnelDefinition;
import dev.touchpoint.funnel.FunnelDefinitionValidator;
import dev.touchpoint.funnel.FunnelJson;
import dev.touchpoint.funnel.FunnelRepository;
import dev.touchpoint.funnel.FunnelTemplates;
import dev.touchpoint.storage.JourneyRows;
import dev.touchpoint.storage.WriteFence;

/**
 * Funnel definitions: create, replace, delete. Any change of stages, rules or dimensions starts a
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
    BackfillCursors cursors;

    private final FunnelDefinitionValidator validator = new FunnelDefinitionValidator();

    @Transactional
    public List<FunnelView> list() {
        return funnels.allById().stream().map(this::view).toList();
    }

    @Transactional
    public FunnelView get(String id) {
        return view(require(id));
    }

    /** The funnel as it attributes events right now, for reading its journeys back ({@code analytics.JourneyScan}). */
    @Transactional
    public CompiledFunnel compiled(String id) {
        Funnel funnel = require(id);
        return CompiledFunnel.of(json.read(funnel), funnel.version);
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
        cursors.start(funnel);
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
            cursors.start(funnel);
        }
        return view(funnel);
    }

    @Transactional
    public void delete(String id) {
        fence.enterExclusive();
        Funnel funnel = require(id);
        rows.deleteFunnel(id);
        cursors.delete(id);
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
                    firstNonNull(request.name(), template.name()), template.stages(), template.rules(), request.dimensions());
        } else {
            definition = new FunnelDefinition(firstNonNull(request.id(), pathId), request.name(), request.stages(),
                    request.rules(), request.dimensions());
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

    private FunnelView view(Funnel funnel) {
        FunnelDefinition definition = json.read(funnel);
        long done = cursors.journeysDone(funnel);
        boolean finished = funnel.backfillState == Funnel.BackfillState.DONE;
        long shownDone = finished ? funnel.backfillTotal : Math.min(done, funnel.backfillTotal);
        double progress = finished || funnel.backfillTotal == 0 ? 1.0 : (double) shownDone / funnel.backfillTotal;
        return new FunnelView(funnel.id, funnel.name, definition.stages(), definition.rules(),
                definition.dimensionNames(), funnel.version,
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

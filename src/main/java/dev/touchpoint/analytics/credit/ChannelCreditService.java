package dev.touchpoint.analytics.credit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.touchpoint.analytics.AnalyticsService;
import dev.touchpoint.analytics.BackfillPendingException;
import dev.touchpoint.analytics.query.JourneyScan;
import dev.touchpoint.analytics.query.QueryRange;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.funnel.Stage;
import dev.touchpoint.funnel.api.FunnelService;
import dev.touchpoint.funnel.api.FunnelView;
import dev.touchpoint.journey.credit.ChannelCredit;
import dev.touchpoint.journey.credit.CreditModel;
import dev.touchpoint.journey.credit.MarkovCredit;
import dev.touchpoint.journey.credit.MarkovPath;

/**
 * Channel credit (docs/metrics.md): which channels move customers forward and which bring them
 * back. The rule models that weigh a touchpoint by its role alone add up what attribution keeps
 * ({@link CreditRepository}); timeDecay, whose weights depend on the timestamps, and markov read
 * the funnel's journeys back from the stored events ({@link JourneyScan}), only those a figure can
 * depend on, and add them up with the journey model's {@link ChannelCredit} or {@link MarkovCredit}.
 */
@ApplicationScoped
public class ChannelCreditService {

    /** The stage markov counts as converted by default, where the funnel has one. */
    static final String DEFAULT_TARGET = "conversion";

    @Inject
    FunnelService funnels;

    @Inject
    JourneyScan scan;

    @Inject
    CreditRepository repository;

    /**
     * Rule-model credit: the forward and loop-back visits entered in {@code [from, to)}, each a
     * unit split over the visit's events and its successor's first event.
     */
    @Transactional
    public ChannelReports.CreditReport rules(String funnelId, QueryRange range, CreditOptions options) {
        List<String> stages = readyStages(funnelId, options.target());
        ChannelCredit credit = new ChannelCredit(stages.size(), options.model(), options.halfLife());
        if (options.model().byRole()) {
            repository.credit(funnelId, range, credit);
        } else {
            // A visit entered before `to` moves within the window at the latest by `to + window`.
            JourneyScan.Scope scope = JourneyScan.Scope.visitsEnteredIn(funnelId, range.from(), range.to(),
                    range.to().plus(range.window()));
            scan.scan(funnels.compiled(funnelId), scope, null,
                    journey -> credit.add(journey.events(), range.from(), range.to(), range.window()));
        }
        List<ChannelReports.StageCredit> byStage = new ArrayList<>(stages.size());
        for (int s = 0; s < stages.size(); s++) {
            byStage.add(new ChannelReports.StageCredit(stages.get(s), rows(credit.stage(s))));
        }
        Duration halfLife = options.model() == CreditModel.TIME_DECAY ? options.halfLife() : null;
        return new ChannelReports.CreditReport(funnelId, options.model().apiName(), range.from(), range.to(),
                AnalyticsService.iso(range.window()), halfLife == null ? null : AnalyticsService.iso(halfLife), byStage,
                new ChannelReports.TotalCredit(rows(credit.total())));
    }

    /**
     * Markov removal effects over every journey's events in {@code [from, to)}, converted at the
     * options' target: a stage key, or by default {@code conversion} if the funnel has it, else its last stage.
     */
    @Transactional
    public ChannelReports.MarkovReport markov(String funnelId, QueryRange range, CreditOptions options) {
        String target = options.target();
        List<String> stages = readyStages(funnelId, target);
        String targetKey = target != null ? target : stages.contains(DEFAULT_TARGET) ? DEFAULT_TARGET
                : stages.get(stages.size() - 1);
        int targetStage = stages.indexOf(targetKey);
        CompiledFunnel funnel = funnels.compiled(funnelId);
        MarkovCredit markov = new MarkovCredit();
        scan.scan(funnel, JourneyScan.Scope.eventsIn(range.from(), range.to()), null, journey -> {
            MarkovPath path = MarkovPath.of(journey.events(), range.from(), range.to(), targetStage);
            if (path != null) {
                markov.add(path);
            }
        });
        List<ChannelReports.RemovalEffect> channels = markov.channels().stream()
                .map(r -> new ChannelReports.RemovalEffect(r.channel(), r.removalEffect(), r.share())).toList();
        return new ChannelReports.MarkovReport(funnelId, CreditOptions.MARKOV, targetKey, range.from(), range.to(),
                channels);
    }

    /** The funnel's stage keys once its backfill is done; a {@code target} given must be one of them. */
    private List<String> readyStages(String funnelId, String target) {
        FunnelView funnel = funnels.get(funnelId);
        List<String> stages = funnel.stages().stream().map(Stage::key).toList();
        if (target != null && !stages.contains(target)) {
            throw ProblemException.invalidField("target", "enum", "target must be one of the funnel's stage keys: "
                    + String.join(", ", stages) + ".");
        }
        BackfillPendingException.unlessDone(funnel);
        return stages;
    }

    private static List<ChannelReports.ChannelCredit> rows(List<ChannelCredit.Row> rows) {
        return rows.stream().map(r -> new ChannelReports.ChannelCredit(r.channel(), r.advancement(), r.loopBack(),
                r.advancementShare(), r.loopBackShare())).toList();
    }
}

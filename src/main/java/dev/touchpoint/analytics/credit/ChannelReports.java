package dev.touchpoint.analytics.credit;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The bodies of {@code GET /v1/funnels/{id}/channels} (docs/api.md, docs/metrics.md): rule-model
 * credit per stage and channel, or the markov model's removal effects. Kept apart from the journey
 * model's rows so that the API's field names stay fixed whatever the computation's types become.
 */
public final class ChannelReports {

    private ChannelReports() {
    }

    /** {@code halfLife} appears only for {@code model=timeDecay}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreditReport(String funnel, String model, Instant from, Instant to, String window, String halfLife,
            List<StageCredit> stages, TotalCredit total) {
    }

    /** One stage: the credit of the moves out of its visits, by channel. */
    public record StageCredit(String stage, List<ChannelCredit> channels) {
    }

    /** The whole funnel: each channel's credit summed over the stages. */
    public record TotalCredit(List<ChannelCredit> channels) {
    }

    /**
     * @param advancementShare the channel's part of the stage's (or funnel's) advancement credit; null when that is 0
     * @param loopBackShare    the same for loop-back credit
     */
    public record ChannelCredit(String channel, double advancement, double loopBack, Double advancementShare,
            Double loopBackShare) {
    }

    public record MarkovReport(String funnel, String model, String target, Instant from, Instant to,
            List<RemovalEffect> channels) {
    }

    /** {@code removalEffect} and {@code share} are null when no path converts ({@code P = 0}). */
    public record RemovalEffect(String channel, Double removalEffect, Double share) {
    }
}

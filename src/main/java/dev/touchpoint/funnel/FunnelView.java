package dev.touchpoint.funnel;

import java.time.Instant;
import java.util.List;

import dev.touchpoint.attribution.Rule;
import dev.touchpoint.attribution.Stage;

/** A funnel as the API shows it, with the progress of its backfill. */
public record FunnelView(String id, String name, List<Stage> stages, List<Rule> rules, int version,
        Instant createdAt, Instant updatedAt, Backfill backfill) {

    /**
     * Whether the stored history is attributed with the current rules: while {@code state} is
     * {@code running}, results cover only part of it.
     */
    public record Backfill(String state, long journeysDone, long journeysTotal, double progress, Instant startedAt,
            Instant finishedAt) {
    }
}

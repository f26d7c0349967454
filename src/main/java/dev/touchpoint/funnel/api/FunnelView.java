package dev.touchpoint.funnel.api;

import java.time.Instant;
import java.util.List;

import dev.touchpoint.funnel.Rule;
import dev.touchpoint.funnel.Stage;

/**
 * A funnel as the API shows it, with the progress of its backfill; {@code dimensions} empty when
 * it declares none.
 */
public record FunnelView(String id, String name, List<Stage> stages, List<Rule> rules, List<String> dimensions,
        int version,
        Instant createdAt, Instant updatedAt, Backfill backfill) {

    /**
     * Whether the stored history is attributed with the current rules: while {@code state} is
     * {@code running}, results cover only part of it.
     */
    public record Backfill(String state, long journeysDone, long journeysTotal, double progress, Instant startedAt,
            Instant finishedAt) {
    }
}

package dev.touchpoint.funnel;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stored funnel: its definition as JSON and the state of its backfill. */
@Entity
@Table(name = "funnel")
public class Funnel {

    /** Whether the stored history is attributed with the current rules yet. */
    public enum BackfillState {
        RUNNING, DONE
    }

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    /** Stages and rules, see {@link FunnelJson}. */
    @Column(nullable = false)
    public String definition;

    /** Grows whenever stages or rules change; derived rows are those of the current version. */
    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "backfill_state", nullable = false)
    public BackfillState backfillState;

    /** Journeys stored when the backfill started. */
    @Column(name = "backfill_total", nullable = false)
    public long backfillTotal;

    @Column(name = "backfill_started_at", nullable = false)
    public Instant backfillStartedAt;

    @Column(name = "backfill_finished_at")
    public Instant backfillFinishedAt;

    /** A backfill over {@code journeys} stored journeys begins now (or is done at once when there are none). */
    public void backfillStarted(long journeys, Instant now) {
        backfillTotal = journeys;
        backfillStartedAt = now;
        backfillState = journeys == 0 ? BackfillState.DONE : BackfillState.RUNNING;
        backfillFinishedAt = journeys == 0 ? now : null;
    }

    public void backfillDone(Instant now) {
        backfillState = BackfillState.DONE;
        backfillFinishedAt = now;
    }
}

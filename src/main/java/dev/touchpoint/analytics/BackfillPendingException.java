package dev.touchpoint.analytics;

import dev.touchpoint.funnel.api.FunnelView;

/** A query on a funnel whose backfill still runs: answered with its progress instead of partial numbers. */
public class BackfillPendingException extends RuntimeException {

    private final transient Reports.BackfillPending pending;

    public BackfillPendingException(Reports.BackfillPending pending) {
        super(pending.detail(), null, false, false);
        this.pending = pending;
    }

    /** Throws when the funnel's backfill has not finished, so that no query answers from half its history. */
    public static void unlessDone(FunnelView funnel) {
        if (!"done".equals(funnel.backfill().state())) {
            throw new BackfillPendingException(new Reports.BackfillPending(funnel.id(), funnel.backfill().state(),
                    funnel.backfill().progress(), "The funnel's stored history is being attributed to its current"
                            + " rules; results follow once the backfill is done."));
        }
    }

    public Reports.BackfillPending pending() {
        return pending;
    }
}

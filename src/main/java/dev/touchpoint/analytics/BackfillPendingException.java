package dev.touchpoint.analytics;

/** A query on a funnel whose backfill still runs: answered with its progress instead of partial numbers. */
public class BackfillPendingException extends RuntimeException {

    private final transient Reports.BackfillPending pending;

    public BackfillPendingException(Reports.BackfillPending pending) {
        super(pending.detail(), null, false, false);
        this.pending = pending;
    }

    public Reports.BackfillPending pending() {
        return pending;
    }
}

package dev.touchpoint.journey;

import java.time.Duration;


/**
 * Why a stalled visit stalled (SPEC §3, Flow): its successor came after the window, or there
 * is none yet. The two tell a marketer apart "too slow" from "gone (so far)", and they add up
 * to {@code stalled}.
 */
public enum StallSplit {
    /** The successor exists but entered later than the window after the visit. */
    MOVED_AFTER_WINDOW,
    /** The visit is the journey's last. */
    NO_SUCCESSOR;

    /** The reason a visit stalled under {@code window}, or null when it did not stall. */
    public static StallSplit of(Visit visit, Duration window) {
        if (visit.outcome(window) != VisitOutcome.STALLED) {
            return null;
        }
        return visit.nextStage() == null ? NO_SUCCESSOR : MOVED_AFTER_WINDOW;
    }
}

package dev.touchpoint.journey;

/** How a visit ended within a window (docs/metrics.md, Flow); the three rates add up to 1. */
public enum VisitOutcome {
    /** The successor came within the window and is of a later stage. */
    FORWARD,
    /** The successor came within the window and is of an earlier stage. */
    LOOP_BACK,
    /** There is no successor within the window. */
    STALLED
}

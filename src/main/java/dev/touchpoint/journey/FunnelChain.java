package dev.touchpoint.journey;

import java.time.Duration;
import java.util.List;


/**
 * A customer's earliest chain that reaches their funnel level (SPEC §3): what time to convert
 * and the conversion breakdown read. "Earliest" is the chain whose event positions
 * {@code (e1, e2, ..., ek)} in journey order are lexicographically smallest among all chains
 * that reach the level, so its {@code e1} is the earliest start that reaches the level.
 *
 * @param level  the customer's level, at least 1
 * @param events the chain's events in journey order; in skip mode there may be fewer than {@code level}
 */
public record FunnelChain(int level, List<AttributedEvent> events) {

    public FunnelChain {
        events = List.copyOf(events);
        if (level < 1 || events.isEmpty()) {
            throw new IllegalArgumentException("a chain has at least one event and level 1");
        }
    }

    /** The chain's first event, {@code e1}. */
    public AttributedEvent start() {
        return events.get(0);
    }

    /**
     * The time from {@code e(k-1)} to {@code e(k)} for step {@code k} in {@code 2..level}: with
     * {@code e(k)} the chain's first event whose stage reaches level {@code k} and
     * {@code e(k-1)} the chain's event before it. In strict mode that is the k-th event; in
     * skip mode one jump over several stages serves each step it covers.
     */
    public Duration timeToStep(int k) {
        if (k < 2 || k > level) {
            throw new IllegalArgumentException("step " + k + " is not in 2.." + level);
        }
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).stage() >= k - 1) {
                return Duration.between(events.get(i - 1).timestamp(), events.get(i).timestamp());
            }
        }
        throw new IllegalStateException("chain of level " + level + " has no event of stage " + (k - 1));
    }
}

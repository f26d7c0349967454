package dev.touchpoint.funnel;

/**
 * Attributes the events that satisfy {@code match} to one stage (docs/metrics.md). Rules are tried in
 * order and the first whose every condition holds wins, so their order is part of the funnel.
 *
 * @param stage the key of the stage the event is attributed to
 * @param match the conditions the event must satisfy
 */
public record Rule(String stage, Match match) {
}

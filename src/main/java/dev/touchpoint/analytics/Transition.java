package dev.touchpoint.analytics;

/** How many visits of stage {@code from} (entered in range) had a successor of stage {@code to}. */
public record Transition(String from, String to, long count) {
}

package dev.touchpoint.analytics;

/**
 * One group of visits as the flow query counts them: visits of {@code stage} whose successor
 * is {@code nextStage} (null: none), how many, and how many of those successors came within
 * the window. {@code channel} and {@code day} are set when the query groups by them.
 */
public record FlowCount(int stage, Integer nextStage, String channel, Integer day, long visits, long withinWindow) {
}

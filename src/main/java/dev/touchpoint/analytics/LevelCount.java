package dev.touchpoint.analytics;

/** How many customers have exactly {@code level} as their level, optionally for one channel of their chain's start. */
public record LevelCount(String channel, int level, long customers) {
}

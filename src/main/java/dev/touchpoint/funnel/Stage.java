package dev.touchpoint.funnel;

/**
 * One step of a funnel (docs/metrics.md). The key is what rules, stored attributions and query
 * results refer to, so it stays stable; the name is only for people and may change.
 *
 * @param key  slug-like identifier, unique within its funnel, e.g. {@code awareness}
 * @param name display name, e.g. {@code Awareness}
 */
public record Stage(String key, String name) {
}

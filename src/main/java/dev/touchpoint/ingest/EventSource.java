package dev.touchpoint.ingest;

import dev.touchpoint.security.KeyKind;

/**
 * Where an accepted event came from: the kind of key that posted it and how the key was
 * sent ({@code header}, or {@code query} for {@code navigator.sendBeacon}).
 */
public record EventSource(KeyKind key, String via) {
}

package dev.touchpoint.storage;

import dev.touchpoint.ingest.EventRecordCodec.Decoded;

/** A decoded record and the partition it was read from. */
public record ConsumedEvent(Decoded decoded, int partition) {
}

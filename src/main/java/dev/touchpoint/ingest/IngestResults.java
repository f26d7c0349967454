package dev.touchpoint.ingest;

import java.util.List;

import dev.touchpoint.error.FieldError;

/** The bodies of the ingestion answers (docs/api.md). */
public final class IngestResults {

    private IngestResults() {
    }

    /** {@code 202} for one event. */
    public record Accepted(String eventId) {
    }

    /** {@code 202} for a batch: how many went onto Kafka, and why the others did not. */
    public record BatchAccepted(int accepted, List<Rejection> rejected) {
    }

    /** One refused event of a batch, by its position in {@code events}. */
    public record Rejection(int index, List<FieldError> errors) {
    }
}

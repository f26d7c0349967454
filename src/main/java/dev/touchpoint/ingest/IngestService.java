package dev.touchpoint.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.ingest.IngestResults.Accepted;
import dev.touchpoint.ingest.IngestResults.BatchAccepted;
import dev.touchpoint.ingest.IngestResults.Rejection;
import dev.touchpoint.ops.Meters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns request bodies into accepted events: parses them strictly, applies docs/api.md's rules
 * and limits, publishes the valid events and counts what was accepted and refused.
 */
@ApplicationScoped
public class IngestService {

    private final StrictJson json;
    private final EventValidator validator;
    private final EventPublisher publisher;
    private final TouchpointConfig.Ingest limits;
    private final MeterRegistry registry;
    private final Clock clock;
    private final RateLimiter rateLimiter;

    @Inject
    public IngestService(EventPublisher publisher, TouchpointConfig config, MeterRegistry registry) {
        this.publisher = publisher;
        this.limits = config.ingest();
        this.registry = registry;
        this.clock = Clock.systemUTC();
        this.validator = new EventValidator(limits.maxFutureSkew());
        this.rateLimiter = limits.rateLimit().isPresent()
                ? new RateLimiter(limits.rateLimit().getAsInt(), limits.rateLimitBurst()) : null;
        this.json = new StrictJson(limits.maxBatchBytes());
    }

    /** The answer completes once Kafka has the event; a broken rule is thrown at once. */
    public CompletionStage<Accepted> acceptOne(byte[] body, EventSource source) {
        if (body.length > limits.maxEventBytes()) {
            reject("max-size", 1);
            throw ProblemException.tooLarge("body", "max-size",
                    "One event may be at most " + limits.maxEventBytes() + " bytes of JSON.");
        }
        EventValidator.Result result = validate(parse(body), now());
        if (!result.valid()) {
            reject(result.errors().get(0).rule(), 1);
            if ("max-size".equals(result.errors().get(0).rule())) {
                throw ProblemException.tooLarge("event", "max-size", result.errors().get(0).message());
            }
            throw ProblemException.invalid("The event breaks " + result.errors().size() + " rule(s).", result.errors());
        }
        return publishCounted(List.of(result.event()), source, new Accepted(result.event().eventId()));
    }

    /** The answer completes once Kafka has every valid event; a batch without any is thrown at once. */
    public CompletionStage<BatchAccepted> acceptBatch(byte[] body, EventSource source) {
        if (body.length > limits.maxBatchBytes()) {
            reject("max-size", 1);
            throw ProblemException.tooLarge("body", "max-size",
                    "A batch may be at most " + limits.maxBatchBytes() + " bytes of JSON.");
        }
        JsonNode events = batchEvents(parse(body));
        Instant receivedAt = now();
        List<AcceptedEvent> valid = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode node = events.get(i);
            EventValidator.Result result = validate(node, receivedAt);
            if (result.valid()) {
                valid.add(result.event());
            } else {
                rejected.add(new Rejection(i, result.errors()));
                reject(result.errors().get(0).rule(), 1);
            }
        }
        if (valid.isEmpty()) {
            throw ProblemException.invalid("None of the " + events.size() + " events is valid.", List.of(),
                    Map.of("rejected", rejected));
        }
        return publishCounted(valid, source, new BatchAccepted(valid.size(), rejected));
    }

    /**
     * All or nothing, for clients whose answer cannot list rejections (Segment's libraries): every
     * event passes SPEC §1 and the answer completes once Kafka has them all, or nothing is published
     * and a 400 names each broken rule by {@code fieldPath(index, field)}: the path in the client's
     * own terms of the field the rule found wrong in event {@code index}.
     */
    public CompletionStage<Void> acceptAll(List<JsonNode> events, BiFunction<Integer, String, String> fieldPath,
            EventSource source) {
        if (events.size() > limits.maxBatchEvents()) {
            reject("max-count", events.size());
            throw ProblemException.tooLarge("batch", "max-count",
                    "A batch may hold at most " + limits.maxBatchEvents() + " events.");
        }
        Instant receivedAt = now();
        List<AcceptedEvent> valid = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventValidator.Result result = validate(events.get(i), receivedAt);
            if (result.valid()) {
                valid.add(result.event());
            } else {
                reject(result.errors().get(0).rule(), 1);
                for (FieldError e : result.errors()) {
                    errors.add(new FieldError(fieldPath.apply(i, e.field()), e.rule(), e.message()));
                }
            }
        }
        if (!errors.isEmpty()) {
            if (errors.stream().allMatch(e -> "max-size".equals(e.rule()))) {
                throw ProblemException.tooLarge(errors.get(0).field(), "max-size", errors.get(0).message());
            }
            throw ProblemException.invalid(errors.size() + " rule(s) broken; no event of the request is accepted.",
                    errors);
        }
        return publishCounted(valid, source, (Void) null);
    }

    private JsonNode batchEvents(JsonNode root) {
        if (!root.isObject()) {
            throw ProblemException.invalidField("body", "type", "A batch must be a JSON object: {\"events\": [ … ]}.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!"events".equals(name)) {
                throw ProblemException.invalidField(name, "unknown-field", "Unknown field '" + name
                        + "'; a batch has only 'events'.");
            }
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw ProblemException.invalidField("events", "required", "events must be an array of events.");
        }
        if (events.isEmpty()) {
            throw ProblemException.invalidField("events", "count", "events must hold at least one event.");
        }
        if (events.size() > limits.maxBatchEvents()) {
            reject("max-count", events.size());
            throw ProblemException.tooLarge("events", "max-count",
                    "A batch may hold at most " + limits.maxBatchEvents() + " events.");
        }
        return events;
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.parse(body);
        } catch (ProblemException e) {
            reject(e.problem().errors().get(0).rule(), 1);
            throw e;
        }
    }

    /** docs/api.md's rules for one event, its size measured as compact JSON so that no form of it can weigh more. */
    private EventValidator.Result validate(JsonNode node, Instant receivedAt) {
        if (json.serializedSize(node) > limits.maxEventBytes()) {
            return new EventValidator.Result(null, List.of(new FieldError("event", "max-size",
                    "One event may be at most " + limits.maxEventBytes() + " bytes of JSON.")));
        }
        return validator.validate(node, receivedAt);
    }

    /** Publishes the events and completes with the answer once Kafka has them all, counting either way. */
    private <T> CompletionStage<T> publishCounted(List<AcceptedEvent> events, EventSource source, T answer) {
        if (rateLimiter != null) {
            try {
                rateLimiter.acquire(source.key(), events.size(), System.nanoTime());
            } catch (ProblemException e) {
                reject("rate-limited", events.size());
                throw e;
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        publisher.publish(events, source).whenComplete((done, failure) -> {
            if (failure == null) {
                registry.counter(Meters.EVENTS_ACCEPTED).increment(events.size());
                result.complete(answer);
            } else {
                reject("unavailable", events.size());
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    private void reject(String reason, int count) {
        registry.counter(Meters.EVENTS_REJECTED, Meters.TAG_REASON, reason).increment(count);
    }

    private Instant now() {
        return clock.instant();
    }
}

package dev.touchpoint.segment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.ingest.EventSource;
import dev.touchpoint.ingest.IngestService;
import dev.touchpoint.ingest.StrictJson;
import dev.touchpoint.security.ApiKeys;
import dev.touchpoint.security.KeyKind;

/**
 * Segment's HTTP Tracking API (SPEC §5.1) over our own ingestion: the body is read as strictly
 * as {@code /v1/events}, the write key comes from Basic auth or the body's {@code writeKey}, each
 * message is mapped, and the request is accepted whole once Kafka has every event, or not at all:
 * Segment's answer has no room to list rejected messages, and its libraries retry a batch whole.
 */
@ApplicationScoped
public class SegmentService {

    static final String VIA = "segment";

    private final StrictJson json;
    private final IngestService ingest;
    private final ApiKeys keys;

    @Inject
    public SegmentService(IngestService ingest, ApiKeys keys, TouchpointConfig config) {
        this.ingest = ingest;
        this.keys = keys;
        this.json = new StrictJson(config.ingest().maxBatchBytes());
    }

    /** One message of the given kind ({@code track}, {@code page}, …). */
    public CompletionStage<Void> acceptOne(String kind, byte[] body, String authorization) {
        JsonNode message = object(json.parse(body), "body");
        EventSource source = source(authorization, message.get("writeKey"));
        SegmentMapper.Mapped mapped = SegmentMapper.map(message, kind, JsonNodeFactory.instance.objectNode());
        if (mapped.event() == null) {
            throw invalid(mapped.errors(), "");
        }
        return ingest.acceptAll(List.of(mapped.event()), (i, field) -> SegmentMapper.segmentField(field, kind), source);
    }

    /** {@code {"batch": [ … ], "context": …, "sentAt": …, "writeKey": …}}; each message names its own type. */
    public CompletionStage<Void> acceptBatch(byte[] body, String authorization) {
        JsonNode root = object(json.parse(body), "body");
        EventSource source = source(authorization, root.get("writeKey"));
        JsonNode batch = root.get("batch");
        if (batch == null || !batch.isArray()) {
            throw ProblemException.invalidField("batch", "required", "batch must be an array of Segment messages.");
        }
        if (batch.isEmpty()) {
            throw ProblemException.invalidField("batch", "count", "batch must hold at least one message.");
        }
        List<JsonNode> events = new ArrayList<>(batch.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode message = batch.get(i);
            SegmentMapper.Mapped mapped = SegmentMapper.map(message, kind(message), root);
            if (mapped.event() == null) {
                String path = "batch[" + i + "].";
                mapped.errors().forEach(e -> errors.add(prefixed(e, path)));
            } else {
                events.add(mapped.event());
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors, "");
        }
        // Every message mapped, so event i is batch[i]: its path is built only for an error the rules find.
        return ingest.acceptAll(events, (i, field) -> "batch[" + i + "]." + SegmentMapper.segmentField(field,
                kind(batch.get(i))), source);
    }

    private static String kind(JsonNode message) {
        return message.path("type").asText("");
    }

    /** Basic auth (key as user name, empty password), a Bearer key, or the body's writeKey. */
    private EventSource source(String authorization, JsonNode bodyKey) {
        String key = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            key = basicUser(authorization.substring(6).trim());
        } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).trim();
        } else if (bodyKey != null && bodyKey.isTextual()) {
            key = bodyKey.textValue();
        }
        if (key == null || key.isEmpty()) {
            throw ProblemException.unauthorized("A write key is required: send it as the Basic-auth user name"
                    + " (empty password) or as writeKey in the body.");
        }
        KeyKind kind = keys.kindOf(key).orElseThrow(() -> ProblemException.unauthorized("The write key is not valid."));
        return new EventSource(kind, VIA);
    }

    private static String basicUser(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unauthorized("The Basic authorization is not valid base64.");
        }
    }

    private static JsonNode object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw ProblemException.invalidField(field, "type", "The body must be a JSON object.");
        }
        return node;
    }

    private static FieldError prefixed(FieldError e, String path) {
        String field = e.field().isEmpty() ? (path.isEmpty() ? "body" : path.substring(0, path.length() - 1))
                : path + e.field();
        return new FieldError(field, e.rule(), e.message());
    }

    private static ProblemException invalid(List<FieldError> errors, String path) {
        List<FieldError> named = errors.stream().map(e -> prefixed(e, path)).toList();
        return ProblemException.invalid(named.size() + " rule(s) broken; no event of the request is accepted.", named);
    }
}

package dev.touchpoint.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.touchpoint.error.ProblemException;
import dev.touchpoint.error.ProblemExceptionMapper;

/**
 * Reads request bodies as the open internet sends them: strictly. Only well-formed UTF-8,
 * exactly one JSON value (nothing after it), no duplicate keys, bounded nesting and number
 * lengths. Failures are answered in our own words: a parser's message would leak its
 * internals to clients.
 */
final class StrictJson {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 100;

    private final ObjectMapper mapper;

    StrictJson(int maxStringLength) {
        this.mapper = JsonMapper.builder(JsonMapper.builder().build().getFactory().rebuild()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH).maxStringLength(maxStringLength).build())
                .build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The body's JSON value; a 400 problem (rule {@code encoding}, {@code json}, {@code json-limits}, {@code required}) otherwise. */
    JsonNode parse(byte[] body) {
        requireUtf8(body);
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw ProblemException.invalidField("body", "json-limits", "The body nests deeper than " + MAX_DEPTH
                    + " levels, or holds a number longer than " + MAX_NUMBER_LENGTH + " characters or too long a name.");
        } catch (JsonProcessingException e) {
            throw ProblemExceptionMapper.jsonProblem(e);
        } catch (IOException e) {
            throw ProblemException.invalidField("body", "json", "The body could not be read.");
        }
        if (node == null || node.isMissingNode()) {
            throw ProblemException.invalidField("body", "required", "The body is empty; send a JSON object.");
        }
        return node;
    }

    /** The size of a value as compact JSON in UTF-8: what an event weighs, however it was sent. */
    int serializedSize(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node).length;
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Jackson tolerates some malformed UTF-8 (overlong forms, stray bytes in names), which
     * would be stored as characters the client never sent; refuse it first.
     */
    private static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw ProblemException.invalidField("body", "encoding", "The body is not valid UTF-8.");
        }
    }
}

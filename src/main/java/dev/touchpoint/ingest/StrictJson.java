package dev.touchpoint.ingest;

import java.io.IOException;
import java.io.OutputStream;

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
public final class StrictJson {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 100;

    private final ObjectMapper mapper;

    public StrictJson(int maxStringLength) {
        this.mapper = JsonMapper.builder(JsonMapper.builder().build().getFactory().rebuild()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH).maxStringLength(maxStringLength).build())
                .build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The body's JSON value; a 400 problem (rule {@code encoding}, {@code json}, {@code json-limits}, {@code required}) otherwise. */
    public JsonNode parse(byte[] body) {
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

    /** The size of a value as compact JSON in UTF-8: what an event weighs, however it was sent. Counted, not kept. */
    int serializedSize(JsonNode node) {
        ByteCounter counter = new ByteCounter();
        try {
            mapper.writeValue(counter, node);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return counter.count;
    }

    /**
     * Jackson tolerates some malformed UTF-8 (overlong forms, stray bytes in names), which
     * would be stored as characters the client never sent; refuse it first. Checked byte by
     * byte against the well-formed sequences of Unicode (Table 3-7), as the JDK's strict decoder
     * does, without decoding the body into characters that would only be thrown away.
     */
    static void requireUtf8(byte[] body) {
        if (!isUtf8(body)) {
            throw ProblemException.invalidField("body", "encoding", "The body is not valid UTF-8.");
        }
    }

    static boolean isUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int extra;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                extra = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                extra = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // no overlong forms
                } else if (c == 0xED) {
                    hi = 0x9F; // no surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                extra = 3;
                if (c == 0xF0) {
                    lo = 0x90; // no overlong forms
                } else if (c == 0xF4) {
                    hi = 0x8F; // nothing above U+10FFFF
                }
            } else {
                return false;
            }
            if (i + extra >= n) {
                return false; // cut short
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= extra; k++) {
                int next = b[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += extra + 1;
        }
        return true;
    }

    /** Counts what is written to it and keeps nothing. */
    private static final class ByteCounter extends OutputStream {
        int count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}

package dev.touchpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.error.FieldError;

class EventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-03-10T12:00:00Z");
    private final EventValidator validator = new EventValidator(Duration.ofHours(24));

    private EventValidator.Result validate(String json) throws Exception {
        return validator.validate(JSON.readTree(json), RECEIVED);
    }

    private static List<String> rules(EventValidator.Result result, String field) {
        return result.errors().stream().filter(e -> e.field().equals(field)).map(FieldError::rule).toList();
    }

    @Test
    void minimalEventGetsDefaults() throws Exception {
        EventValidator.Result result = validate("{\"customerId\":\"c1\",\"type\":\"purchase\"}");
        assertTrue(result.valid(), result.errors()::toString);
        AcceptedEvent e = result.event();
        assertEquals("c1", e.recordKey());
        assertEquals("unknown", e.channel());
        assertEquals(RECEIVED, e.timestamp(), "no timestamp: the receive time");
        assertEquals(36, e.eventId().length(), "a UUID is assigned");
        assertTrue(e.properties().isEmpty());
        assertNull(e.originalTimestamp());
    }

    @Test
    void recordKeyIsTheDeviceWhenThereIsOne() throws Exception {
        EventValidator.Result result = validate("{\"anonymousId\":\"dev-9\",\"type\":\"page_view\"}");
        assertEquals("dev-9", result.event().recordKey());
        assertEquals("dev-9", validate("{\"anonymousId\":\"dev-9\",\"customerId\":\"c1\",\"type\":\"x\"}")
                .event().recordKey(), "a link event goes with the device's other events");
    }

    @Test
    void correctsClockSkewWithSentAt() throws Exception {
        // The client clock runs 10 minutes behind: sentAt 11:50 arrives at 12:00.
        EventValidator.Result result = validate("{\"customerId\":\"c\",\"type\":\"t\","
                + "\"timestamp\":\"2026-03-10T11:45:00Z\",\"sentAt\":\"2026-03-10T11:50:00Z\"}");
        assertEquals(Instant.parse("2026-03-10T11:55:00Z"), result.event().timestamp());
        assertEquals(Instant.parse("2026-03-10T11:45:00Z"), result.event().originalTimestamp());
    }

    @Test
    void acceptsOffsetsOtherThanUtc() throws Exception {
        EventValidator.Result result = validate("{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":\"2026-03-10T13:00:00+02:00\"}");
        assertEquals(Instant.parse("2026-03-10T11:00:00Z"), result.event().timestamp());
    }

    @Test
    void rejectsTimestampMoreThanADayAhead() throws Exception {
        assertTrue(validate("{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":\"2026-03-11T12:00:00Z\"}").valid(),
                "exactly 24 hours ahead is still accepted");
        EventValidator.Result late = validate("{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":\"2026-03-11T12:00:00.001Z\"}");
        assertEquals(List.of("future"), rules(late, "timestamp"));
        // Skew correction can push a timestamp into the future, too.
        EventValidator.Result skewed = validate("{\"customerId\":\"c\",\"type\":\"t\","
                + "\"timestamp\":\"2026-03-11T11:00:00Z\",\"sentAt\":\"2026-03-10T10:00:00Z\"}");
        assertEquals(List.of("future"), rules(skewed, "timestamp"));
    }

    @Test
    void requiresAJourneyKeyAndAType() throws Exception {
        EventValidator.Result result = validate("{\"channel\":\"web\"}");
        assertEquals(List.of("required"), rules(result, "customerId"));
        assertEquals(List.of("required"), rules(result, "type"));
        assertEquals(List.of("required"), rules(validate("{\"customerId\":null,\"type\":\"t\"}"), "customerId"),
                "null is as good as absent");
    }

    @ParameterizedTest
    @CsvSource({ "eventId,64", "customerId,256", "anonymousId,256" })
    void boundsIdLengths(String field, int max) throws Exception {
        String ok = "a".repeat(max);
        String base = "\"type\":\"t\"," + ("customerId".equals(field) ? "" : "\"customerId\":\"c\",");
        assertTrue(validate("{" + base + "\"" + field + "\":\"" + ok + "\"}").valid());
        assertEquals(List.of("length"), rules(validate("{" + base + "\"" + field + "\":\"" + ok + "a\"}"), field));
        assertEquals(List.of("length"), rules(validate("{" + base + "\"" + field + "\":\"\"}"), field));
        assertEquals(List.of("type"), rules(validate("{" + base + "\"" + field + "\":42}"), field));
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() throws Exception {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertTrue(validate("{\"customerId\":\"c\",\"type\":\"t\",\"eventId\":\"" + emoji.repeat(64) + "\"}").valid());
        assertEquals(List.of("length"),
                rules(validate("{\"customerId\":\"c\",\"type\":\"t\",\"eventId\":\"" + emoji.repeat(65) + "\"}"), "eventId"));
    }

    @Test
    void timestampsStayWithinYears1To9999SoCorrectionCannotOverflow() throws Exception {
        assertEquals(List.of("range"), rules(validate("{\"customerId\":\"c\",\"type\":\"t\","
                + "\"timestamp\":\"2025-06-01T12:00:00Z\",\"sentAt\":\"-999999999-01-01T00:00:00Z\"}"), "sentAt"));
        assertEquals(List.of("range"), rules(validate("{\"customerId\":\"c\",\"type\":\"t\","
                + "\"timestamp\":\"+999999999-12-31T23:59:59Z\"}"), "timestamp"));
        assertEquals(List.of("range"), rules(validate("{\"customerId\":\"c\",\"type\":\"t\","
                + "\"timestamp\":\"0001-01-02T00:00:00Z\",\"sentAt\":\"2026-03-12T12:00:00Z\"}"), "timestamp"),
                "corrected back before the year 1");
        assertTrue(validate("{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":\"0001-01-01T00:00:00Z\"}").valid());
    }

    @Test
    void numbersTooLargeToRepresentAreRefusedByPath() throws Exception {
        assertEquals(List.of("number"), rules(validate("{\"customerId\":\"c\",\"type\":\"t\","
                + "\"properties\":{\"a\":{\"n\":[1,1e999999]}}}"), "properties.a.n[1]"));
        assertTrue(validate("{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"n\":1e300}}").valid());
    }

    @Test
    void idsMustNotHoldControlCharacters() throws Exception {
        assertEquals(List.of("characters"), rules(validate("{\"customerId\":\"a\\u0000b\",\"type\":\"t\"}"), "customerId"));
        assertEquals(List.of("characters"),
                rules(validate("{\"customerId\":\"c\",\"type\":\"t\",\"eventId\":\"x\\ny\"}"), "eventId"));
        assertTrue(validate("{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"note\":\"a\\u0000b\"}}").valid(),
                "properties are stored as JSON text, where control characters are escaped");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Purchase", "_x", "a b", "é", "-a", "" })
    void typeAndChannelFollowThePattern(String bad) throws Exception {
        assertEquals(List.of("pattern"), rules(validate("{\"customerId\":\"c\",\"type\":\"" + bad + "\"}"), "type"));
        assertEquals(List.of("pattern"),
                rules(validate("{\"customerId\":\"c\",\"type\":\"t\",\"channel\":\"" + bad + "\"}"), "channel"));
    }

    @Test
    void patternAllowsItsWholeAlphabetUpTo64Chars() throws Exception {
        assertTrue(validate("{\"customerId\":\"c\",\"type\":\"a0_.:-z\",\"channel\":\"tiktok\"}").valid());
        assertTrue(validate("{\"customerId\":\"c\",\"type\":\"" + "a".repeat(64) + "\"}").valid());
        assertEquals(List.of("pattern"), rules(validate("{\"customerId\":\"c\",\"type\":\"" + "a".repeat(65) + "\"}"), "type"));
        assertEquals(List.of("type"), rules(validate("{\"customerId\":\"c\",\"type\":7}"), "type"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"yesterday\"", "\"2026-03-10T12:00:00\"", "\"2026-03-10\"", "1741600000000", "true" })
    void timestampsMustBeInstants(String bad) throws Exception {
        assertEquals(List.of("format"), rules(validate("{\"customerId\":\"c\",\"type\":\"t\",\"timestamp\":" + bad + "}"), "timestamp"));
        assertEquals(List.of("format"), rules(validate("{\"customerId\":\"c\",\"type\":\"t\",\"sentAt\":" + bad + "}"), "sentAt"));
    }

    @Test
    void propertiesMustBeAnObject() throws Exception {
        assertEquals(List.of("type"), rules(validate("{\"customerId\":\"c\",\"type\":\"t\",\"properties\":[1]}"), "properties"));
        JsonNode props = validate("{\"customerId\":\"c\",\"type\":\"t\",\"properties\":{\"a\":{\"b\":[1,2]}}}").event().properties();
        assertEquals(2, props.at("/a/b/1").asInt());
    }

    @Test
    void unknownTopLevelFieldsAreRejectedByName() throws Exception {
        EventValidator.Result result = validate("{\"customerId\":\"c\",\"type\":\"t\",\"userId\":\"u\",\"event\":\"x\"}");
        assertFalse(result.valid());
        assertEquals(List.of("unknown-field"), rules(result, "userId"));
        assertEquals(List.of("unknown-field"), rules(result, "event"));
    }

    @Test
    void notAnObject() throws Exception {
        EventValidator.Result result = validate("[1]");
        assertEquals(List.of("type"), rules(result, "event"));
        assertNull(result.event());
    }

    @Test
    void keepsTheClientsEventId() throws Exception {
        assertNotNull(validate("{\"customerId\":\"c\",\"type\":\"t\",\"eventId\":\"e-1\"}").event());
        assertEquals("e-1", validate("{\"customerId\":\"c\",\"type\":\"t\",\"eventId\":\"e-1\"}").event().eventId());
    }
}

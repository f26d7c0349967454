package dev.touchpoint.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;

class QueryRangeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-31T10:00:00Z"), ZoneOffset.UTC);

    private static List<String> fields(Runnable r) {
        ProblemException e = assertThrows(ProblemException.class, r::run);
        assertEquals(400, e.problem().status());
        return e.problem().errors().stream().map(f -> f.field() + ":" + f.rule()).toList();
    }

    @Test
    void defaultsToTheLast30DaysAndP30D() {
        QueryRange r = QueryRange.parse(null, null, null, CLOCK);
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), r.from());
        assertEquals(Instant.parse("2026-03-31T10:00:00Z"), r.to());
        assertEquals(Duration.ofDays(30), r.window());
    }

    @Test
    void datesAreMidnightUtcAndInstantsKeepTheirOffset() {
        QueryRange r = QueryRange.parse("2026-01-01", "2026-01-02T03:00:00+02:00", "PT36H", CLOCK);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), r.from());
        assertEquals(Instant.parse("2026-01-02T01:00:00Z"), r.to());
        assertEquals(36 * 3600_000L, r.windowMillis());
        assertEquals(Instant.parse("2026-02-28T00:00:00Z"), QueryRange.parse(null, "2026-03-30", null, CLOCK).from(),
                "from defaults to 30 days before to");
    }

    @Test
    void rejectsWhatIsWrongNamingEachParameter() {
        assertEquals(List.of("from:range"), fields(() -> QueryRange.parse("2026-01-02", "2026-01-01", null, CLOCK)));
        assertEquals(List.of("from:range"), fields(() -> QueryRange.parse("2026-01-01", "2026-01-01", null, CLOCK)));
        assertEquals(List.of("from:format", "to:format").stream().sorted().toList(),
                fields(() -> QueryRange.parse("yesterday", "2026-13-01", null, CLOCK)).stream().sorted().toList());
        assertEquals(List.of("window:format"), fields(() -> QueryRange.parse(null, null, "30 days", CLOCK)));
        assertEquals(List.of("window:format"), fields(() -> QueryRange.parse(null, null, "P1M", CLOCK)));
        assertEquals(List.of("window:range"), fields(() -> QueryRange.parse(null, null, "PT0S", CLOCK)));
        assertEquals(List.of("window:range"), fields(() -> QueryRange.parse(null, null, "-P1D", CLOCK)));
        assertEquals(List.of("window:range"), fields(() -> QueryRange.parse(null, null, "P366D", CLOCK)));
        assertEquals(List.of("window:precision"), fields(() -> QueryRange.parse(null, null, "PT0.0001S", CLOCK)));
        assertEquals(Duration.ofDays(365), QueryRange.parse(null, null, "P365D", CLOCK).window());
        assertEquals(List.of("from:range"), fields(() -> QueryRange.parse("2000-01-01", "2026-01-01", null, CLOCK)),
                "a query may span at most about ten years");
    }

    @Test
    void fieldErrorsAreProblemJsonReady() {
        ProblemException e = assertThrows(ProblemException.class, () -> QueryRange.parse("x", null, null, CLOCK));
        FieldError error = e.problem().errors().get(0);
        assertEquals("from", error.field());
        assertEquals("format", error.rule());
    }
}

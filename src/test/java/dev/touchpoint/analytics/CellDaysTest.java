package dev.touchpoint.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.touchpoint.analytics.ConversionRepository.CellDays;
import dev.touchpoint.analytics.query.QueryRange;

/**
 * Which whole days conversion reads from the cells: at each partial end the side with fewer hours
 * of start rows to correct from (MetricsMatchReferenceTest checks that every choice answers alike).
 */
class CellDaysTest {

    private static final Instant NOW = Instant.parse("2026-12-07T14:53:00Z");

    private static CellDays days(String from, String to) {
        return new CellDays(new QueryRange(Instant.parse(from), Instant.parse(to), Duration.ofDays(30)), NOW);
    }

    private static void assertDays(String a0, String a1, CellDays days) {
        assertEquals(Instant.parse(a0), days.a0, "a0");
        assertEquals(Instant.parse(a1), days.a1, "a1");
    }

    @Test
    void theDefaultRangeLeavesOutItsShortFirstDayAndTakesItsLastDayWhole() {
        // First day: 9 h 7 min in range against 14 h 53 min before it. Last day: nothing after now.
        assertDays("2026-11-08T00:00:00Z", "2026-12-08T00:00:00Z", days("2026-11-07T14:53:00Z", "2026-12-07T14:53:00Z"));
    }

    @Test
    void eachEndTakesTheSideWithFewerHours() {
        assertDays("2025-06-04T00:00:00Z", "2025-06-20T00:00:00Z", days("2025-06-04T07:15:00Z", "2025-06-19T13:45:00Z"));
        assertDays("2025-06-05T00:00:00Z", "2025-06-19T00:00:00Z", days("2025-06-04T20:00:00Z", "2025-06-19T05:30:00Z"));
        assertDays("2025-06-04T00:00:00Z", "2025-06-19T00:00:00Z", days("2025-06-04T11:00:00Z", "2025-06-19T11:00:00Z"));
        assertDays("2025-06-05T00:00:00Z", "2025-06-20T00:00:00Z", days("2025-06-04T13:00:00Z", "2025-06-19T13:00:00Z"));
    }

    @Test
    void wholeDaysStayAsTheyAre() {
        CellDays days = days("2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z");
        assertDays("2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z", days);
        assertEquals(true, days.wholeDays(new QueryRange(Instant.parse("2025-06-01T00:00:00Z"),
                Instant.parse("2025-07-01T00:00:00Z"), Duration.ofDays(30))));
    }

    @Test
    void aRangeThatWouldKeepNoWholeDayTakesBothEndsWhole() {
        assertDays("2025-06-03T00:00:00Z", "2025-06-05T00:00:00Z", days("2025-06-03T22:00:00Z", "2025-06-04T02:00:00Z"));
        assertDays("2025-06-03T00:00:00Z", "2025-06-04T00:00:00Z", days("2025-06-03T06:30:00Z", "2025-06-03T18:00:00Z"));
    }
}

package dev.touchpoint.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class DaySplitTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static int day(String date) {
        return (int) LocalDate.parse(date).toEpochDay();
    }

    @Test
    void wholeDaysNeedNoEdges() {
        DaySplit s = DaySplit.of(at("2026-03-01T00:00:00Z"), at("2026-03-31T00:00:00Z"));
        assertEquals(day("2026-03-01"), s.firstDay());
        assertEquals(day("2026-03-31"), s.endDay());
        assertNull(s.head());
        assertNull(s.tail());
    }

    @Test
    void partialDaysAtBothEndsAreEdges() {
        DaySplit s = DaySplit.of(at("2026-03-01T10:00:00.001Z"), at("2026-03-31T09:59:59.999Z"));
        assertEquals(day("2026-03-02"), s.firstDay());
        assertEquals(day("2026-03-31"), s.endDay());
        assertEquals(new DaySplit.Span(at("2026-03-01T10:00:00.001Z"), at("2026-03-02T00:00:00Z")), s.head());
        assertEquals(new DaySplit.Span(at("2026-03-31T00:00:00Z"), at("2026-03-31T09:59:59.999Z")), s.tail());
    }

    @Test
    void aRangeWithoutAWholeDayIsOneEdge() {
        DaySplit inside = DaySplit.of(at("2026-03-01T10:00:00Z"), at("2026-03-01T12:00:00Z"));
        assertFalse(inside.hasWholeDays());
        assertEquals(new DaySplit.Span(at("2026-03-01T10:00:00Z"), at("2026-03-01T12:00:00Z")), inside.head());
        DaySplit across = DaySplit.of(at("2026-03-01T10:00:00Z"), at("2026-03-02T12:00:00Z"));
        assertFalse(across.hasWholeDays());
        assertEquals(new DaySplit.Span(at("2026-03-01T10:00:00Z"), at("2026-03-02T12:00:00Z")), across.head());
        assertTrue(DaySplit.of(at("2026-03-01T00:00:00Z"), at("2026-03-02T00:00:00Z")).hasWholeDays());
    }

    @Test
    void daysBefore1970AreWholeDaysToo() {
        DaySplit s = DaySplit.of(at("1969-12-30T12:00:00Z"), at("1970-01-02T00:00:00Z"));
        assertEquals(-1, s.firstDay());
        assertEquals(1, s.endDay());
        assertEquals(new DaySplit.Span(at("1969-12-30T12:00:00Z"), at("1969-12-31T00:00:00Z")), s.head());
    }
}

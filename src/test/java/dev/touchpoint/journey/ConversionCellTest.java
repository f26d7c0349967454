package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The cells a start counts in add up, for every range of whole days, to whether it is its
 * customer's chosen start for that range (docs/metrics.md, Ordered funnel, as {@link StartLink} states it):
 * in range, with its links (when present) outside it.
 */
class ConversionCellTest {

    private static final Instant DAY_0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DAYS = 12;

    @Test
    void cellsSumToTheChosenIndicatorForEveryRangeOfDays() {
        Random random = new Random(5);
        int day0 = FlowKey.dayOf(DAY_0);
        for (int trial = 0; trial < 500; trial++) {
            int s = random.nextInt(DAYS);
            Integer p = random.nextBoolean() ? random.nextInt(s + 1) : null;
            Integer n = random.nextBoolean() ? s + random.nextInt(DAYS - s) : null;
            Map<ConversionCell, Integer> cells = new HashMap<>();
            ConversionCell.contribute(start(s, p, n), (cell, sign) -> cells.merge(cell, sign, Integer::sum));
            for (boolean skip : new boolean[] { false, true }) {
                for (int d1 = 0; d1 <= DAYS; d1++) {
                    for (int d2 = d1 + 1; d2 <= DAYS; d2++) {
                        int sum = 0;
                        for (Map.Entry<ConversionCell, Integer> c : cells.entrySet()) {
                            if (c.getKey().skip() == skip && c.getKey().dayX() - day0 >= d1 && c.getKey().dayY() - day0 < d2) {
                                sum += c.getValue();
                            }
                        }
                        boolean chosen = s >= d1 && s < d2 && (p == null || p < d1) && (n == null || n >= d2);
                        assertEquals(chosen ? 1 : 0, sum, "s=" + s + " p=" + p + " n=" + n + " [" + d1 + ", " + d2 + ")");
                    }
                }
            }
        }
    }

    @Test
    void aStartLinkedBothWaysCountsInFourCellsPerMode() {
        Map<ConversionCell, Integer> cells = new HashMap<>();
        ConversionCell.contribute(start(5, 2, 9), (cell, sign) -> cells.merge(cell, sign, Integer::sum));
        int day0 = FlowKey.dayOf(DAY_0);
        assertEquals(Map.of(
                new ConversionCell(false, day0 + 5, day0 + 5, 2, "web"), 1, new ConversionCell(false, day0 + 2, day0 + 5, 2, "web"), -1,
                new ConversionCell(false, day0 + 5, day0 + 9, 2, "web"), -1, new ConversionCell(false, day0 + 2, day0 + 9, 2, "web"), 1,
                new ConversionCell(true, day0 + 5, day0 + 5, 3, "web"), 1, new ConversionCell(true, day0 + 2, day0 + 5, 3, "web"), -1,
                new ConversionCell(true, day0 + 5, day0 + 9, 3, "web"), -1, new ConversionCell(true, day0 + 2, day0 + 9, 3, "web"), 1),
                cells);
    }

    /** A start on day {@code s} (at noon) with links on days {@code p} and {@code n}; level 2 strict, 3 skip. */
    private static Start start(int s, Integer p, Integer n) {
        return new Start("e", at(s), "web", new long[0], new long[0], new long[0], new long[0], new StartLink(2, at(p), at(n)),
                new StartLink(3, at(p), at(n)));
    }

    private static Instant at(Integer day) {
        return day == null ? null : DAY_0.plus(Duration.ofDays(day)).plus(Duration.ofHours(12));
    }
}

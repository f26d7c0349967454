package dev.touchpoint.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RowDiffTest {

    record Row(int key, String value) {
    }

    @Test
    void unchangedRowsAreNotWritten() {
        List<Row> rows = List.of(new Row(0, "a"), new Row(1, "b"));
        assertTrue(RowDiff.of(rows, List.copyOf(rows), Row::key).isEmpty());
    }

    @Test
    void appendingToAJourneyRewritesOnlyTheChangedTailAndAddsTheNewRow() {
        List<Row> stored = List.of(new Row(0, "a"), new Row(1, "b, last"));
        List<Row> computed = List.of(new Row(0, "a"), new Row(1, "b, then c"), new Row(2, "c, last"));
        RowDiff<Row> diff = RowDiff.of(stored, computed, Row::key);
        assertEquals(List.of(new Row(1, "b, last")), diff.removed());
        assertEquals(List.of(new Row(1, "b, then c"), new Row(2, "c, last")), diff.added());
    }

    @Test
    void rowsNoLongerComputedAreRemoved() {
        List<Row> stored = List.of(new Row(0, "a"), new Row(1, "b"), new Row(2, "c"));
        RowDiff<Row> diff = RowDiff.of(stored, List.of(new Row(0, "a")), Row::key);
        assertEquals(List.of(new Row(1, "b"), new Row(2, "c")), diff.removed());
        assertEquals(List.of(), diff.added());
    }

    /** Applying removed then added to the stored rows always yields exactly the computed rows. */
    @Test
    void applyingTheDiffToTheStoredRowsGivesTheComputedRows() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            List<Row> stored = randomRows(random);
            List<Row> computed = randomRows(random);
            RowDiff<Row> diff = RowDiff.of(stored, computed, Row::key);
            Map<Integer, Row> table = new HashMap<>();
            stored.forEach(r -> table.put(r.key(), r));
            for (Row r : diff.removed()) {
                assertEquals(r, table.remove(r.key()), "only stored rows are deleted");
            }
            for (Row r : diff.added()) {
                assertEquals(null, table.put(r.key(), r), "an insert never meets a row still stored");
            }
            Map<Integer, Row> expected = new HashMap<>();
            computed.forEach(r -> expected.put(r.key(), r));
            assertEquals(expected, table);
            assertTrue(diff.removed().size() + diff.added().size() <= stored.size() + computed.size());
        }
    }

    private static List<Row> randomRows(Random random) {
        List<Row> rows = new ArrayList<>();
        for (int key = 0; key < 6; key++) {
            if (random.nextInt(3) > 0) {
                rows.add(new Row(key, String.valueOf((char) ('a' + random.nextInt(2)))));
            }
        }
        return rows;
    }
}

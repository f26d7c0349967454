package dev.touchpoint.journey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What replacing a journey's stored rows with freshly computed ones has to write: the stored
 * rows that are gone or changed (to delete) and the computed rows that are new or changed (to
 * insert). Rows equal to a stored row are left alone, so an event appended to a long journey
 * rewrites only the rows it changes, not the whole journey.
 *
 * @param removed stored rows to delete, whose key is absent from the computed rows or whose value changed
 * @param added   computed rows to insert, whose key was not stored or whose value changed
 */
public record RowDiff<T>(List<T> removed, List<T> added) {

    /** The difference between {@code stored} and {@code computed}, rows matched by {@code key}. */
    public static <T, K> RowDiff<T> of(List<T> stored, List<T> computed, Function<T, K> key) {
        Map<K, T> before = new LinkedHashMap<>();
        for (T row : stored) {
            before.put(key.apply(row), row);
        }
        List<T> removed = new ArrayList<>();
        List<T> added = new ArrayList<>();
        for (T row : computed) {
            T old = before.remove(key.apply(row));
            if (old == null) {
                added.add(row);
            } else if (!old.equals(row)) {
                removed.add(old);
                added.add(row);
            }
        }
        removed.addAll(before.values());
        return new RowDiff<>(removed, added);
    }

    boolean isEmpty() {
        return removed.isEmpty() && added.isEmpty();
    }
}

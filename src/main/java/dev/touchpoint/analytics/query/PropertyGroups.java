package dev.touchpoint.analytics.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which values of a property breakdown are listed (docs/metrics.md, Breakdown by an event property): the
 * {@code limit} values of the greatest weight (visits, or customers at level 1), ties by value
 * in Java's string order with {@code null} (absent, null, object, array) after every string;
 * the rest go into one {@code other} group. Pure.
 *
 * @param listed the values listed, in that order
 * @param rest   the values summed into the {@code other} group; empty: no such group
 */
public record PropertyGroups(List<String> listed, Set<String> rest) {

    /** Greater weight first, then value, null last. */
    static final Comparator<Map.Entry<String, Long>> ORDER = Comparator
            .<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
            .thenComparing(Map.Entry::getKey, Comparator.nullsLast(Comparator.naturalOrder()));

    /** @param weights each value's weight (a map that may hold the key null) */
    public static PropertyGroups top(Map<String, Long> weights, int limit) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(weights.entrySet());
        entries.sort(ORDER);
        List<String> listed = new ArrayList<>();
        Set<String> rest = new HashSet<>();
        for (Map.Entry<String, Long> e : entries) {
            if (listed.size() < limit) {
                listed.add(e.getKey());
            } else {
                rest.add(e.getKey());
            }
        }
        return new PropertyGroups(listed, rest);
    }

    public boolean hasOther() {
        return !rest.isEmpty();
    }

    /** All rows of the {@code other} group's values, from rows kept per value. */
    public <T> List<T> otherRows(Map<String, ? extends Collection<T>> byValue) {
        List<T> rows = new ArrayList<>();
        for (String value : rest) {
            rows.addAll(Objects.requireNonNull(byValue.get(value)));
        }
        return rows;
    }
}

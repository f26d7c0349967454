package dev.touchpoint.journey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed sample of journeys whose starts are also kept in {@code funnel_start_sample}: one
 * journey in {@link #RATE}, chosen by a hash of the journey key, so a sampled customer has all
 * their starts there and their chosen start is the same as in {@code funnel_start}. Conversion
 * medians over many customers are estimated from it (see the README: "Conversion" under the metrics, and "Performance").
 */
public final class StartSample {

    /** The table of sampled starts: the same columns as {@code funnel_start}. */
    public static final String TABLE = "funnel_start_sample";

    /** One journey in this many is sampled. */
    public static final int RATE = 32;

    private StartSample() {
    }

    /** Whether the journey with this key is in the sample: stable across runs and machines (String.hashCode is specified). */
    public static boolean includes(String journeyKey) {
        int h = journeyKey.hashCode();
        // murmur3's finalizer spreads similar keys (customer-1, customer-2, ...) over all residues
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, RATE) == 0;
    }

    /** The entries of sampled journeys. */
    public static <T> Map<String, List<T>> of(Map<String, List<T>> byJourney) {
        Map<String, List<T>> sampled = new HashMap<>();
        byJourney.forEach((key, rows) -> {
            if (includes(key)) {
                sampled.put(key, rows);
            }
        });
        return sampled;
    }
}

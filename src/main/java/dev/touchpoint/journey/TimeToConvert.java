package dev.touchpoint.journey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts customers per step by the time their earliest chain took for that step, in SPEC §3's
 * fixed buckets. Fixed edges (not quantiles of the data) let dashboards compare two ranges
 * or two funnels bucket by bucket, and let counts from different journeys simply add up.
 */
public final class TimeToConvert {

    /** Exclusive upper edges of every bucket but the last, which is open-ended. */
    public static final List<Duration> EDGES = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1),
            Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30));

    /**
     * One bucket of one step.
     *
     * @param upTo      the bucket's exclusive upper edge, null for the last bucket {@code [30d, ∞)}
     * @param customers how many customers' step took at least the previous edge and less than {@code upTo}
     */
    public record Bucket(Duration upTo, long customers) {
    }

    /** How many buckets each step has: one per edge and the open-ended last one. */
    public static final int BUCKETS = EDGES.size() + 1;

    private final long[][] counts;

    /** @param stageCount the funnel's stages; steps 2..stageCount are counted */
    public TimeToConvert(int stageCount) {
        counts = new long[stageCount + 1][EDGES.size() + 1];
    }

    /** The bucket index of a step's time, 0 for {@code [0, 1m)}. */
    public static int bucketOf(Duration time) {
        int bucket = 0;
        while (bucket < EDGES.size() && time.compareTo(EDGES.get(bucket)) >= 0) {
            bucket++;
        }
        return bucket;
    }

    /** Counts one customer in every step from 2 up to their level. */
    public void add(FunnelChain chain) {
        for (int k = 2; k <= chain.level(); k++) {
            counts[k][bucketOf(chain.timeToStep(k))]++;
        }
    }

    /** Counts {@code customers} in bucket {@code bucket} of step {@code k}: for counts the database grouped. */
    public void add(int k, int bucket, long customers) {
        counts[k][bucket] += customers;
    }

    /** Adds another tally's counts, e.g. one per partition of customers. */
    public void addAll(TimeToConvert other) {
        for (int k = 0; k < counts.length; k++) {
            for (int b = 0; b < counts[k].length; b++) {
                counts[k][b] += other.counts[k][b];
            }
        }
    }

    /** The buckets of step {@code k} (1-based), or null for the first step, which has no previous one. */
    public List<Bucket> step(int k) {
        if (k == 1) {
            return null;
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int b = 0; b <= EDGES.size(); b++) {
            buckets.add(new Bucket(b < EDGES.size() ? EDGES.get(b) : null, counts[k][b]));
        }
        return buckets;
    }
}

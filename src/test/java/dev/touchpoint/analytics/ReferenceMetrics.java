package dev.touchpoint.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.touchpoint.journey.AttributedEvent;

/**
 * An obviously correct, deliberately naive computation of the docs/metrics.md metrics straight from
 * raw per-customer events, without {@code Journey}, {@code Visit} or {@code Start}, so that
 * tests can hold the real computation against it. Speed is no goal: conversion tries every
 * chain from every start.
 *
 * <p>Decisions where SPEC leaves room:
 * <ul>
 * <li>Transitions count the successors that made a visit of {@code s} entered in
 *     {@code [from, to)} forward or loop-back, that is, entered within the window.</li>
 * <li>The first step's {@code stepConversionRate} is {@code customers[1] / customers[1]}
 *     (1.0, or null when nobody entered the funnel), since there is no step before it.</li>
 * <li>A customer without a first-stage event in {@code [from, to)} has level 0 and is in no
 *     step and in no channel breakdown.</li>
 * </ul>
 */
final class ReferenceMetrics {

    record StageFlow(int stage, long visits, long forward, long loopBack, long stalled,
            Double conversionRate, Double loopBackRate, Double stallRate) {

        static StageFlow of(int stage, long visits, long forward, long loopBack, long stalled) {
            return new StageFlow(stage, visits, forward, loopBack, stalled,
                    rate(forward, visits), rate(loopBack, visits), rate(stalled, visits));
        }
    }

    record Transition(int from, int to) {
    }

    record Flow(List<StageFlow> stages, Map<Transition, Long> transitions) {
    }

    record Step(int level, long customers, Double stepConversionRate, Double overallConversionRate) {
    }

    record Conversion(List<Step> steps, Map<String, Integer> levelByCustomer, Map<String, String> channelByCustomer) {

        /** @param levelByCustomer levels of the customers that entered the funnel, all at least 1 */
        static Conversion of(Map<String, Integer> levelByCustomer, Map<String, String> channelByCustomer, int stageCount) {
            List<Step> steps = new ArrayList<>();
            for (int k = 1; k <= stageCount; k++) {
                long customers = atLeast(levelByCustomer, k);
                long previousStep = atLeast(levelByCustomer, Math.max(1, k - 1));
                steps.add(new Step(k, customers, rate(customers, previousStep),
                        rate(customers, atLeast(levelByCustomer, 1))));
            }
            return new Conversion(steps, levelByCustomer, channelByCustomer);
        }

        private static long atLeast(Map<String, Integer> levelByCustomer, int level) {
            return levelByCustomer.values().stream().filter(l -> l >= level).count();
        }
    }

    /** A step bound no generated journey reaches, standing for "no step windows". */
    private static final Duration FOREVER = Duration.ofDays(365L * 1000);

    private ReferenceMetrics() {
    }

    static Flow flow(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window) {
        return flow(eventsByCustomer, stageCount, from, to, window, e -> true);
    }

    /** The flow of only the visits whose first event passes {@code entry} (one group of a breakdown). */
    static Flow flow(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window, Predicate<AttributedEvent> entryFilter) {
        long[][] counts = new long[stageCount][4]; // visits, forward, loop-back, stalled
        Map<Transition, Long> transitions = new HashMap<>();
        for (List<AttributedEvent> raw : eventsByCustomer.values()) {
            List<AttributedEvent> events = inJourneyOrder(raw);
            for (int i = 0; i < events.size(); i++) {
                AttributedEvent entry = events.get(i);
                boolean entersAVisit = i == 0 || events.get(i - 1).stage() != entry.stage();
                if (!entersAVisit || !inRange(entry, from, to) || !entryFilter.test(entry)) {
                    continue;
                }
                int stage = entry.stage();
                counts[stage][0]++;
                AttributedEvent successor = firstOfAnotherStageAfter(events, i);
                if (successor == null) {
                    counts[stage][3]++;
                    continue;
                }
                if (!within(entry, successor, window)) {
                    counts[stage][3]++;
                    continue;
                }
                transitions.merge(new Transition(stage, successor.stage()), 1L, Long::sum);
                if (successor.stage() > stage) {
                    counts[stage][1]++;
                } else {
                    counts[stage][2]++;
                }
            }
        }
        List<StageFlow> stages = new ArrayList<>();
        for (int s = 0; s < stageCount; s++) {
            stages.add(StageFlow.of(s, counts[s][0], counts[s][1], counts[s][2], counts[s][3]));
        }
        return new Flow(stages, transitions);
    }

    static Conversion conversion(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window, boolean skip) {
        return conversion(eventsByCustomer, stageCount, from, to, window, skip, AttributedEvent::channel);
    }

    /**
     * As above, with {@code channelByCustomer} holding {@code key} of each customer's chosen
     * start (e1) instead of its channel, e.g. a property's value (may be null).
     */
    static Conversion conversion(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window, boolean skip, Function<AttributedEvent, String> key) {
        Map<String, Integer> levels = new HashMap<>();
        Map<String, String> channels = new HashMap<>();
        eventsByCustomer.forEach((customer, raw) -> {
            List<AttributedEvent> events = inJourneyOrder(raw);
            for (int i = 0; i < events.size(); i++) {
                AttributedEvent first = events.get(i);
                if (first.stage() != 0 || !inRange(first, from, to)) {
                    continue;
                }
                int level = highestLevel(events, i, first, window, skip);
                // Strictly higher only: among starts of equal level the earliest keeps its channel.
                if (level > levels.getOrDefault(customer, 0)) {
                    levels.put(customer, level);
                    channels.put(customer, key.apply(first));
                }
            }
        });
        return Conversion.of(levels, channels, stageCount);
    }

    /**
     * The highest level of any chain from {@code first} whose latest event is at {@code last}.
     * In both modes a chain's level is its last event's stage index plus one (in strict mode
     * the i-th event is in stage i - 1, so that is also the chain's length).
     */
    private static int highestLevel(List<AttributedEvent> events, int last, AttributedEvent first,
            Duration window, boolean skip) {
        int stage = events.get(last).stage();
        int best = stage + 1;
        for (int next = last + 1; next < events.size(); next++) {
            AttributedEvent candidate = events.get(next);
            boolean extendsChain = skip ? candidate.stage() > stage : candidate.stage() == stage + 1;
            if (extendsChain && within(first, candidate, window)) {
                best = Math.max(best, highestLevel(events, next, first, window, skip));
            }
        }
        return best;
    }

    /**
     * Per stage, the stalled visits entered in {@code [from, to)} split into
     * {@code {movedAfterWindow, noSuccessor}}.
     */
    static long[][] stallSplit(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window) {
        return stallSplit(eventsByCustomer, stageCount, from, to, window, e -> true);
    }

    /** The stall split of only the visits whose first event passes {@code entryFilter}. */
    static long[][] stallSplit(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window, Predicate<AttributedEvent> entryFilter) {
        long[][] split = new long[stageCount][2];
        for (List<AttributedEvent> raw : eventsByCustomer.values()) {
            List<AttributedEvent> events = inJourneyOrder(raw);
            for (int i = 0; i < events.size(); i++) {
                boolean entersAVisit = i == 0 || events.get(i - 1).stage() != events.get(i).stage();
                if (entersAVisit && inRange(events.get(i), from, to) && entryFilter.test(events.get(i))) {
                    AttributedEvent successor = firstOfAnotherStageAfter(events, i);
                    if (successor == null) {
                        split[events.get(i).stage()][1]++;
                    } else if (!within(events.get(i), successor, window)) {
                        split[events.get(i).stage()][0]++;
                    }
                }
            }
        }
        return split;
    }

    /** The time-to-convert bucket edges of docs/metrics.md, in seconds, written out here. */
    private static final long[] EDGE_SECONDS = { 60, 300, 900, 3_600, 21_600, 86_400, 259_200, 604_800, 1_209_600, 2_592_000 };

    /**
     * Time to convert: for each customer, the first chain (in lexicographic order of positions)
     * of all chains tried one by one that reaches their level; for each step k from 2 to that
     * level, the time from the chain's event before its first event of stage index k - 1 or
     * later to that event. Answers, by channel of the chain's first event ("" for all), the
     * customers per step k and bucket.
     */
    static Map<String, long[][]> timeToConvert(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window, boolean skip) {
        Map<String, long[][]> counts = new HashMap<>();
        for (List<AttributedEvent> raw : eventsByCustomer.values()) {
            List<AttributedEvent> events = inJourneyOrder(raw);
            List<Integer> best = null;
            int bestLevel = 0;
            for (List<Integer> chain : allChains(events, from, to, window, null, skip)) {
                int level = events.get(chain.get(chain.size() - 1)).stage() + 1;
                if (level > bestLevel) {
                    best = chain;
                    bestLevel = level;
                }
            }
            if (best == null) {
                continue;
            }
            String channel = events.get(best.get(0)).channel();
            for (int k = 2; k <= bestLevel; k++) {
                int i = 1;
                while (events.get(best.get(i)).stage() < k - 1) {
                    i++;
                }
                Duration time = Duration.between(events.get(best.get(i - 1)).timestamp(), events.get(best.get(i)).timestamp());
                int bucket = 0;
                while (bucket < EDGE_SECONDS.length && time.compareTo(Duration.ofSeconds(EDGE_SECONDS[bucket])) >= 0) {
                    bucket++;
                }
                for (String key : List.of("", channel)) {
                    counts.computeIfAbsent(key, c -> new long[stageCount + 1][EDGE_SECONDS.length + 1])[k][bucket]++;
                }
            }
        }
        return counts;
    }

    /** The first events of the visits entered in {@code [from, to)}, all customers, in no order. */
    static List<AttributedEvent> visitEntries(Map<String, List<AttributedEvent>> eventsByCustomer, Instant from,
            Instant to) {
        List<AttributedEvent> entries = new ArrayList<>();
        for (List<AttributedEvent> raw : eventsByCustomer.values()) {
            List<AttributedEvent> events = inJourneyOrder(raw);
            for (int i = 0; i < events.size(); i++) {
                if ((i == 0 || events.get(i - 1).stage() != events.get(i).stage()) && inRange(events.get(i), from, to)) {
                    entries.add(events.get(i));
                }
            }
        }
        return entries;
    }

    /**
     * The groups of a property breakdown (docs/metrics.md): the {@code limit} values with the most
     * occurrences (visits, or customers at level 1), ties by value with null after every string,
     * then the rest.
     *
     * @param listed the values listed, in order
     * @param rest   the values summed into the other group (empty: no such group)
     */
    record Groups(List<String> listed, Set<String> rest) {

        static Groups of(List<String> occurrences, int limit) {
            Map<String, Long> counts = new HashMap<>();
            occurrences.forEach(v -> counts.merge(v, 1L, Long::sum));
            List<String> values = new ArrayList<>(counts.keySet());
            values.sort((a, b) -> {
                int byCount = Long.compare(counts.get(b), counts.get(a));
                if (byCount != 0) {
                    return byCount;
                }
                if (Objects.equals(a, b)) {
                    return 0;
                }
                return a == null ? 1 : b == null ? -1 : a.compareTo(b);
            });
            List<String> listed = new ArrayList<>(values.subList(0, Math.min(limit, values.size())));
            return new Groups(listed,
                    new java.util.HashSet<>(values.subList(listed.size(), values.size())));
        }
    }

    /**
     * Every chain of one journey that keeps the total window and the step windows
     * ({@code steps[i]} bounds stage i to i + 1; null for none), as lists of positions in
     * lexicographic order of positions: tried one by one, no dynamic programming.
     */
    static List<List<Integer>> allChains(List<AttributedEvent> events, Instant from, Instant to,
            Duration window, Duration[] steps, boolean skip) {
        List<List<Integer>> chains = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).stage() == 0 && inRange(events.get(i), from, to)) {
                List<Integer> chain = new ArrayList<>(List.of(i));
                extend(events, chain, window, steps, skip, chains);
            }
        }
        return chains;
    }

    private static void extend(List<AttributedEvent> events, List<Integer> chain, Duration window,
            Duration[] steps, boolean skip, List<List<Integer>> chains) {
        chains.add(List.copyOf(chain));
        AttributedEvent first = events.get(chain.get(0));
        AttributedEvent last = events.get(chain.get(chain.size() - 1));
        for (int next = chain.get(chain.size() - 1) + 1; next < events.size(); next++) {
            AttributedEvent candidate = events.get(next);
            boolean stageOk = skip ? candidate.stage() > last.stage() : candidate.stage() == last.stage() + 1;
            if (!stageOk || !within(first, candidate, window)) {
                continue;
            }
            Duration bound = FOREVER;
            if (steps != null) {
                bound = Duration.ZERO;
                for (int s = last.stage(); s < candidate.stage(); s++) {
                    bound = bound.plus(steps[s]);
                }
            }
            if (within(last, candidate, bound)) {
                chain.add(next);
                extend(events, chain, window, steps, skip, chains);
                chain.remove(chain.size() - 1);
            }
        }
    }

    /** The exclusive upper edges of the time-to-convert buckets but the last, written out: 1m 5m 15m 1h 6h 1d 3d 7d 14d 30d. */
    private static final Duration[] BUCKET_EDGES = { Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7),
            Duration.ofDays(14), Duration.ofDays(30) };

    /**
     * One step of the ordered funnel under step windows.
     *
     * @param median  the median seconds from the previous step, null for the first step or nobody
     * @param buckets customers per time-to-convert bucket (11 of them), null for the first step
     */
    record TimedStep(int level, long customers, Double stepConversionRate, Double overallConversionRate, Double median,
            long[] buckets) {
    }

    /** A customer's earliest chain reaching their level: the level, {@code e1}'s channel, and step k's time at index k. */
    record EarliestChain(int level, String channel, Duration[] stepTimes) {
    }

    /**
     * Each customer's earliest chain reaching their level under the total window and the step
     * windows ({@code steps[i]} bounds stage i to i + 1), by trying every chain: the level is the
     * highest last stage of any chain, plus one, and the earliest chain the first in
     * lexicographic order of positions that reaches it. Customers with level 0 are left out.
     */
    static Map<String, EarliestChain> earliestChains(Map<String, List<AttributedEvent>> eventsByCustomer,
            Instant from, Instant to, Duration window, Duration[] steps, boolean skip) {
        Map<String, EarliestChain> result = new HashMap<>();
        eventsByCustomer.forEach((customer, raw) -> {
            List<AttributedEvent> events = inJourneyOrder(raw);
            List<List<Integer>> chains = allChains(events, from, to, window, steps, skip);
            int level = 0;
            for (List<Integer> chain : chains) {
                level = Math.max(level, events.get(chain.get(chain.size() - 1)).stage() + 1);
            }
            for (List<Integer> chain : chains) {
                if (events.get(chain.get(chain.size() - 1)).stage() + 1 == level) {
                    Duration[] times = new Duration[level + 1];
                    for (int k = 2; k <= level; k++) {
                        // e(k): the chain's first event whose stage reaches level k (strict: its k-th event).
                        int i = 1;
                        while (events.get(chain.get(i)).stage() + 1 < k) {
                            i++;
                        }
                        times[k] = Duration.between(events.get(chain.get(i - 1)).timestamp(),
                                events.get(chain.get(i)).timestamp());
                    }
                    result.put(customer, new EarliestChain(level, events.get(chain.get(0)).channel(), times));
                    break;
                }
            }
        });
        return result;
    }

    /** The steps of the ordered funnel over some customers' earliest chains, with medians and buckets. */
    static List<TimedStep> timedSteps(Iterable<EarliestChain> chains, int stageCount) {
        List<EarliestChain> all = new ArrayList<>();
        chains.forEach(all::add);
        long first = all.size();
        List<TimedStep> steps = new ArrayList<>();
        for (int k = 1; k <= stageCount; k++) {
            int level = k;
            List<EarliestChain> reached = all.stream().filter(c -> c.level() >= level).toList();
            long previous = all.stream().filter(c -> c.level() >= Math.max(1, level - 1)).count();
            Double median = null;
            long[] buckets = null;
            if (k > 1) {
                List<Duration> times = new ArrayList<>(reached.stream().map(c -> c.stepTimes()[level]).toList());
                times.sort(null);
                if (!times.isEmpty()) {
                    int m = times.size() / 2;
                    BigDecimal middle = times.size() % 2 == 1 ? seconds(times.get(m))
                            : seconds(times.get(m - 1)).add(seconds(times.get(m))).divide(BigDecimal.valueOf(2));
                    median = middle.doubleValue();
                }
                buckets = new long[BUCKET_EDGES.length + 1];
                for (Duration t : times) {
                    int b = 0;
                    while (b < BUCKET_EDGES.length && t.compareTo(BUCKET_EDGES[b]) >= 0) {
                        b++;
                    }
                    buckets[b]++;
                }
            }
            steps.add(new TimedStep(k, reached.size(), rate(reached.size(), previous), rate(reached.size(), first),
                    median, buckets));
        }
        return steps;
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    }

    /**
     * Rule-model credit by stage and channel, {@code {advancement, loopBack}}, with each
     * model's formula written out here rather than taken from the code under test.
     */
    static List<Map<String, double[]>> ruleCredit(Map<String, List<AttributedEvent>> eventsByCustomer,
            int stageCount, Instant from, Instant to, Duration window, String model, Duration halfLife) {
        List<Map<String, double[]>> credit = new ArrayList<>();
        for (int s = 0; s < stageCount; s++) {
            credit.add(new HashMap<>());
        }
        for (List<AttributedEvent> raw : eventsByCustomer.values()) {
            List<AttributedEvent> events = inJourneyOrder(raw);
            for (int i = 0; i < events.size(); i++) {
                boolean entersAVisit = i == 0 || events.get(i - 1).stage() != events.get(i).stage();
                AttributedEvent successor = firstOfAnotherStageAfter(events, i);
                if (!entersAVisit || !inRange(events.get(i), from, to) || successor == null
                        || !within(events.get(i), successor, window)) {
                    continue;
                }
                List<AttributedEvent> touch = events.subList(i, events.indexOf(successor) + 1);
                int n = touch.size();
                int kind = successor.stage() > events.get(i).stage() ? 0 : 1;
                double decaySum = 0;
                for (AttributedEvent t : touch) {
                    decaySum += decay(t, successor, halfLife);
                }
                for (int k = 0; k < n; k++) {
                    double w = switch (model) {
                        case "first" -> k == 0 ? 1 : 0;
                        case "last" -> k == n - 1 ? 1 : 0;
                        case "linear" -> 1.0 / n;
                        case "position" -> n == 2 ? 0.5 : (k == 0 || k == n - 1) ? 0.4 : 0.2 / (n - 2);
                        case "timeDecay" -> decay(touch.get(k), successor, halfLife) / decaySum;
                        default -> throw new IllegalArgumentException(model);
                    };
                    credit.get(events.get(i).stage()).computeIfAbsent(touch.get(k).channel(), c -> new double[2])[kind] += w;
                }
            }
        }
        return credit;
    }

    private static double decay(AttributedEvent t, AttributedEvent last, Duration halfLife) {
        double ageNanos = Duration.between(t.timestamp(), last.timestamp()).toNanos();
        return Math.pow(0.5, ageNanos / halfLife.toNanos());
    }

    /**
     * The markov model's {@code P} and each channel's removal effect, keyed by channel; the
     * absorbing chain is solved by value iteration until no probability moves by 1e-15.
     * Returns {@code P} under the key {@code null}.
     */
    static Map<String, Double> markov(Map<String, List<AttributedEvent>> eventsByCustomer, Instant from, Instant to,
            int target) {
        List<List<String>> paths = new ArrayList<>();
        for (List<AttributedEvent> raw : eventsByCustomer.values()) {
            List<String> path = new ArrayList<>(List.of("(start)"));
            String end = "(null)";
            for (AttributedEvent e : inJourneyOrder(raw)) {
                if (!inRange(e, from, to)) {
                    continue;
                }
                if (!path.get(path.size() - 1).equals(e.channel())) {
                    path.add(e.channel());
                }
                if (e.stage() >= target) {
                    end = "(conversion)";
                    break;
                }
            }
            if (path.size() > 1) {
                path.add(end);
                paths.add(path);
            }
        }
        Map<String, Map<String, Double>> counts = new HashMap<>();
        for (List<String> path : paths) {
            for (int i = 0; i + 1 < path.size(); i++) {
                counts.computeIfAbsent(path.get(i), s -> new HashMap<>()).merge(path.get(i + 1), 1.0, Double::sum);
            }
        }
        Map<String, Double> result = new HashMap<>();
        double p = absorb(counts, null);
        result.put(null, p);
        for (String channel : counts.keySet()) {
            if (!channel.equals("(start)")) {
                result.put(channel, p == 0 ? null : 1 - absorb(counts, channel) / p);
            }
        }
        return result;
    }

    private static double absorb(Map<String, Map<String, Double>> counts, String removed) {
        Map<String, Double> x = new HashMap<>();
        x.put("(conversion)", 1.0);
        for (int iteration = 0; iteration < 10_000_000; iteration++) {
            double change = 0;
            for (Map.Entry<String, Map<String, Double>> state : counts.entrySet()) {
                double total = state.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
                double value = 0;
                for (Map.Entry<String, Double> next : state.getValue().entrySet()) {
                    if (!next.getKey().equals(removed)) {
                        value += next.getValue() / total * x.getOrDefault(next.getKey(), 0.0);
                    }
                }
                change = Math.max(change, Math.abs(value - x.getOrDefault(state.getKey(), 0.0)));
                x.put(state.getKey(), value);
            }
            if (change < 1e-15) {
                break;
            }
        }
        return x.getOrDefault("(start)", 0.0);
    }

    private static List<AttributedEvent> inJourneyOrder(List<AttributedEvent> events) {
        List<AttributedEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(AttributedEvent::timestamp).thenComparing(AttributedEvent::eventId));
        return sorted;
    }

    private static AttributedEvent firstOfAnotherStageAfter(List<AttributedEvent> events, int index) {
        for (int i = index + 1; i < events.size(); i++) {
            if (events.get(i).stage() != events.get(index).stage()) {
                return events.get(i);
            }
        }
        return null;
    }

    private static boolean inRange(AttributedEvent event, Instant from, Instant to) {
        return !event.timestamp().isBefore(from) && event.timestamp().isBefore(to);
    }

    private static boolean within(AttributedEvent start, AttributedEvent end, Duration window) {
        return Duration.between(start.timestamp(), end.timestamp()).compareTo(window) <= 0;
    }

    private static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }
}

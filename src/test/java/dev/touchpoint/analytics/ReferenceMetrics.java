package dev.touchpoint.analytics;

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

package dev.touchpoint.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private ReferenceMetrics() {
    }

    static Flow flow(Map<String, List<AttributedEvent>> eventsByCustomer, int stageCount,
            Instant from, Instant to, Duration window) {
        long[][] counts = new long[stageCount][4]; // visits, forward, loop-back, stalled
        Map<Transition, Long> transitions = new HashMap<>();
        for (List<AttributedEvent> raw : eventsByCustomer.values()) {
            List<AttributedEvent> events = inJourneyOrder(raw);
            for (int i = 0; i < events.size(); i++) {
                AttributedEvent entry = events.get(i);
                boolean entersAVisit = i == 0 || events.get(i - 1).stage() != entry.stage();
                if (!entersAVisit || !inRange(entry, from, to)) {
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
                    channels.put(customer, first.channel());
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

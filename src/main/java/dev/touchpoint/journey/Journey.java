package dev.touchpoint.journey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One customer's attributed events in one funnel, in journey order (docs/metrics.md), and what the
 * metrics derive from them: visits for the flow metrics and starts for the ordered
 * funnel. Everything is computed from the sorted events alone, so a late event only needs
 * the journey to be rebuilt.
 */
public final class Journey {

    private final List<AttributedEvent> events;

    private Journey(List<AttributedEvent> events) {
        this.events = events;
    }

    /** @param events the customer's events in any order, with distinct event ids */
    public static Journey of(Collection<AttributedEvent> events) {
        List<AttributedEvent> sorted = new ArrayList<>(events);
        sorted.sort(AttributedEvent.JOURNEY_ORDER);
        return new Journey(List.copyOf(sorted));
    }

    /** The events in journey order. */
    public List<AttributedEvent> events() {
        return events;
    }

    /**
     * @param stageCount the funnel's number of stages, which says which stage is the last
     *                   (needed to count cycles)
     */
    public List<Visit> visits(int stageCount) {
        requireStagesBelow(stageCount);
        int lastStage = stageCount - 1;
        List<Visit> visits = new ArrayList<>();
        int cycle = 0;
        int previousStage = -1;
        int start = 0;
        while (start < events.size()) {
            AttributedEvent first = events.get(start);
            int end = start + 1;
            while (end < events.size() && events.get(end).stage() == first.stage()) {
                end++;
            }
            if (previousStage == lastStage && first.stage() == 0) {
                cycle++;
            }
            AttributedEvent next = end < events.size() ? events.get(end) : null;
            AttributedEvent last = next == null ? events.get(end - 1) : null;
            Map<String, Integer> middle = new HashMap<>();
            for (int i = start + 1; i < end; i++) {
                middle.merge(events.get(i).channel(), 1, Integer::sum);
            }
            visits.add(new Visit(visits.size(), first.stage(), first.timestamp(), first.channel(),
                    first.eventId(), end - start, CreditKey.tally(middle), cycle,
                    next == null ? null : next.stage(), next == null ? null : next.timestamp(),
                    next == null ? null : next.channel(),
                    last == null ? null : last.timestamp(), last == null ? null : last.eventId(),
                    last == null ? null : events.size()));
            previousStage = first.stage();
            start = end;
        }
        return visits;
    }

    /**
     * One row per event of the first stage, in journey order, saying how soon each funnel
     * level can be reached from it; see {@link Start}.
     */
    public List<Start> starts(int stageCount) {
        requireStagesBelow(stageCount);
        return StartFinder.starts(events, stageCount);
    }

    private void requireStagesBelow(int stageCount) {
        for (AttributedEvent event : events) {
            if (event.stage() >= stageCount) {
                throw new IllegalArgumentException("event " + event.eventId() + " has stage " + event.stage()
                        + " but the funnel has " + stageCount + " stages");
            }
        }
    }
}

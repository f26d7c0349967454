package dev.touchpoint.journey;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * What journeys and metrics need of an event once a funnel has attributed it to a stage:
 * no type or properties, which only the attribution looks at.
 *
 * @param eventId   the event's id, which breaks ties between equal timestamps
 * @param timestamp when it happened, after clock-skew correction
 * @param channel   the event's channel
 * @param stage     the 0-based index of the funnel stage it was attributed to
 */
public record AttributedEvent(String eventId, Instant timestamp, String channel, int stage) {

    /**
     * Journey order (docs/metrics.md): by timestamp, then by event id. It is a total order on events
     * with distinct ids, so the order in which events arrived never changes a result.
     */
    public static final Comparator<AttributedEvent> JOURNEY_ORDER =
            Comparator.comparing(AttributedEvent::timestamp).thenComparing(AttributedEvent::eventId);

    public AttributedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(channel, "channel");
        if (stage < 0) {
            // An event that matched no rule is not part of the funnel's journeys (docs/metrics.md).
            throw new IllegalArgumentException("stage must be a stage index, was " + stage);
        }
    }
}

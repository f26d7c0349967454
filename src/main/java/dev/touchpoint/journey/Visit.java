package dev.touchpoint.journey;

import java.time.Duration;
import java.time.Instant;

/**
 * A run of consecutive journey events of the same stage (docs/metrics.md), the unit the flow metrics
 * count. It carries its successor's stage and entry time so that a visit can be classified,
 * and stored, without looking at the rest of the journey.
 *
 * @param seq            0-based position of the visit in the journey
 * @param stage          0-based stage index
 * @param enteredAt      timestamp of the visit's first event
 * @param channel        channel of the visit's first event
 * @param firstEventId   id of the visit's first event
 * @param eventCount     how many events the visit collapses, at least 1
 * @param middleChannels the channels of the visit's events after its first, with how many of them each
 *                       has ({@link CreditKey#tally}; "" for a visit of one event): with {@code channel}
 *                       and {@code nextChannel}, a move's touchpoints as channel credit counts them
 * @param cycle          0 for the first pass through the funnel, plus one for each loop-back
 *                       from the last stage to the first
 * @param nextStage      the successor's stage, {@code null} for the last visit
 * @param nextEnteredAt  when the successor was entered, {@code null} for the last visit
 * @param nextChannel    the successor's channel (of its first event), {@code null} for the last visit
 * @param lastEventAt    on the journey's last visit, the timestamp of the journey's last event in the
 *                       funnel (what an appended event must follow: {@link JourneyAppend}); {@code null} on
 *                       every other visit, and on last visits stored before V11
 * @param lastEventId    on the last visit, that event's id, which breaks ties; {@code null} where {@code lastEventAt} is
 * @param journeyEvents  on the last visit, how many events the journey has in the funnel (what decides whether new
 *                       events are applied from the stored rows); {@code null} where {@code lastEventAt} is
 */
public record Visit(int seq, int stage, Instant enteredAt, String channel, String firstEventId,
        int eventCount, String middleChannels, int cycle, Integer nextStage, Instant nextEnteredAt, String nextChannel,
        Instant lastEventAt, String lastEventId, Integer journeyEvents) {

    /** A visit that does not say which event was the journey's last (any but the last visit). */
    public Visit(int seq, int stage, Instant enteredAt, String channel, String firstEventId, int eventCount,
            String middleChannels, int cycle, Integer nextStage, Instant nextEnteredAt, String nextChannel) {
        this(seq, stage, enteredAt, channel, firstEventId, eventCount, middleChannels, cycle, nextStage, nextEnteredAt,
                nextChannel, null, null, null);
    }

    /**
     * Time from entering this visit to entering its successor, in milliseconds rounded up, so
     * that {@code delayMillis() <= window} is exact for any whole-millisecond window; -1 for the
     * last visit.
     */
    public long delayMillis() {
        return nextEnteredAt == null ? -1 : StartFinder.delayMillis(enteredAt, nextEnteredAt);
    }

    /** Classifies this visit for the flow metrics with the query's {@code window}. */
    public VisitOutcome outcome(Duration window) {
        if (nextStage == null || Duration.between(enteredAt, nextEnteredAt).compareTo(window) > 0) {
            return VisitOutcome.STALLED;
        }
        // A successor always has another stage: equal stages would have been one visit.
        return nextStage > stage ? VisitOutcome.FORWARD : VisitOutcome.LOOP_BACK;
    }
}

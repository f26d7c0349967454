package dev.touchpoint.ops;

/**
 * Every meter name and tag key Touchpoint publishes at {@code /q/metrics}, in one place.
 * Tag values come from small fixed sets (a rule name, a stage of the pipeline), never a
 * customer or event id.
 */
public final class Meters {

    /** Events accepted (acknowledged by Kafka). */
    public static final String EVENTS_ACCEPTED = "touchpoint.events.accepted";
    /** Events refused, tagged with {@link #TAG_REASON}. */
    public static final String EVENTS_REJECTED = "touchpoint.events.rejected";
    /** Time from handing a request's events to the producer until Kafka acknowledged all of them. */
    public static final String PRODUCE_LATENCY = "touchpoint.produce.latency";
    /** Records the consumer has yet to read, summed over its partitions. */
    public static final String CONSUMER_LAG = "touchpoint.consumer.lag";
    /** Records stored per consumer transaction. */
    public static final String CONSUMER_BATCH_SIZE = "touchpoint.consumer.batch.size";
    /** Events stored for the first time (duplicates by eventId are not counted). */
    public static final String EVENTS_STORED = "touchpoint.events.stored";
    /** Records sent to the dead-letter topic, tagged with {@link #TAG_REASON} ({@code undecodable}, {@code unstorable}). */
    public static final String DEAD_LETTERS = "touchpoint.consumer.dead.letters";

    /** Link events stored (events with both customerId and anonymousId). */
    public static final String IDENTITY_LINKS = "touchpoint.identity.links";
    /** Link events stored that do not decide their anonymous id's owner: a second owner, or a blocked pair. */
    public static final String IDENTITY_LINKS_IGNORED = "touchpoint.identity.links.ignored";
    /**
     * Re-attributions of journeys after an owner changed (a late link, an unlink, an explicit
     * link): a long task timer, so both those running and their durations are published.
     */
    public static final String IDENTITY_REATTRIBUTIONS = "touchpoint.identity.reattributions";
    /** Anonymous events moved from one journey to another by re-attributions. */
    public static final String IDENTITY_EVENTS_MOVED = "touchpoint.identity.events.moved";

    /**
     * Journeys consumer batches attributed, once per funnel, tagged with {@link #TAG_PATH}:
     * {@code appended} (updated from their stored rows) or {@code whole} (recomputed from all their events).
     */
    public static final String ATTRIBUTION_JOURNEYS = "touchpoint.attribution.journeys";
    /** How a journey was attributed: {@code appended} or {@code whole}. */
    public static final String TAG_PATH = "path";

    /** Why an event was refused or dead-lettered: a rule name such as {@code pattern}, or {@code unavailable}. */
    public static final String TAG_REASON = "reason";

    private Meters() {
    }
}

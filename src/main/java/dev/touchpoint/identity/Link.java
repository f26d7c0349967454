package dev.touchpoint.identity;

import java.time.Instant;
import java.util.Comparator;

/**
 * A link event (SPEC §1.1): an event that carried both ids, saying that the device or cookie
 * {@code anonymousId} belongs to {@code customerId}. Links of one anonymous id rank by
 * {@code (at, eventId)}, the journey order, so arrival order never changes which one wins.
 */
public record Link(String anonymousId, String customerId, String eventId, Instant at) {

    public static final Comparator<Link> EARLIEST_FIRST = Comparator.comparing(Link::at).thenComparing(Link::eventId);
}

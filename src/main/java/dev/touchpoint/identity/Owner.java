package dev.touchpoint.identity;

import java.time.Instant;

/**
 * The customer an anonymous id belongs to, and how: by its earliest unblocked link event
 * ({@code eventId} and {@code at} are that event's), or by an admin's explicit link
 * ({@code eventId} null, {@code at} when it was made).
 */
public record Owner(String customerId, Kind kind, String eventId, Instant at) {

    public enum Kind {
        EVENT, EXPLICIT;

        /** As the API and the table spell it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public static Owner of(Link link) {
        return new Owner(link.customerId(), Kind.EVENT, link.eventId(), link.at());
    }

    /** The journey key of the anonymous id's own events: the owner, or the anonymous id itself when it has none. */
    public static String journeyKey(String anonymousId, Owner owner) {
        return owner == null ? anonymousId : owner.customerId();
    }
}

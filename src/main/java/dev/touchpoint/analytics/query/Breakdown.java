package dev.touchpoint.analytics.query;

import dev.touchpoint.error.ProblemException;
import dev.touchpoint.funnel.PropertyValue;

/**
 * What a query is broken down by (docs/metrics.md, Breakdowns): nothing, the channel, or the value of an
 * event property ({@code breakdown=property:NAME}) with how many values to list ({@code limit}).
 *
 * @param property the property's name for a property breakdown, else null
 * @param limit    how many values a property breakdown lists before the {@code other} group; 0 otherwise
 */
public record Breakdown(Kind kind, String property, int limit) {

    /** What the figures are repeated by. */
    public enum Kind {
        NONE, CHANNEL, PROPERTY
    }

    public static final String PROPERTY_PREFIX = "property:";
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;

    public static final Breakdown NONE = new Breakdown(Kind.NONE, null, 0);
    public static final Breakdown CHANNEL = new Breakdown(Kind.CHANNEL, null, 0);

    public static Breakdown property(String name, int limit) {
        return new Breakdown(Kind.PROPERTY, name, limit);
    }

    /**
     * {@code breakdown} and {@code limit} as the query gives them. {@code limit} belongs to a
     * property breakdown only: with none or with {@code channel} it is a 400 naming {@code limit}
     * rather than silently ignored (a channel breakdown lists every channel).
     */
    public static Breakdown parse(String breakdown, String limit) {
        if (breakdown == null || "channel".equals(breakdown)) {
            if (limit != null) {
                throw ProblemException.invalidField("limit", "requires-property-breakdown",
                        "limit applies to breakdown=property:NAME only; a channel breakdown lists every channel.");
            }
            return breakdown == null ? NONE : CHANNEL;
        }
        if (!breakdown.startsWith(PROPERTY_PREFIX)) {
            throw ProblemException.invalidField("breakdown", "enum", "breakdown must be channel or property:NAME.");
        }
        String name = PropertyValue.checkedName("breakdown", breakdown.substring(PROPERTY_PREFIX.length()));
        return property(name, limit(limit));
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("limit", "integer", "limit must be a whole number from 1 to " + MAX_LIMIT
                    + ".");
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "range", "limit must be from 1 to " + MAX_LIMIT + ", not "
                    + value + ".");
        }
        return value;
    }

    public boolean none() {
        return kind == Kind.NONE;
    }

    public boolean byChannel() {
        return kind == Kind.CHANNEL;
    }

    public boolean byProperty() {
        return kind == Kind.PROPERTY;
    }
}

package dev.touchpoint.identity;

import java.util.Collection;
import java.util.Set;

/**
 * Who owns one anonymous id (SPEC §1.1): the customer of an explicit link when there is one;
 * else the customer of its earliest link event by {@code (timestamp, eventId)} whose pair is
 * not blocked; else nobody. Pure, so that the consumer, the admin endpoints and the tests'
 * naive reference agree by construction on the rule and differ only in how they gather links.
 */
public final class OwnerRule {

    private OwnerRule() {
    }

    /**
     * @param explicit the admin's explicit link of this anonymous id, or {@code null}
     * @param links    its link events, in any order
     * @param blocked  the customer ids an admin unlinked from it
     */
    public static Owner owner(Owner explicit, Collection<Link> links, Set<String> blocked) {
        if (explicit != null) {
            return explicit;
        }
        Link earliest = null;
        for (Link link : links) {
            if (!blocked.contains(link.customerId()) && (earliest == null || Link.EARLIEST_FIRST.compare(link, earliest) < 0)) {
                earliest = link;
            }
        }
        return earliest == null ? null : Owner.of(earliest);
    }
}

package dev.touchpoint.identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything that decides one anonymous id's owner: its explicit link, the earliest link event
 * of each customer it was linked to (a later link of the same pair never decides anything the
 * earliest does not: blocks are per pair), and the blocked pairs.
 */
public final class IdentityState {

    private Owner explicit;
    private final Map<String, Link> earliestByCustomer = new HashMap<>();
    private final Set<String> blocked = new HashSet<>();
    private final Set<String> storedPairs = new HashSet<>();

    public void explicit(Owner owner) {
        this.explicit = owner;
    }

    /** A link as stored: its pair's earliest. */
    public void stored(Link link) {
        earliestByCustomer.put(link.customerId(), link);
        storedPairs.add(link.customerId());
    }

    /** True when a link of this link's pair is stored already (and a new earliest one replaces it). */
    public boolean pairStored(Link link) {
        return storedPairs.contains(link.customerId());
    }

    /** Takes a link event into account; true when it is now its pair's earliest (and must be stored as such). */
    public boolean link(Link link) {
        Link known = earliestByCustomer.get(link.customerId());
        if (known != null && Link.EARLIEST_FIRST.compare(known, link) <= 0) {
            return false;
        }
        earliestByCustomer.put(link.customerId(), link);
        return true;
    }

    /** True when this link is its pair's earliest known one. */
    public boolean isEarliest(Link link) {
        return link.equals(earliestByCustomer.get(link.customerId()));
    }

    public void block(String customerId) {
        blocked.add(customerId);
    }

    public Owner owner() {
        return OwnerRule.owner(explicit, earliestByCustomer.values(), blocked);
    }
}

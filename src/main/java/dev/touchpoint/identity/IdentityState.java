package dev.touchpoint.identity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Everything that decides one anonymous id's owner: its explicit link, link events and blocked pairs. */
public final class IdentityState {

    private Owner explicit;
    private final List<Link> links = new ArrayList<>();
    private final Set<String> blocked = new HashSet<>();

    public void explicit(Owner owner) {
        this.explicit = owner;
    }

    public void link(Link link) {
        links.add(link);
    }

    public void block(String customerId) {
        blocked.add(customerId);
    }

    public Owner owner() {
        return OwnerRule.owner(explicit, links, blocked);
    }
}

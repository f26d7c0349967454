package dev.touchpoint.attribution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.touchpoint.identity.IdentityState;
import dev.touchpoint.identity.Link;
import dev.touchpoint.identity.Owner;
import dev.touchpoint.ingest.AcceptedEvent;
import dev.touchpoint.ops.Meters;
import dev.touchpoint.storage.IdentityTable;
import dev.touchpoint.storage.JourneyLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Decides whose journey each event joins (SPEC §1.1), in the caller's transaction: stores the
 * batch's link events, re-decides the owner of every anonymous id they name, moves a device's
 * anonymous events when its owner changed, and gives each new event its journey key
 * (customerId, else the owner of anonymousId, else anonymousId). Because the owner is a pure
 * function of all stored links, blocks and explicit links ({@link dev.touchpoint.identity.OwnerRule}),
 * the outcome does not depend on the order in which links and events arrive.
 */
@ApplicationScoped
public class IdentityResolver {

    @Inject
    IdentityTable identities;

    @Inject
    JourneyLocks locks;

    private final Counter links;
    private final Counter ignored;
    private final Counter moved;
    private final LongTaskTimer reattributions;

    @Inject
    public IdentityResolver(MeterRegistry registry) {
        links = Counter.builder(Meters.IDENTITY_LINKS).description("Link events stored").register(registry);
        ignored = Counter.builder(Meters.IDENTITY_LINKS_IGNORED)
                .description("Link events that do not decide their anonymous id's owner").register(registry);
        moved = Counter.builder(Meters.IDENTITY_EVENTS_MOVED)
                .description("Anonymous events moved to another journey by a change of owner").register(registry);
        reattributions = LongTaskTimer.builder(Meters.IDENTITY_REATTRIBUTIONS)
                .description("Re-attributions of the journeys a change of owner moved events between").register(registry);
    }

    /** Runs the re-attribution of moved journeys under the {@link Meters#IDENTITY_REATTRIBUTIONS} timer. */
    public void reattribute(Runnable work) {
        reattributions.record(work);
    }

    /**
     * The journey key of each new event (by eventId), and the journeys whose stored events a
     * change of owner moved: the journeys a device left and joined.
     */
    public record Resolution(Map<String, String> keys, Set<String> movedJourneys) {
    }

    /**
     * Resolves a batch of events stored for the first time. On PostgreSQL it first locks every
     * id the batch can touch ({@link JourneyLocks}): the batch's customers and devices and the
     * devices' current owners, read once before and once after taking the locks.
     */
    public Resolution resolve(List<AcceptedEvent> fresh) {
        Set<String> devices = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<Link> batchLinks = new ArrayList<>();
        for (AcceptedEvent e : fresh) {
            if (e.anonymousId() != null) {
                devices.add(e.anonymousId());
            }
            if (e.customerId() != null) {
                ids.add(e.customerId());
                if (e.anonymousId() != null) {
                    batchLinks.add(new Link(e.anonymousId(), e.customerId(), e.eventId(), e.timestamp()));
                }
            }
        }
        ids.addAll(devices);
        ids.addAll(customers(identities.owners(devices)));
        locks.lock(ids);
        Map<String, Owner> owners = identities.owners(devices);
        Set<String> owning = customers(owners);
        owning.removeAll(ids);
        // An owner changed between the two reads: lock it too (the rare case that can deadlock and retry).
        locks.lock(owning);

        Set<String> movedJourneys = new HashSet<>();
        links.increment(batchLinks.size());
        // The common case, a known user's events carrying both ids, changes nothing: a link of the
        // owner's own pair no earlier than the owner's link (which is that pair's earliest).
        batchLinks.removeIf(l -> repeatsOwnersLink(l, owners.get(l.anonymousId())));
        if (!batchLinks.isEmpty()) {
            Set<String> linked = new HashSet<>();
            batchLinks.forEach(l -> linked.add(l.anonymousId()));
            Map<String, IdentityState> states = identities.states(linked);
            List<Link> earliest = new ArrayList<>();
            for (Link link : batchLinks) {
                if (states.get(link.anonymousId()).link(link)) {
                    earliest.add(link);
                }
            }
            // A pair linked twice in one batch: only its earliest link is stored.
            earliest.removeIf(l -> !states.get(l.anonymousId()).isEarliest(l));
            identities.putEarliestLinks(earliest,
                    earliest.stream().filter(l -> states.get(l.anonymousId()).pairStored(l)).toList());
            apply(states, owners, movedJourneys);
            batchLinks.stream().filter(l -> owners.get(l.anonymousId()) == null
                    || !l.customerId().equals(owners.get(l.anonymousId()).customerId())).forEach(l -> ignored.increment());
        }
        Map<String, String> keys = new HashMap<>();
        for (AcceptedEvent e : fresh) {
            keys.put(e.eventId(), e.customerId() != null ? e.customerId()
                    : Owner.journeyKey(e.anonymousId(), owners.get(e.anonymousId())));
        }
        return new Resolution(keys, movedJourneys);
    }

    /**
     * Decides again the owner of these anonymous ids from what is stored, records each change
     * and moves the device's anonymous events to their new journey. {@code owners} holds the
     * current owners and is updated; the journeys left and joined are added to {@code movedJourneys}.
     * The caller holds the locks of the devices and of their old and new owners.
     */
    public void reresolve(Collection<String> anonymousIds, Map<String, Owner> owners, Set<String> movedJourneys) {
        apply(identities.states(anonymousIds), owners, movedJourneys);
    }

    /** Records every changed owner and moves the devices that changed journey, each kind in one round trip. */
    private void apply(Map<String, IdentityState> states, Map<String, Owner> owners, Set<String> movedJourneys) {
        Map<String, Owner> changed = new HashMap<>();
        List<IdentityTable.Move> moves = new ArrayList<>();
        for (Map.Entry<String, IdentityState> state : states.entrySet()) {
            String device = state.getKey();
            Owner before = owners.get(device);
            Owner after = state.getValue().owner();
            if (Objects.equals(before, after)) {
                continue;
            }
            changed.put(device, after);
            if (after == null) {
                owners.remove(device);
            } else {
                owners.put(device, after);
            }
            String from = Owner.journeyKey(device, before);
            String to = Owner.journeyKey(device, after);
            if (!from.equals(to)) {
                moves.add(new IdentityTable.Move(device, from, to));
                movedJourneys.add(from);
                movedJourneys.add(to);
            }
        }
        identities.setOwners(changed);
        moved.increment(identities.move(moves));
    }

    private static boolean repeatsOwnersLink(Link link, Owner owner) {
        return owner != null && owner.kind() == Owner.Kind.EVENT && owner.customerId().equals(link.customerId())
                && Link.EARLIEST_FIRST.compare(new Link(link.anonymousId(), owner.customerId(), owner.eventId(), owner.at()),
                        link) <= 0;
    }

    private static Set<String> customers(Map<String, Owner> owners) {
        Set<String> customers = new HashSet<>();
        owners.values().forEach(o -> customers.add(o.customerId()));
        return customers;
    }
}

package dev.touchpoint.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OwnerRuleTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Link link(String customer, String eventId, int minutes) {
        return new Link("dev-1", customer, eventId, T.plusSeconds(60L * minutes));
    }

    @Test
    void theEarliestLinkByTimestampOwnsWhateverTheArrivalOrder() {
        List<Link> links = new ArrayList<>(List.of(link("cust-b", "e9", 5), link("cust-a", "e1", 3), link("cust-c", "e0", 7)));
        Random random = new Random(7);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(links, random);
            assertEquals(Owner.of(links.stream().filter(l -> l.eventId().equals("e1")).findFirst().orElseThrow()),
                    OwnerRule.owner(null, links, Set.of()));
        }
    }

    @Test
    void aTieInTimestampGoesToTheSmallerEventId() {
        Owner owner = OwnerRule.owner(null, List.of(link("cust-b", "e2", 0), link("cust-a", "e10", 0)), Set.of());
        assertEquals("cust-a", owner.customerId(), "\"e10\" < \"e2\" as text");
    }

    @Test
    void aBlockedPairIsSkippedForTheNextLink() {
        List<Link> links = List.of(link("cust-a", "e1", 1), link("cust-b", "e2", 2), link("cust-a", "e3", 3));
        assertEquals("cust-b", OwnerRule.owner(null, links, Set.of("cust-a")).customerId());
        assertNull(OwnerRule.owner(null, links, Set.of("cust-a", "cust-b")), "every pair blocked: no owner");
        assertNull(OwnerRule.owner(null, List.of(), Set.of()));
    }

    @Test
    void anExplicitLinkOutranksEveryLinkEvent() {
        Owner explicit = new Owner("cust-z", Owner.Kind.EXPLICIT, null, T.plusSeconds(99_999));
        assertEquals(explicit, OwnerRule.owner(explicit, List.of(link("cust-a", "e1", 1)), Set.of()));
    }

    @Test
    void aStateKeepsTheEarliestLinkOfEachPairOnly() {
        IdentityState state = new IdentityState();
        state.stored(link("cust-a", "e5", 5));
        assertEquals(false, state.link(link("cust-a", "e6", 6)), "a later link of a stored pair changes nothing");
        Link earlier = link("cust-a", "e2", 2);
        assertEquals(true, state.link(earlier));
        assertEquals(true, state.pairStored(earlier), "it replaces the stored one");
        Link other = link("cust-b", "e3", 3);
        assertEquals(true, state.link(other));
        assertEquals(false, state.pairStored(other), "a new pair");
        assertEquals(Owner.of(earlier), state.owner());
        state.block("cust-a");
        assertEquals(Owner.of(other), state.owner(), "the pair's later links do not survive its block either");
    }

    @Test
    void theJourneyKeyOfADeviceIsItsOwnerOrItself() {
        assertEquals("dev-1", Owner.journeyKey("dev-1", null));
        assertEquals("cust-a", Owner.journeyKey("dev-1", Owner.of(link("cust-a", "e1", 1))));
    }
}

package dev.touchpoint.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.touchpoint.analytics.Csv;
import dev.touchpoint.attribution.IdentityResolver;
import dev.touchpoint.attribution.JourneyAttributor;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.identity.Owner;
import dev.touchpoint.storage.IdentityTable;
import dev.touchpoint.storage.WriteFence;

/**
 * The anonymous ids a customer owns, and an admin's explicit links and unlinks (SPEC §1.1).
 * A change takes the write fence exclusively, like an erasure: no batch interleaves with it,
 * and the device's events move to their new journey, re-attributed, in the same transaction,
 * so the answer of the request is already what every query sees.
 */
@ApplicationScoped
public class IdentityService {

    @Inject
    IdentityTable identities;
    @Inject
    IdentityResolver resolver;
    @Inject
    JourneyAttributor attributor;
    @Inject
    FunnelCatalog catalog;
    @Inject
    WriteFence fence;

    /** One owned anonymous id: linked by an event ({@code eventId} and its {@code timestamp}) or explicitly. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Identity(String anonymousId, String linkedBy, String eventId, Instant timestamp, Instant linkedAt) {

        static Identity of(String anonymousId, Owner owner) {
            return owner.kind() == Owner.Kind.EVENT
                    ? new Identity(anonymousId, owner.kind().label(), owner.eventId(), owner.at(), null)
                    : new Identity(anonymousId, owner.kind().label(), null, null, owner.at());
        }
    }

    /** The answer of {@code GET /v1/customers/{id}/identities}. */
    public record Identities(String customerId, List<Identity> identities) {

        /** The CSV answer (docs/api.md): a header, then one row per owned anonymous id. */
        @JsonIgnore
        public String csv() {
            StringBuilder csv = new StringBuilder("customerId,anonymousId,linkedBy,eventId,timestamp,linkedAt\r\n");
            for (Identity i : identities) {
                csv.append(String.join(",", Csv.field(customerId), Csv.field(i.anonymousId()), Csv.field(i.linkedBy()),
                        Csv.field(i.eventId()), Csv.field(i.timestamp()), Csv.field(i.linkedAt()))).append("\r\n");
            }
            return csv.toString();
        }
    }

    @Transactional
    public Identities list(String customerId) {
        List<Identity> owned = new ArrayList<>();
        identities.ownedBy(customerId).forEach((anonymousId, owner) -> owned.add(Identity.of(anonymousId, owner)));
        return new Identities(customerId, owned);
    }

    /** Links explicitly: lifts a block of the pair and outranks every link event of the anonymous id. */
    @Transactional
    public Identity link(String customerId, String anonymousId) {
        distinct(customerId, anonymousId);
        fence.enterExclusive();
        identities.linkExplicitly(anonymousId, customerId, Instant.now());
        return Identity.of(anonymousId, reresolve(anonymousId));
    }

    /** Unlinks: blocks the pair; the anonymous id falls back to its next unblocked link, or stands alone. */
    @Transactional
    public void unlink(String customerId, String anonymousId) {
        distinct(customerId, anonymousId);
        fence.enterExclusive();
        Owner owner = identities.owner(anonymousId);
        if (owner == null || !owner.customerId().equals(customerId)) {
            throw ProblemException.notFound("Anonymous id '" + anonymousId + "' is not linked to customer '"
                    + customerId + "'" + (owner == null ? "." : ": it belongs to another customer."));
        }
        identities.block(anonymousId, customerId, Instant.now());
        reresolve(anonymousId);
    }

    private Owner reresolve(String anonymousId) {
        Map<String, Owner> owners = new HashMap<>(identities.owners(List.of(anonymousId)));
        Set<String> moved = new HashSet<>();
        resolver.reresolve(List.of(anonymousId), owners, moved);
        if (!moved.isEmpty()) {
            resolver.reattribute(() -> attributor.recompute(moved, catalog.refresh()));
        }
        return owners.get(anonymousId);
    }

    private static void distinct(String customerId, String anonymousId) {
        if (customerId.equals(anonymousId)) {
            throw ProblemException.invalidField("anonymousId", "distinct",
                    "anonymousId must differ from the customer id: an id cannot be linked to itself.");
        }
    }
}

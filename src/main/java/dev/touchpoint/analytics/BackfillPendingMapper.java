package dev.touchpoint.analytics;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Not an error: a query on a funnel whose backfill runs is answered 202 with its progress. Kept
 * beside the queries, so that the exception table in {@code dev.touchpoint.error} knows no feature.
 */
public class BackfillPendingMapper {

    @ServerExceptionMapper
    public Response backfillPending(BackfillPendingException e) {
        return Response.accepted(e.pending()).type(MediaType.APPLICATION_JSON).header("Retry-After", 2)
                .header("Touchpoint-Backfill-Progress", e.pending().progress()).build();
    }
}

package dev.touchpoint.analytics.credit;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.touchpoint.analytics.query.QueryRange;

/**
 * {@code from}, {@code to} and {@code window} as channel credit reads them: the same rules as
 * {@code analytics.RangeParams}, described for what they mean here, and without a breakdown.
 */
public class CreditRangeParams {

    @QueryParam("from")
    @Parameter(description = "Start of the range, inclusive: ISO-8601 instant or date (midnight UTC); the visits (markov:"
            + " the events) counted are those from here. Default: `to` minus 30 days.", example = "2026-03-01")
    public String from;

    @QueryParam("to")
    @Parameter(description = "End of the range, exclusive: ISO-8601 instant or date. Default: now. A range spans at most"
            + " 3,660 days.", example = "2026-04-01")
    public String to;

    @QueryParam("window")
    @Parameter(description = "ISO-8601 duration, more than zero and at most P365D, in whole milliseconds: how soon after"
            + " a visit was entered its successor must follow for the visit to count as a move. Not used by markov."
            + " Default P30D.", example = "P7D")
    public String window;

    QueryRange range(java.time.Clock clock) {
        return QueryRange.parse(from, to, window, clock);
    }
}

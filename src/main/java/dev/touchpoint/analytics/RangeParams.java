package dev.touchpoint.analytics;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import dev.touchpoint.analytics.query.Breakdown;
import dev.touchpoint.analytics.query.QueryRange;

/** The query parameters every metric endpoint takes, documented once. */
public class RangeParams {

    @QueryParam("from")
    @Parameter(description = "Start of the range, inclusive: ISO-8601 instant or date (midnight UTC)."
            + " Default: `to` minus 30 days.", example = "2026-01-01")
    public String from;

    @QueryParam("to")
    @Parameter(description = "End of the range, exclusive: ISO-8601 instant or date. Default: now."
            + " A range spans at most 3,660 days.", example = "2026-02-01T00:00:00Z")
    public String to;

    @QueryParam("window")
    @Parameter(description = "ISO-8601 duration, more than zero and at most P365D, in whole milliseconds: how soon"
            + " a successor (flow) or the last step (conversion) must follow. Default P30D.", example = "P7D")
    public String window;

    @QueryParam("breakdown")
    @Parameter(description = "`channel`: the figures again per channel (of the visit's first event; for conversion,"
            + " of the start of each customer's earliest chain that reaches their level). `property:NAME`: per value of"
            + " the top-level property NAME of that same event, as a string (numbers and booleans by their JSON text;"
            + " absent, null, objects and arrays: the value null); the `limit` values with the most visits (conversion:"
            + " customers at level 1) listed, ties by value with null last, the rest summed into one group with"
            + " `\"other\": true`.", example = "property:campaign")
    public String breakdown;

    @QueryParam("limit")
    @Parameter(description = "With `breakdown=property:NAME` only: how many values to list before the `other` group,"
            + " 1 to 100. Default 25.", example = "10", schema = @Schema(minimum = "1", maximum = "100"))
    public String limit;

    QueryRange range(java.time.Clock clock) {
        return QueryRange.parse(from, to, window, clock);
    }

    Breakdown breakdown() {
        return Breakdown.parse(breakdown, limit);
    }
}

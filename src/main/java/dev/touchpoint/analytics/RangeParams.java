package dev.touchpoint.analytics;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

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
            + " of the start of each customer's earliest chain that reaches their level).",
            schema = @Schema(enumeration = { "channel" }))
    public String breakdown;

    QueryRange range(java.time.Clock clock) {
        return QueryRange.parse(from, to, window, clock);
    }

    boolean byChannel() {
        return QueryOptions.byChannel(breakdown);
    }
}

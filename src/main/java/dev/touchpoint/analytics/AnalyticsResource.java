package dev.touchpoint.analytics;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;

/**
 * The query endpoints BI dashboards call (SPEC §3, §4). JSON by default, {@code text/csv}
 * when the Accept header prefers it. While a funnel's backfill runs they answer 202 with its
 * progress instead of partial numbers.
 */
@Path("/v1/funnels/{id}")
@Tag(name = "Metrics")
@RequiresKey(KeyKind.READ)
@Produces({ MediaType.APPLICATION_JSON, Negotiation.TEXT_CSV })
@APIResponse(responseCode = "202", description = "The funnel's backfill runs; the body tells its progress.")
@APIResponse(responseCode = "400", description = "A parameter is invalid; the problem names it.",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "404", description = "No such funnel.", content = @Content(mediaType = "application/problem+json"))
public class AnalyticsResource {

    static final String FROM = "Start of the range, inclusive: ISO-8601 instant or date (midnight UTC)."
            + " Default: `to` minus 30 days.";
    static final String TO = "End of the range, exclusive: ISO-8601 instant or date. Default: now.";
    static final String WINDOW = "ISO-8601 duration, more than zero and at most P365D: how soon a successor (flow)"
            + " or the last step (conversion) must follow. Default P30D.";
    static final String BREAKDOWN = "`channel`: the figures again per channel (of the visit's first event; for"
            + " conversion, of the start of each customer's earliest chain that reaches their level).";

    @Inject
    AnalyticsService analytics;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Path("/flow")
    @Operation(summary = "Stage conversion and loop-back rates", description = "Per stage, the visits entered in"
            + " [from, to): forward (successor within window, later stage), loopBack (within window, earlier stage),"
            + " stalled (otherwise), their rates (null without visits), `next` counts per successor stage; and"
            + " `transitions`, every successor of those visits. CSV: one row per stage (and channel).")
    @APIResponse(responseCode = "200", description = "Flow per stage", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Reports.FlowReport.class)))
    public Response flow(@Parameter(description = "Funnel id", example = "customer-journey") @PathParam("id") String id,
            @Parameter(description = FROM, example = "2026-01-01") @QueryParam("from") String from,
            @Parameter(description = TO, example = "2026-02-01T00:00:00Z") @QueryParam("to") String to,
            @Parameter(description = WINDOW, example = "P7D") @QueryParam("window") String window, @Parameter(description = BREAKDOWN, schema = @Schema(enumeration = { "channel" }))
            @QueryParam("breakdown") String breakdown,
            @Context HttpHeaders headers) {
        boolean byChannel = QueryOptions.byChannel(breakdown);
        Reports.FlowReport report = analytics.flow(id, QueryRange.parse(from, to, window, clock), byChannel);
        return Negotiation.wantsCsv(headers) ? Negotiation.csv(Csv.flow(report)) : Response.ok(report).build();
    }

    @GET
    @Path("/conversion")
    @Operation(summary = "Ordered funnel conversion", description = "customers[k]: customers with a chain of events"
            + " e1 < … < ek in stages 1…k, e1 in [from, to), ek within `window` of e1 (mode=skip: strictly later"
            + " stages, skipping allowed). Rates against the previous and the first step; the median time between"
            + " consecutive steps. CSV: one row per step (and channel).")
    @APIResponse(responseCode = "200", description = "Funnel steps", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Reports.ConversionReport.class)))
    public Response conversion(@Parameter(description = "Funnel id", example = "customer-journey") @PathParam("id") String id,
            @Parameter(description = FROM, example = "2026-01-01") @QueryParam("from") String from,
            @Parameter(description = TO, example = "2026-02-01T00:00:00Z") @QueryParam("to") String to,
            @Parameter(description = WINDOW, example = "P7D") @QueryParam("window") String window,
            @Parameter(description = "strict (default) or skip", schema = @Schema(enumeration = { "strict", "skip" }))
            @QueryParam("mode") String mode,
            @Parameter(description = BREAKDOWN, schema = @Schema(enumeration = { "channel" }))
            @QueryParam("breakdown") String breakdown, @Context HttpHeaders headers) {
        boolean skip = QueryOptions.skipMode(mode);
        boolean byChannel = QueryOptions.byChannel(breakdown);
        Reports.ConversionReport report = analytics.conversion(id, QueryRange.parse(from, to, window, clock), skip,
                byChannel);
        return Negotiation.wantsCsv(headers) ? Negotiation.csv(Csv.conversion(report)) : Response.ok(report).build();
    }

    @GET
    @Path("/trends")
    @Operation(summary = "Flow rates per interval", description = "The flow per stage for each UTC day, ISO week"
            + " (from Monday) or month of visit entry, every interval that overlaps [from, to) listed, empty ones"
            + " included. CSV: one row per interval and stage (and channel).")
    @APIResponse(responseCode = "200", description = "Flow per interval", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Reports.TrendReport.class)))
    public Response trends(@Parameter(description = "Funnel id", example = "customer-journey") @PathParam("id") String id,
            @Parameter(description = FROM, example = "2026-01-01") @QueryParam("from") String from,
            @Parameter(description = TO, example = "2026-02-01T00:00:00Z") @QueryParam("to") String to,
            @Parameter(description = WINDOW, example = "P7D") @QueryParam("window") String window,
            @Parameter(description = "day (default), week or month", schema = @Schema(enumeration = { "day", "week", "month" }))
            @QueryParam("interval") String interval,
            @Parameter(description = BREAKDOWN, schema = @Schema(enumeration = { "channel" }))
            @QueryParam("breakdown") String breakdown, @Context HttpHeaders headers) {
        TrendInterval bucket = QueryOptions.interval(interval);
        boolean byChannel = QueryOptions.byChannel(breakdown);
        Reports.TrendReport report = analytics.trends(id, QueryRange.parse(from, to, window, clock), bucket, byChannel);
        return Negotiation.wantsCsv(headers) ? Negotiation.csv(Csv.trends(report)) : Response.ok(report).build();
    }
}

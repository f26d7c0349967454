package dev.touchpoint.analytics;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.touchpoint.ops.ApiExamples;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;
import dev.touchpoint.analytics.query.QueryOptions;
import dev.touchpoint.analytics.query.Breakdown;
import dev.touchpoint.analytics.query.TrendInterval;

/**
 * The query endpoints BI dashboards call (docs/metrics.md, docs/api.md). JSON by default, {@code text/csv}
 * when the Accept header prefers it. While a funnel's backfill runs they answer 202 with its
 * progress instead of partial numbers.
 */
@Path("/v1/funnels/{id}")
@Tag(name = "Metrics")
@RequiresKey(KeyKind.READ)
@Produces({ MediaType.APPLICATION_JSON, Negotiation.TEXT_CSV })
@APIResponse(responseCode = "202", description = "The funnel's backfill runs; the body tells its progress.",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "backfilling",
                value = ApiExamples.BACKFILLING)))
@APIResponse(responseCode = "400", description = "A parameter is invalid; the problem names it.",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "404", description = "No such funnel.", content = @Content(mediaType = "application/problem+json"))
public class AnalyticsResource {

    @Inject
    AnalyticsService analytics;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Path("/flow")
    @Operation(summary = "Stage conversion and loop-back rates", description = "Per stage, the visits entered in"
            + " [from, to): forward (successor within window, later stage), loopBack (within window, earlier stage),"
            + " stalled (otherwise; split into movedAfterWindow, a successor after the window, and noSuccessor,"
            + " none yet), their rates (null without visits), `next` counts per successor stage; and"
            + " `transitions`, the successors that made those visits forward or loop-back (so a stage's add up to"
            + " forward + loopBack). Definitions: docs/metrics.md. CSV: one row per stage (and channel).")
    @APIResponse(responseCode = "200", description = "Flow per stage", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reports.FlowReport.class),
                    examples = @ExampleObject(name = "flow", value = ApiExamples.FLOW)),
            @Content(mediaType = Negotiation.TEXT_CSV, examples = @ExampleObject(name = "csv", value = ApiExamples.FLOW_CSV)) })
    public Response flow(@Parameter(description = "Funnel id", example = "customer-journey") @PathParam("id") String id,
            @BeanParam RangeParams params, @Context HttpHeaders headers) {
        Breakdown by = params.breakdown();
        Reports.FlowReport report = analytics.flow(id, params.range(clock), by);
        return Negotiation.wantsCsv(headers) ? Negotiation.csv(Csv.flow(report, by.byProperty()))
                : Response.ok(report).build();
    }

    @GET
    @Path("/conversion")
    @Operation(summary = "Ordered funnel conversion", description = "customers[k]: customers with a chain of events"
            + " e1 < … < ek in stages 1…k, e1 in [from, to), ek within `window` of e1 (mode=skip: strictly later"
            + " stages, skipping allowed). Rates against the previous and the first step; the median time between"
            + " consecutive steps. Counts and rates are exact; at the default window, over more customers than"
            + " touchpoint.query.exact-median-customers (50,000), the medians are estimated from a fixed sample of one"
            + " journey in 32, as `medians` says (CSV: header Touchpoint-Medians). The first step's stepConversionRate is"
            + " 1 when anyone reached it. timeToConvert: per step after the first, the customers per fixed bucket of the"
            + " time from the previous step. With `stepWindows` every consecutive pair of the chain must also keep its"
            + " own bound, the level is that of the longest chain that exists under all bounds, the figures are"
            + " computed from the journeys themselves and the medians are always exact. Definitions: docs/metrics.md."
            + " CSV: one row per step (and channel), one column per time-to-convert bucket.")
    @APIResponse(responseCode = "200", description = "Funnel steps", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Reports.ConversionReport.class),
            examples = @ExampleObject(name = "conversion", value = ApiExamples.CONVERSION)))
    public Response conversion(@Parameter(description = "Funnel id", example = "customer-journey") @PathParam("id") String id,
            @BeanParam RangeParams params,
            @Parameter(description = "strict (default) or skip", schema = @Schema(enumeration = { "strict", "skip" }))
            @QueryParam("mode") String mode,
            @Parameter(description = "Per-step windows: n-1 comma-separated ISO-8601 durations for an n-stage funnel,"
                    + " each more than zero, at most P365D, whole milliseconds. Element i bounds the time from the"
                    + " chain's event in stage i to its event in stage i+1 (mode=skip: a jump over several stages may"
                    + " take the sum of the bounds it jumps over); `window` still bounds the whole chain. For"
                    + " customer-journey's six stages, `P1D,P7D,P7D,P30D,P30D`: interest within a day of awareness,"
                    + " consideration and conversion within a week each, then up to 30 days per step. Default: none.",
                    example = "P1D,P7D,P7D,P30D,P30D")
            @QueryParam("stepWindows") String stepWindows, @Context HttpHeaders headers) {
        boolean skip = QueryOptions.skipMode(mode);
        StepWindows steps = StepWindows.parse(stepWindows);
        Breakdown by = params.breakdown();
        Reports.ConversionReport report = analytics.conversion(id, params.range(clock), skip, by, steps);
        if (!Negotiation.wantsCsv(headers)) {
            return Response.ok(report).build();
        }
        MedianBasis basis = report.medians();
        return Response.fromResponse(Negotiation.csv(Csv.conversion(report, by.byProperty()))).header("Touchpoint-Medians",
                (basis.estimated() ? "estimated" : "exact") + "; customers=" + basis.customers()).build();
    }

    @GET
    @Path("/trends")
    @Operation(summary = "Flow rates per interval", description = "The flow per stage for each UTC day, ISO week"
            + " (from Monday) or month of visit entry, every interval that overlaps [from, to) listed, empty ones"
            + " included. Definitions: docs/metrics.md. CSV: one row per interval and stage (and channel).")
    @APIResponse(responseCode = "200", description = "Flow per interval", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Reports.TrendReport.class),
            examples = @ExampleObject(name = "weekly", value = ApiExamples.TRENDS)))
    public Response trends(@Parameter(description = "Funnel id", example = "customer-journey") @PathParam("id") String id,
            @BeanParam RangeParams params,
            @Parameter(description = "day (default), week or month", schema = @Schema(enumeration = { "day", "week", "month" }))
            @QueryParam("interval") String interval, @Context HttpHeaders headers) {
        TrendInterval bucket = QueryOptions.interval(interval);
        Breakdown by = params.breakdown();
        Reports.TrendReport report = analytics.trends(id, params.range(clock), bucket, by);
        return Negotiation.wantsCsv(headers) ? Negotiation.csv(Csv.trends(report, by.byProperty()))
                : Response.ok(report).build();
    }
}

package dev.touchpoint.analytics.credit;

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

import dev.touchpoint.analytics.Negotiation;
import dev.touchpoint.analytics.query.QueryRange;
import dev.touchpoint.ops.ApiExamples;
import dev.touchpoint.security.KeyKind;
import dev.touchpoint.security.RequiresKey;

/** Channel credit (docs/metrics.md): the one query endpoint that answers per channel without a breakdown. */
@Path("/v1/funnels/{id}/channels")
@Tag(name = "Metrics")
@RequiresKey(KeyKind.READ)
@Produces({ MediaType.APPLICATION_JSON, Negotiation.TEXT_CSV })
public class ChannelCreditResource {

    @Inject
    ChannelCreditService credit;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Operation(summary = "Channel credit: which channels move customers forward and back", description = "Rule models"
            + " (first, last, linear (default), position, timeDecay): each visit entered in [from, to) that moved within"
            + " `window` earns one unit, advancement when forward, loopBack when back, split over the visit's events and"
            + " its successor's first event; per stage (of the visit that moved) and for the whole funnel, with each"
            + " channel's share (null when the total is 0). A stage's credits add up to its flow forward and loopBack."
            + " model=markov: each customer's path of channels in [from, to) up to the first event in `target` or later,"
            + " and each channel's removal effect 1 - P'/P with its share (null when no path converts); `window` is"
            + " not used. No breakdown (400). Definitions: docs/metrics.md. CSV: one row per stage and channel, then the"
            + " funnel's rows with an empty stage; markov: one row per channel.")
    @APIResponse(responseCode = "200", description = "Credit per stage and channel, or removal effects per channel",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
                            ChannelReports.CreditReport.class, ChannelReports.MarkovReport.class }), examples = {
                                    @ExampleObject(name = "linear", value = ApiExamples.CHANNELS),
                                    @ExampleObject(name = "markov", value = ApiExamples.CHANNELS_MARKOV) }),
                    @Content(mediaType = Negotiation.TEXT_CSV, examples = {
                            @ExampleObject(name = "linear", value = ApiExamples.CHANNELS_CSV),
                            @ExampleObject(name = "markov", value = ApiExamples.CHANNELS_MARKOV_CSV) }) })
    @APIResponse(responseCode = "202", description = "The funnel's backfill runs; the body tells its progress.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "backfilling",
                    value = ApiExamples.BACKFILLING)))
    @APIResponse(responseCode = "400", description = "A parameter is invalid; the problem names it.",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No such funnel.", content = @Content(mediaType = "application/problem+json"))
    public Response channels(@Parameter(description = "Funnel id", example = "customer-journey") @PathParam("id") String id,
            @BeanParam CreditRangeParams params,
            @Parameter(description = "How credit is given: first, last, linear (default), position, timeDecay, markov",
                    schema = @Schema(enumeration = { "first", "last", "linear", "position", "timeDecay", "markov" }))
            @QueryParam("model") String model,
            @Parameter(description = "timeDecay only: ISO-8601 duration, more than zero; a touchpoint this long before the"
                    + " move's last weighs half as much. Default P7D.", example = "P7D") @QueryParam("halfLife") String halfLife,
            @Parameter(description = "markov only: the stage key that counts as converted (it or any later stage)."
                    + " Default: `conversion` where the funnel has it, else its last stage.", example = "conversion")
            @QueryParam("target") String target,
            @Parameter(description = "Not taken: the answer is per channel already; any value is a 400.")
            @QueryParam("breakdown") String breakdown,
            @Context HttpHeaders headers) {
        CreditOptions options = CreditOptions.parse(model, halfLife, target, breakdown);
        QueryRange range = params.range(clock);
        boolean csv = Negotiation.wantsCsv(headers);
        if (options.markov()) {
            ChannelReports.MarkovReport report = credit.markov(id, range, options);
            return csv ? Negotiation.csv(CreditCsv.markov(report)) : Response.ok(report).build();
        }
        ChannelReports.CreditReport report = credit.rules(id, range, options);
        return csv ? Negotiation.csv(CreditCsv.credit(report)) : Response.ok(report).build();
    }
}

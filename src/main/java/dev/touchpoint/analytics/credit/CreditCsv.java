package dev.touchpoint.analytics.credit;

import java.util.Arrays;
import java.util.List;

import dev.touchpoint.analytics.Csv;

/**
 * The {@code text/csv} form of channel credit, in the same RFC 4180 shape as the other metric
 * answers ({@link Csv}): a header row, CRLF line ends, nulls as empty fields.
 */
final class CreditCsv {

    private static final List<String> CREDIT = List.of("stage", "channel", "advancement", "loopBack",
            "advancementShare", "loopBackShare");
    private static final List<String> MARKOV = List.of("target", "channel", "removalEffect", "share");

    private CreditCsv() {
    }

    /** Rule models: one row per stage and channel, then the funnel's rows with an empty {@code stage}. */
    static String credit(ChannelReports.CreditReport report) {
        StringBuilder out = new StringBuilder();
        row(out, CREDIT);
        report.stages().forEach(s -> s.channels().forEach(c -> creditRow(out, s.stage(), c)));
        report.total().channels().forEach(c -> creditRow(out, null, c));
        return out.toString();
    }

    /** Markov: one row per channel, each naming the target stage. */
    static String markov(ChannelReports.MarkovReport report) {
        StringBuilder out = new StringBuilder();
        row(out, MARKOV);
        report.channels().forEach(c -> row(out, Arrays.asList(report.target(), c.channel(), c.removalEffect(), c.share())));
        return out.toString();
    }

    private static void creditRow(StringBuilder out, String stage, ChannelReports.ChannelCredit c) {
        row(out, Arrays.asList(stage, c.channel(), c.advancement(), c.loopBack(), c.advancementShare(), c.loopBackShare()));
    }

    private static void row(StringBuilder out, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            out.append(i > 0 ? "," : "").append(Csv.field(fields.get(i)));
        }
        out.append("\r\n");
    }
}

package dev.touchpoint.analytics;

import java.util.List;

import dev.touchpoint.journey.TimeToConvert;

/**
 * The {@code text/csv} form of the query answers (RFC 4180): a header row, one row per stage
 * (and per channel or interval), CRLF line ends, fields quoted when they must be, null rates
 * as empty fields.
 */
public final class Csv {

    private static final List<String> FLOW = List.of("stage", "visits", "forward", "loopBack", "stalled",
            "movedAfterWindow", "noSuccessor", "conversionRate", "loopBackRate", "stallRate");
    /**
     * A step's figures, then one column per time-to-convert bucket: {@code timeToConvertUpToPT1M} …
     * {@code timeToConvertUpToP30D} (customers whose step took less than that and at least the
     * previous edge) and {@code timeToConvertFromP30D} (the open last bucket); empty for the first step.
     */
    private static final List<String> STEPS = steps();

    private final StringBuilder out = new StringBuilder();

    private Csv() {
    }

    public static String flow(Reports.FlowReport report) {
        return flow(report, false);
    }

    /**
     * @param byProperty a property breakdown: its rows start {@code value,other} (value empty
     *                   for null and for the other group) where a channel breakdown's start {@code channel}
     */
    public static String flow(Reports.FlowReport report, boolean byProperty) {
        Csv csv = new Csv();
        if (report.breakdown() == null) {
            csv.header(FLOW);
            report.stages().forEach(s -> csv.flowRow(List.of(), s));
        } else {
            csv.header(group(byProperty, FLOW));
            report.breakdown().forEach(b -> b.stages().forEach(s -> csv.flowRow(key(byProperty, b.value(), b.other()), s)));
        }
        return csv.toString();
    }

    public static String conversion(Reports.ConversionReport report) {
        return conversion(report, false);
    }

    /** @param byProperty as for {@link #flow(Reports.FlowReport, boolean)} */
    public static String conversion(Reports.ConversionReport report, boolean byProperty) {
        Csv csv = new Csv();
        if (report.breakdown() == null) {
            csv.header(STEPS);
            report.steps().forEach(s -> csv.stepRow(List.of(), s));
        } else {
            csv.header(group(byProperty, STEPS));
            report.breakdown().forEach(b -> b.steps().forEach(s -> csv.stepRow(key(byProperty, b.value(), b.other()), s)));
        }
        return csv.toString();
    }

    public static String trends(Reports.TrendReport report) {
        return trends(report, false);
    }

    /** @param byProperty as for {@link #flow(Reports.FlowReport, boolean)} */
    public static String trends(Reports.TrendReport report, boolean byProperty) {
        Csv csv = new Csv();
        if (report.breakdown() == null) {
            csv.header(prefixed("bucket", FLOW));
            report.buckets().forEach(b -> b.stages().forEach(s -> csv.flowRow(List.of(b.start()), s)));
        } else {
            csv.header(prefixed("bucket", group(byProperty, FLOW)));
            report.breakdown().forEach(c -> c.buckets().forEach(b -> b.stages().forEach(s -> {
                List<Object> prefix = new java.util.ArrayList<>(List.of(b.start()));
                prefix.addAll(key(byProperty, c.value(), c.other()));
                csv.flowRow(prefix, s);
            })));
        }
        return csv.toString();
    }

    private static List<String> group(boolean byProperty, List<String> rest) {
        return byProperty ? prefixed("value", prefixed("other", rest)) : prefixed("channel", rest);
    }

    private static List<Object> key(boolean byProperty, String value, boolean other) {
        return byProperty ? java.util.Arrays.asList(value, other) : java.util.Collections.singletonList(value);
    }

    private void flowRow(List<Object> prefix, StageFlow s) {
        row(concat(prefix, s.stage(), s.visits(), s.forward(), s.loopBack(), s.stalled(), s.movedAfterWindow(),
                s.noSuccessor(), s.conversionRate(),
                s.loopBackRate(), s.stallRate()));
    }

    private void stepRow(List<Object> prefix, ConversionStep s) {
        List<Object> fields = concat(prefix, s.stage(), s.customers(), s.stepConversionRate(), s.overallConversionRate(),
                s.medianSecondsFromPrevious());
        for (int b = 0; b <= TimeToConvert.EDGES.size(); b++) {
            fields.add(s.timeToConvert() == null ? null : s.timeToConvert().get(b).customers());
        }
        row(fields);
    }

    private static List<String> steps() {
        List<String> names = new java.util.ArrayList<>(List.of("stage", "customers", "stepConversionRate",
                "overallConversionRate", "medianSecondsFromPrevious"));
        TimeToConvert.EDGES.forEach(edge -> names.add("timeToConvertUpTo" + AnalyticsService.iso(edge)));
        names.add("timeToConvertFrom" + AnalyticsService.iso(TimeToConvert.EDGES.get(TimeToConvert.EDGES.size() - 1)));
        return List.copyOf(names);
    }

    private void header(List<String> names) {
        row(List.copyOf(names));
    }

    private void row(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    /** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static List<String> prefixed(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static List<Object> concat(List<Object> prefix, Object... values) {
        List<Object> all = new java.util.ArrayList<>(prefix);
        all.addAll(java.util.Arrays.asList(values));
        return all;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

package dev.touchpoint.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotesOnlyWhatRfc4180Requires() {
        assertEquals("plain", Csv.field("plain"));
        assertEquals("\"a,b\"", Csv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("\"two\r\nlines\"", Csv.field("two\r\nlines"));
        assertEquals("", Csv.field(null));
        assertEquals("0.5", Csv.field(0.5));
    }

    @Test
    void flowHasAHeaderAndOneRowPerStagePerChannel() {
        StageFlow a = new StageFlow("a", 2, 1, 0, 1, 1, 0, 0.5, 0.0, 0.5, Map.of());
        StageFlow b = new StageFlow("b", 0, 0, 0, 0, 0, 0, null, null, null, Map.of());
        Reports.FlowReport plain = new Reports.FlowReport("f", Instant.EPOCH, Instant.EPOCH, "P30D", List.of(a, b),
                List.of(), null);
        assertEquals("stage,visits,forward,loopBack,stalled,movedAfterWindow,noSuccessor,conversionRate,loopBackRate,stallRate\r\n"
                + "a,2,1,0,1,1,0,0.5,0.0,0.5\r\n"
                + "b,0,0,0,0,0,0,,,\r\n", Csv.flow(plain));
        Reports.FlowReport split = new Reports.FlowReport("f", Instant.EPOCH, Instant.EPOCH, "P30D", List.of(a, b),
                List.of(), List.of(new Reports.FlowBreakdown("web", false, List.of(a), List.of()),
                        new Reports.FlowBreakdown("tv", false, List.of(b), List.of())));
        assertEquals("channel,stage,visits,forward,loopBack,stalled,movedAfterWindow,noSuccessor,conversionRate,loopBackRate,stallRate\r\n"
                + "web,a,2,1,0,1,1,0,0.5,0.0,0.5\r\n"
                + "tv,b,0,0,0,0,0,0,,,\r\n", Csv.flow(split));
    }
}

package dev.touchpoint.analytics;

import java.util.Map;

/**
 * The flow of one stage (docs/metrics.md, Flow): its visits, split into forward, loop-back and
 * stalled, the stalled ones split into {@code movedAfterWindow} (a successor came, but after the
 * window) and {@code noSuccessor} (none yet), the rates (null when there are no visits), and the
 * count per successor stage.
 */
public record StageFlow(String stage, long visits, long forward, long loopBack, long stalled, long movedAfterWindow,
        long noSuccessor, Double conversionRate,
        Double loopBackRate, Double stallRate, Map<String, Long> next) {
}

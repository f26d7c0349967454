package dev.touchpoint.journey.credit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.touchpoint.journey.AttributedEvent;


/**
 * One customer's path for the markov model (SPEC §3): the channels of their attributed events
 * in {@code [from, to)} in journey order, repeats in a row collapsed, up to and including the
 * first event in the target stage or later, and whether it reached one. {@code START} and the
 * final {@code CONVERSION} or {@code NULL} are implied.
 *
 * @param channels  at least one channel
 * @param converted whether the path ends in {@code CONVERSION}
 */
public record MarkovPath(List<String> channels, boolean converted) {

    public MarkovPath {
        channels = List.copyOf(channels);
    }

    /** The path of one journey given in journey order, or null when it has no event in the range. */
    public static MarkovPath of(List<AttributedEvent> journey, Instant from, Instant to, int targetStage) {
        List<String> channels = new ArrayList<>();
        for (AttributedEvent event : journey) {
            if (event.timestamp().isBefore(from) || !event.timestamp().isBefore(to)) {
                continue;
            }
            if (channels.isEmpty() || !channels.get(channels.size() - 1).equals(event.channel())) {
                channels.add(event.channel());
            }
            if (event.stage() >= targetStage) {
                return new MarkovPath(channels, true);
            }
        }
        return channels.isEmpty() ? null : new MarkovPath(channels, false);
    }
}

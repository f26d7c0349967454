package dev.touchpoint.attribution;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.funnel.PropertyValue;
import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.journey.Journey;
import dev.touchpoint.journey.JourneyAppend;
import dev.touchpoint.journey.RollupDeltas;
import dev.touchpoint.journey.RowDiff;
import dev.touchpoint.journey.Start;
import dev.touchpoint.journey.StartLinks;
import dev.touchpoint.journey.Visit;
import dev.touchpoint.ops.Meters;
import dev.touchpoint.storage.JourneyRows;
import dev.touchpoint.storage.JourneyRows.StoredEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the derived rows of journeys equal to what their stored events define. Every result is
 * a pure function of the events stored for a journey ({@link Journey}), so the outcome is
 * independent of arrival order, and doing it twice changes nothing. Events appended after a
 * journey's stored ones are applied from its stored rows ({@link JourneyAppend}, which must
 * agree row for row); anything else recomputes the journey from its events. Only the rows that
 * differ from the stored ones are written. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class JourneyAttributor {

    @Inject
    JourneyRows rows;

    @Inject
    ObjectMapper mapper;

    @Inject
    TouchpointConfig config;

    private final Counter appendedJourneys;
    private final Counter wholeJourneys;

    @Inject
    public JourneyAttributor(MeterRegistry registry) {
        appendedJourneys = counter(registry, "appended");
        wholeJourneys = counter(registry, "whole");
    }

    private static Counter counter(MeterRegistry registry, String path) {
        return Counter.builder(Meters.ATTRIBUTION_JOURNEYS).tag(Meters.TAG_PATH, path)
                .description("Journeys consumer batches attributed, once per funnel").register(registry);
    }

    /** Recomputes these journeys whole in every funnel: what backfills, moves and erasures do. */
    public void recompute(Collection<String> journeyKeys, List<CompiledFunnel> funnels) {
        if (journeyKeys.isEmpty() || funnels.isEmpty()) {
            return;
        }
        Map<CompiledFunnel, Collection<String>> whole = new LinkedHashMap<>();
        for (CompiledFunnel funnel : funnels) {
            whole.put(funnel, journeyKeys);
        }
        RollupDeltas deltas = new RollupDeltas();
        recomputeWhole(whole, deltas);
        rows.applyRollups(deltas);
    }

    /**
     * Attributes a consumed batch's new events. In a funnel whose stored rows are complete (no
     * backfill running, the version the batch was compiled with), a journey of at least
     * {@code touchpoint.consumer.incremental-from-events} events (or none yet) whose new events all
     * come after its stored ones is updated from its stored rows alone ({@link JourneyAppend});
     * every other journey, and every journey in {@code whole}, is recomputed from all its events.
     *
     * @param fresh the new events' ids by the journey they were stored in
     * @param whole journeys to recompute whole in any case (those identity moved events into or out of)
     */
    public void attribute(Map<String, List<String>> fresh, Set<String> whole, List<CompiledFunnel> funnels) {
        if (funnels.isEmpty() || fresh.isEmpty() && whole.isEmpty()) {
            return;
        }
        Set<String> all = new HashSet<>(fresh.keySet());
        all.addAll(whole);
        Set<String> candidates = new HashSet<>(fresh.keySet());
        candidates.removeAll(whole);
        Map<String, Integer> complete = candidates.isEmpty() ? Map.of() : rows.attributedFunnels();
        int from = config.consumer().incrementalFromEvents();
        // Per funnel, the candidates long enough to take from their stored rows (or new to the funnel).
        Map<CompiledFunnel, Map<String, JourneyRows.LastVisit>> lastVisits = new LinkedHashMap<>();
        Map<CompiledFunnel, Set<String>> appendable = new LinkedHashMap<>();
        Set<String> load = new HashSet<>();
        for (CompiledFunnel funnel : funnels) {
            Set<String> keys = new HashSet<>();
            if (Integer.valueOf(funnel.version()).equals(complete.get(funnel.id())) && from < Integer.MAX_VALUE) {
                Map<String, JourneyRows.LastVisit> last = rows.lastVisits(funnel.id(), candidates);
                for (String key : candidates) {
                    JourneyRows.LastVisit stored = last.get(key);
                    Integer events = stored == null ? null : stored.visit().journeyEvents();
                    if (stored == null || events != null && events >= from) {
                        keys.add(key);
                    }
                }
                lastVisits.put(funnel, last);
            }
            appendable.put(funnel, keys);
            load.addAll(keys);
        }
        List<String> ids = new ArrayList<>();
        for (String key : load) {
            ids.addAll(fresh.get(key));
        }
        Map<String, List<StoredEvent>> appended = ids.isEmpty() ? Map.of() : rows.loadEvents(ids);
        Map<String, List<Properties>> properties = new HashMap<>();
        Map<CompiledFunnel, Collection<String>> wholeByFunnel = new LinkedHashMap<>();
        RollupDeltas deltas = new RollupDeltas();
        for (CompiledFunnel funnel : funnels) {
            Set<String> recompute = new HashSet<>(all);
            Set<String> keys = appendable.get(funnel);
            recompute.removeAll(keys);
            Map<String, List<AttributedEvent>> byJourney = new HashMap<>();
            Map<String, String[]> dims = new HashMap<>();
            for (String key : keys) {
                List<StoredEvent> events = appended.getOrDefault(key, List.of());
                List<Properties> props = properties.computeIfAbsent(key, k -> lazy(events));
                List<AttributedEvent> attributed = attribute(funnel, events, props);
                if (!attributed.isEmpty()) {
                    attributed.sort(AttributedEvent.JOURNEY_ORDER);
                    byJourney.put(key, attributed);
                    if (!funnel.dimensions().isEmpty()) {
                        for (StoredEvent e : events) {
                            dims.put(e.eventId(), values(funnel.dimensions(), e));
                        }
                    }
                }
            }
            recompute.addAll(append(funnel, byJourney, lastVisits.getOrDefault(funnel, Map.of()), dims, deltas));
            if (!recompute.isEmpty()) {
                wholeByFunnel.put(funnel, recompute);
                wholeJourneys.increment(recompute.size());
            }
        }
        recomputeWhole(wholeByFunnel, deltas);
        rows.applyRollups(deltas);
    }

    /**
     * Writes what the appended events change in one funnel's rows ({@link JourneyAppend}), asking
     * the store only for the rows that can change. Returns the journeys it cannot update that way:
     * those whose new events do not all follow the stored ones, or whose rows were stored before V11.
     */
    private Set<String> append(CompiledFunnel funnel, Map<String, List<AttributedEvent>> byJourney,
            Map<String, JourneyRows.LastVisit> last, Map<String, String[]> dims, RollupDeltas deltas) {
        Set<String> fallBack = new HashSet<>();
        if (byJourney.isEmpty()) {
            return fallBack;
        }
        int stages = funnel.stageCount();
        Map<String, List<AttributedEvent>> following = new HashMap<>();
        Map<String, Set<Integer>> stagesOf = new HashMap<>();
        Set<String> extending = new HashSet<>();
        Set<Integer> newStages = new HashSet<>();
        for (Map.Entry<String, List<AttributedEvent>> journey : byJourney.entrySet()) {
            JourneyRows.LastVisit stored = last.get(journey.getKey());
            if (JourneyAppend.follows(stored == null ? null : stored.visit(), journey.getValue())) {
                following.put(journey.getKey(), journey.getValue());
                Set<Integer> own = new HashSet<>();
                journey.getValue().forEach(e -> own.add(e.stage()));
                stagesOf.put(journey.getKey(), own);
                if (stored != null && Collections.max(own) > 0) {
                    extending.add(journey.getKey());
                    newStages.addAll(own);
                }
            } else {
                fallBack.add(journey.getKey());
            }
        }
        Map<String, List<Start>> extendable = extending.isEmpty() ? Map.of()
                : rows.extendableStarts(funnel.id(), stages, extending, newStages, Collections.max(newStages));
        Map<String, JourneyAppend.Starts> changes = new HashMap<>();
        // The journeys whose links the store must answer for: from the first risen start (cut at
        // the earliest of the batch's), or, none risen, for new starts linked after every stored one.
        Set<String> risen = new HashSet<>();
        Set<String> linkFresh = new HashSet<>();
        Instant cut = null;
        int[] risenLevels = new int[2];
        int[] freshLevels = new int[2];
        for (Map.Entry<String, List<AttributedEvent>> journey : following.entrySet()) {
            String key = journey.getKey();
            Set<Integer> own = stagesOf.get(key);
            int max = Collections.max(own);
            List<Start> candidates = extendable.getOrDefault(key, List.of()).stream()
                    .filter(s -> JourneyAppend.mayExtend(s, own, max)).toList();
            if (candidates.stream().anyMatch(s -> s.skipLastAt() == null)) {
                fallBack.add(key);
                continue;
            }
            JourneyAppend.Starts change = JourneyAppend.starts(candidates, journey.getValue(), stages);
            changes.put(key, change);
            int[] levels;
            if (change.risenAt() != null) {
                risen.add(key);
                cut = cut == null || change.risenAt().isBefore(cut) ? change.risenAt() : cut;
                levels = risenLevels;
            } else if (change.raisedLevel(false) > 0 && last.containsKey(key)) {
                linkFresh.add(key);
                levels = freshLevels;
            } else {
                continue;
            }
            levels[0] = Math.max(levels[0], change.raisedLevel(false));
            levels[1] = Math.max(levels[1], change.raisedLevel(true));
        }
        Map<String, List<Start>> storedFrom = risen.isEmpty() ? Map.of() : rows.startsFrom(funnel.id(), stages, risen, cut);
        Map<String, Instant[][]> latest = new HashMap<>();
        Map<String, List<Start>> waiting = new HashMap<>();
        if (!risen.isEmpty()) {
            latest.putAll(rows.latestStarts(funnel.id(), stages, risen, cut));
            waiting.putAll(rows.waitingStarts(funnel.id(), stages, risen, cut, risenLevels[0], risenLevels[1]));
        }
        if (!linkFresh.isEmpty()) {
            latest.putAll(rows.latestStarts(funnel.id(), stages, linkFresh, null));
            if (freshLevels[0] > 1 || freshLevels[1] > 1) {
                waiting.putAll(rows.waitingStarts(funnel.id(), stages, linkFresh, null, freshLevels[0], freshLevels[1]));
            }
        }
        Map<String, RowDiff<Visit>> visitDiffs = new HashMap<>();
        Map<String, RowDiff<Start>> startDiffs = new HashMap<>();
        Instant[][] none = new Instant[2][];
        for (Map.Entry<String, JourneyAppend.Starts> journey : changes.entrySet()) {
            String key = journey.getKey();
            JourneyAppend.Starts change = journey.getValue();
            JourneyRows.LastVisit stored = last.get(key);
            visitDiffs.put(key, JourneyAppend.visits(stored == null ? null : stored.visit(), following.get(key), stages));
            if (stored != null) {
                dims.put(stored.visit().firstEventId(), Arrays.copyOf(stored.dimensions(), funnel.dimensions().size()));
            }
            Instant from = risen.contains(key) ? cut : null;
            Instant[][] modes = latest.getOrDefault(key, none);
            List<Start> wait = waiting.getOrDefault(key, List.of()).stream().filter(change::mayWait).toList();
            startDiffs.put(key, change.diff(from, storedFrom.getOrDefault(key, List.of()), modes[0], modes[1], wait));
        }
        rows.write(funnel.id(), visitDiffs, startDiffs, deltas, funnel.dimensions().isEmpty() ? id -> null : dims::get);
        appendedJourneys.increment(changes.size());
        return fallBack;
    }

    /**
     * Recomputes, per funnel, these journeys from all their stored events, {@code
     * touchpoint.consumer.recompute-chunk} journeys at a time, so that a large batch (H2's default
     * is 10,000 records) never holds all its journeys' events and rows in memory at once.
     */
    private void recomputeWhole(Map<CompiledFunnel, Collection<String>> keysByFunnel, RollupDeltas deltas) {
        Set<String> keys = new HashSet<>();
        keysByFunnel.values().forEach(keys::addAll);
        List<String> all = List.copyOf(keys);
        int size = config.consumer().recomputeChunk();
        for (int from = 0; from < all.size(); from += size) {
            Set<String> chunk = new HashSet<>(all.subList(from, Math.min(all.size(), from + size)));
            Map<CompiledFunnel, Collection<String>> chunkByFunnel = new LinkedHashMap<>();
            keysByFunnel.forEach((funnel, funnelKeys) -> {
                List<String> mine = funnelKeys.stream().filter(chunk::contains).toList();
                if (!mine.isEmpty()) {
                    chunkByFunnel.put(funnel, mine);
                }
            });
            recomputeChunk(chunk, chunkByFunnel, deltas);
        }
    }

    private void recomputeChunk(Set<String> keys, Map<CompiledFunnel, Collection<String>> keysByFunnel,
            RollupDeltas deltas) {
        Map<String, List<StoredEvent>> journeys = rows.load(keys);
        Map<String, List<Properties>> properties = new HashMap<>();
        for (Map.Entry<CompiledFunnel, Collection<String>> entry : keysByFunnel.entrySet()) {
            CompiledFunnel funnel = entry.getKey();
            Map<String, List<Visit>> visits = new HashMap<>();
            Map<String, List<Start>> starts = new HashMap<>();
            Map<String, String[]> dims = new HashMap<>();
            for (String key : entry.getValue()) {
                List<StoredEvent> events = journeys.getOrDefault(key, List.of());
                List<Properties> props = properties.computeIfAbsent(key, k -> lazy(events));
                List<AttributedEvent> attributed = attribute(funnel, events, props);
                if (!attributed.isEmpty()) {
                    Journey j = Journey.of(attributed);
                    List<Visit> journeyVisits = j.visits(funnel.stageCount());
                    visits.put(key, journeyVisits);
                    starts.put(key, StartLinks.link(j.starts(funnel.stageCount())));
                    if (!funnel.dimensions().isEmpty()) {
                        dimensions(funnel.dimensions(), events, journeyVisits, dims);
                    }
                }
            }
            rows.replace(funnel.id(), funnel.stageCount(), entry.getValue(), visits, starts, deltas,
                    funnel.dimensions().size(), dims::get);
        }
    }

    /**
     * The values of the funnel's declared dimensions on each visit's first event, by that
     * event's id: what funnel_visit keeps in dim_1 … dim_5. A visit row with the same first
     * event always has the same values (an event's properties never change, and declaring other
     * dimensions re-attributes the funnel from scratch), so the row diff need not compare them.
     */
    private static void dimensions(List<String> names, List<StoredEvent> events, List<Visit> visits,
            Map<String, String[]> dims) {
        Map<String, StoredEvent> byId = new HashMap<>();
        for (StoredEvent e : events) {
            byId.put(e.eventId(), e);
        }
        for (Visit v : visits) {
            dims.put(v.firstEventId(), values(names, byId.get(v.firstEventId())));
        }
    }

    private static String[] values(List<String> names, StoredEvent event) {
        String[] values = new String[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = PropertyValue.of(event.properties(), names.get(i));
        }
        return values;
    }

    private static List<AttributedEvent> attribute(CompiledFunnel funnel, List<StoredEvent> events, List<Properties> props) {
        List<AttributedEvent> attributed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            int stage = funnel.classifier().stageOfLazily(e.type(), e.channel(), props.get(i));
            if (stage >= 0) {
                attributed.add(new AttributedEvent(e.eventId(), e.timestamp(), e.channel(), stage));
            }
        }
        return attributed;
    }

    private List<Properties> lazy(List<StoredEvent> events) {
        List<Properties> props = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            props.add(new Properties(e, mapper));
        }
        return props;
    }

    /** An event's stored properties, parsed on first use (only rules with property conditions use them). */
    private static final class Properties implements Supplier<JsonNode> {
        private final StoredEvent event;
        private final ObjectMapper mapper;
        private JsonNode parsed;

        Properties(StoredEvent event, ObjectMapper mapper) {
            this.event = event;
            this.mapper = mapper;
        }

        @Override
        public JsonNode get() {
            if (parsed == null) {
                try {
                    parsed = mapper.readTree(event.properties());
                } catch (IOException e) {
                    throw new IllegalStateException("stored properties of " + event.eventId() + " are not JSON", e);
                }
            }
            return parsed;
        }
    }
}

package dev.touchpoint.analytics.query;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.journey.AttributedEvent;
import dev.touchpoint.funnel.PropertyValue;

/**
 * Reads a funnel's journeys back from the stored events, attributed by its current rules, one
 * journey at a time: for the figures attribution keeps no rows for (per-step windows, channel
 * credit by timeDecay and markov, breakdowns by a property it does not keep). Only one journey is
 * in memory at a time, and each {@link Scope} reads only the events its figures can depend on.
 *
 * <p>The rows come grouped by journey key and each journey is sorted here, in Java's order of
 * event ids, so that ties of timestamps break as everywhere else (docs/metrics.md, journey order)
 * whatever the database's collation.
 */
@ApplicationScoped
public class JourneyScan {

    /** Rows fetched per round trip; PostgreSQL streams only with a fetch size inside a transaction. */
    private static final int FETCH = 5_000;

    @Inject
    QueryConnection connection;

    @Inject
    ObjectMapper mapper;

    /**
     * One journey of the scan.
     *
     * @param journeyKey the journey (its customer, or its anonymous id while it has no owner)
     * @param events     its attributed events of the scope, in journey order
     * @param values     beside each event, the value of the scan's property (null without one)
     */
    public record ScannedJourney(String journeyKey, List<AttributedEvent> events, List<String> values) {
    }

    /**
     * Which journeys, and which of their events, a figure reads: the statement after its column
     * list, and the seventh column (the mark of a scope that is {@code marked}).
     */
    public record Scope(String mark, String rest, List<Object> parameters, boolean marked) {

        private static final String NO_MARK = "cast(null as varchar(128))";

        /** Every journey's events in {@code [from, to)}: markov paths. */
        public static Scope eventsIn(Instant from, Instant to) {
            return new Scope(NO_MARK, "from touchpoint t where t.occurred_at >= ? and t.occurred_at < ? order by t.journey_key",
                    List.of(from, to), false);
        }

        /**
         * The journeys with a start (a first-stage event) in {@code [from, to)}, their events from
         * {@code from} to {@code until} inclusive: every chain from such a start (conversion).
         */
        public static Scope startsIn(String funnelId, Instant from, Instant to, Instant until) {
            return new Scope(NO_MARK, "from touchpoint t join (select distinct journey_key from funnel_start"
                    + " where funnel_id = ? and start_at >= ? and start_at < ?) s on s.journey_key = t.journey_key"
                    + " where t.occurred_at >= ? and t.occurred_at <= ? order by t.journey_key",
                    List.of(funnelId, from, to, from, until), false);
        }

        /**
         * The journeys with a visit entered in {@code [from, to)}, their events from the first
         * such visit's first event to {@code until} inclusive: those visits, their events and
         * their successors within {@code until} (channel credit). Events of an earlier visit at
         * the same instant are marked off by the stored visit's first event.
         */
        public static Scope visitsEnteredIn(String funnelId, Instant from, Instant to, Instant until) {
            return new Scope("v.first_event_id", "from touchpoint t join (select journey_key,"
                    + " min(entered_at) as since from funnel_visit where funnel_id = ? and entered_at >= ? and entered_at < ?"
                    + " group by journey_key) s on s.journey_key = t.journey_key left join funnel_visit v on v.funnel_id = ?"
                    + " and v.journey_key = t.journey_key and v.first_event_id = t.event_id and t.occurred_at = s.since"
                    + " where t.occurred_at >= s.since and t.occurred_at <= ? order by t.journey_key",
                    List.of(funnelId, from, to, funnelId, until), true);
        }

        /**
         * The statement; the properties column is null when {@code properties} is false: nothing
         * reads them, and they are the widest column to move and decode.
         */
        String sql(boolean properties) {
            return "select t.journey_key, t.event_id, t.occurred_at, t.type, t.channel, "
                    + (properties ? "t.properties" : "cast(null as varchar(1))") + ", " + mark + " " + rest;
        }
    }

    /**
     * Passes each journey of the scope with attributed events to {@code each}.
     *
     * @param property the property whose values to read beside the events, or null
     */
    public void scan(CompiledFunnel funnel, Scope scope, String property, Consumer<ScannedJourney> each) {
        connection.run(conn -> {
            boolean properties = property != null || funnel.classifier().readsProperties();
            try (PreparedStatement ps = conn.prepareStatement(scope.sql(properties))) {
                ps.setFetchSize(FETCH);
                List<Object> parameters = scope.parameters();
                for (int i = 0; i < parameters.size(); i++) {
                    Object value = parameters.get(i);
                    ps.setObject(i + 1, value instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : value);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    Batch batch = new Batch(funnel, property, scope.marked());
                    while (rs.next()) {
                        String key = rs.getString(1);
                        if (!key.equals(batch.key)) {
                            batch.flush(each);
                            batch.key = key;
                        }
                        batch.add(rs);
                    }
                    batch.flush(each);
                }
            }
        });
    }

    private record Row(AttributedEvent event, String value, boolean marked) {
    }

    /** The rows of the journey being read. */
    private final class Batch {
        private final CompiledFunnel funnel;
        private final String property;
        private final boolean marked;
        private final List<Row> rows = new ArrayList<>();
        private String key;

        Batch(CompiledFunnel funnel, String property, boolean marked) {
            this.funnel = funnel;
            this.property = property;
            this.marked = marked;
        }

        void add(ResultSet rs) throws SQLException {
            String properties = rs.getString(6);
            int stage = funnel.classifier().stageOfLazily(rs.getString(4), rs.getString(5), () -> parse(properties));
            if (stage < 0) {
                return;
            }
            AttributedEvent event = new AttributedEvent(rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                    rs.getString(5), stage);
            rows.add(new Row(event, property == null ? null : PropertyValue.of(properties, property),
                    rs.getString(7) != null));
        }

        void flush(Consumer<ScannedJourney> each) {
            if (rows.isEmpty()) {
                return;
            }
            rows.sort(Comparator.comparing(Row::event, AttributedEvent.JOURNEY_ORDER));
            int first = 0;
            if (marked) {
                while (first < rows.size() && !rows.get(first).marked()) {
                    first++;
                }
            }
            List<AttributedEvent> events = new ArrayList<>(rows.size() - first);
            List<String> values = new ArrayList<>(rows.size() - first);
            for (Row row : rows.subList(first, rows.size())) {
                events.add(row.event());
                values.add(row.value());
            }
            rows.clear();
            if (!events.isEmpty()) {
                each.accept(new ScannedJourney(key, events, values));
            }
        }

        private JsonNode parse(String properties) {
            try {
                return mapper.readTree(properties);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored properties are not JSON", e);
            }
        }
    }
}

package dev.touchpoint.consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.touchpoint.attribution.JourneyAttributor;
import dev.touchpoint.funnel.CompiledFunnel;
import dev.touchpoint.funnel.FunnelCatalog;
import dev.touchpoint.ops.Meters;
import dev.touchpoint.support.ConversionCellsCheck;
import dev.touchpoint.support.Events;
import dev.touchpoint.support.FlowRollupCheck;
import dev.touchpoint.support.Funnels;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The incremental path through the real pipeline: long random journeys (ties, gaps beyond
 * P30D, a declared dimension) posted over HTTP in rounds, each round mostly the next events of
 * every journey, some held back and sent rounds later. The consumer applies appended events
 * from the stored rows and recomputes the rest whole; at the end every stored row of the funnel
 * must be exactly what recomputing every journey whole from its events writes, and the rollups
 * must count exactly the stored rows.
 */
@QuarkusTest
class AppendedEventsTest {

    private static final int STAGES = 4;
    private static final Instant DAY_0 = Instant.parse("2019-01-01T00:00:00Z");

    @Inject
    DataSource db;
    @Inject
    JourneyAttributor attributor;
    @Inject
    FunnelCatalog catalog;
    @Inject
    MeterRegistry registry;

    @Test
    void appendedAndLateEventsLeaveTheRowsOfTheWholeRecompute() {
        Random random = new Random(11);
        String prefix = "ap" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String funnel = Funnels.uniqueId("append");
        Funnels.create(Funnels.definition(funnel, prefix, STAGES).replaceFirst("}$", ",\"dimensions\":[\"campaign\"]}"));
        Funnels.awaitBackfillDone(funnel);
        double appendedBefore = count("appended");
        double wholeBefore = count("whole");

        int rounds = 6;
        List<List<String[]>> byRound = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            byRound.add(new ArrayList<>());
        }
        Set<String> customers = new TreeSet<>();
        int total = 0;
        for (int c = 0; c < 40; c++) {
            String customer = prefix + "-c" + c;
            customers.add(customer);
            int n = c < 4 ? 300 + random.nextInt(200) : 5 + random.nextInt(60);
            long micros = random.nextLong(10 * 86_400_000_000L);
            for (int i = 0; i < n; i++) {
                micros += switch (random.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(3_000_000);
                    case 2 -> random.nextLong(86_400_000_000L);
                    case 3 -> random.nextLong(4 * 86_400_000_000L);
                    default -> random.nextLong(35 * 86_400_000_000L);
                };
                int stage = random.nextInt(STAGES + 2) - 1; // -1: a type no rule matches
                String type = stage < 0 ? prefix + "_none" : prefix + "_" + (stage + 1);
                String campaign = random.nextInt(4) == 0 ? null : "{\"campaign\":\"k" + random.nextInt(3) + "\"}";
                // In order, round by round; one in ten held back for a later round.
                int round = Math.min(rounds - 1, i * rounds / n + (random.nextInt(10) == 0 ? 1 + random.nextInt(3) : 0));
                byRound.get(round).add(new String[] {customer, customer + "-e" + i, type, "ch" + random.nextInt(3),
                        DAY_0.plus(micros, ChronoUnit.MICROS).toString(), campaign});
                total++;
            }
        }
        int posted = 0;
        for (List<String[]> round : byRound) {
            Events events = new Events();
            round.forEach(p -> events.addWithProperties(p[0], p[1], p[2], p[3], p[4], p[5]));
            events.post();
            posted += round.size();
            int expected = posted;
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(prefix) == expected);
        }
        assertEquals(total, posted);
        assertTrue(count("appended") - appendedBefore > 100, "journeys applied from their stored rows");
        assertTrue(count("whole") - wholeBefore > 10, "journeys recomputed whole after a late event");

        List<String> visits = rows("select * from funnel_visit where funnel_id = ? order by journey_key, seq", funnel);
        List<String> starts = rows("select * from funnel_start where funnel_id = ? order by journey_key, start_event_id",
                funnel);
        List<String> sample = rows("select * from funnel_start_sample where funnel_id = ?"
                + " order by journey_key, start_event_id", funnel);
        assertTrue(visits.size() > 1000 && starts.size() > 300, visits.size() + " visits, " + starts.size() + " starts");
        FlowRollupCheck.assertRollupMatchesVisits(db, funnel);
        ConversionCellsCheck.assertCellsMatchStarts(db, funnel);

        CompiledFunnel compiled = catalog.refresh().stream().filter(f -> f.id().equals(funnel)).findFirst().orElseThrow();
        QuarkusTransaction.requiringNew().run(() -> attributor.recompute(customers, List.of(compiled)));
        assertEquals(rows("select * from funnel_visit where funnel_id = ? order by journey_key, seq", funnel), visits);
        assertEquals(rows("select * from funnel_start where funnel_id = ? order by journey_key, start_event_id", funnel),
                starts);
        assertEquals(rows("select * from funnel_start_sample where funnel_id = ? order by journey_key, start_event_id",
                funnel), sample);
    }

    private double count(String path) {
        var counter = registry.find(Meters.ATTRIBUTION_JOURNEYS).tag(Meters.TAG_PATH, path).counter();
        return counter == null ? 0 : counter.count();
    }

    private long stored(String prefix) {
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement("select count(*) from touchpoint where journey_key like ?")) {
            ps.setString(1, prefix + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every column of every row, as text (arrays by their elements). */
    private List<String> rows(String sql, String funnel) {
        List<String> rows = new ArrayList<>();
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, funnel);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.append(meta.getColumnName(i)).append('=')
                                .append(value instanceof Array a ? Arrays.toString((Object[]) a.getArray()) : value).append(' ');
                    }
                    rows.add(row.toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}

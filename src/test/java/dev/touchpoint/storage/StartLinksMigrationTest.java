package dev.touchpoint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.Start;
import dev.touchpoint.journey.StartLink;
import dev.touchpoint.journey.StartLinks;
import dev.touchpoint.journey.StartLinksTest;
import dev.touchpoint.journey.StartSample;

/**
 * Migration V5 links the starts stored before it exactly as attribution links new ones: rows
 * written in V4's shape, migrated, and read back equal {@link StartLinks} over the same starts.
 * On the database the suite runs against (H2 in memory, or a scratch schema of the PostgreSQL
 * test database).
 */
class StartLinksMigrationTest {

    private static final String SCHEMA = "start_links_migration";
    private static final String FUNNEL = "f";
    private static final int STAGES = 4;

    @Test
    void migratedRowsCarryTheLinksAttributionWouldWrite() throws SQLException {
        MigrationSchema schema = new MigrationSchema(SCHEMA);
        schema.migrateTo("4");

        Random random = new Random(11);
        Map<String, List<Start>> expected = new HashMap<>();
        try (Connection conn = schema.connect()) {
            try (PreparedStatement ps = conn.prepareStatement("insert into funnel_start (funnel_id, journey_key,"
                    + " start_event_id, start_at, channel, strict_ms, skip_ms) values (?, ?, ?, ?, 'web', ?, ?)")) {
                for (int j = 0; j < 200; j++) {
                    List<Start> starts = new ArrayList<>();
                    long t = 0;
                    for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                        t += random.nextInt(4) == 0 ? 0 : random.nextInt(20) * 43_200_000L;
                        Start r = StartLinksTest.randomStart("e" + (char) ('a' + random.nextInt(26)) + i, t, random);
                        starts.add(r);
                        int length = r.skipReached();
                        ps.setString(1, FUNNEL);
                        ps.setString(2, "j" + j);
                        ps.setString(3, r.startEventId());
                        ps.setObject(4, JourneyRows.utc(r.startAt()));
                        ps.setArray(5, conn.createArrayOf("bigint", StartTable.stored(r.strictDelayMs(), length)));
                        ps.setArray(6, conn.createArrayOf("bigint", StartTable.stored(r.skipDelayMs(), length)));
                        ps.addBatch();
                    }
                    starts.sort(Comparator.comparing(Start::startAt).thenComparing(Start::startEventId));
                    expected.put("j" + j, StartLinks.link(starts));
                }
                ps.executeBatch();
            }
        }

        schema.migrateTo("5");
        try (Connection conn = schema.connect()) {
            // The links as V5 left them, read by column: today's StartTable also reads columns of later migrations.
            Map<String, StartLink[]> stored = new HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("select journey_key, start_event_id, strict_level,"
                    + " strict_prev_at, strict_next_at, skip_level, skip_prev_at, skip_next_at from funnel_start"
                    + " where funnel_id = ?")) {
                ps.setString(1, FUNNEL);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1) + "/" + rs.getString(2),
                                new StartLink[] { StartTable.link(rs, 3), StartTable.link(rs, 6) });
                    }
                }
            }
            int starts = 0;
            for (Map.Entry<String, List<Start>> journey : expected.entrySet()) {
                for (Start start : journey.getValue()) {
                    StartLink[] links = stored.get(journey.getKey() + "/" + start.startEventId());
                    assertEquals(start.strictLink(), links[0], journey.getKey() + " strict " + start.startEventId());
                    assertEquals(start.skipLink(), links[1], journey.getKey() + " skip " + start.startEventId());
                    starts++;
                }
            }
            assertEquals(starts, stored.size(), "every start migrated once");
        }
        assertTrue(expected.keySet().stream().anyMatch(StartSample::includes), "some journeys must be sampled");
        assertCellsAfterV6(schema);
    }

    /**
     * Migration V6 creates the conversion cells and the sample empty and, rather than filling them
     * with attribution's code, empties every derived table and marks each funnel's backfill as
     * running over the stored journeys; the service lays the cursors at start-up
     * ({@code BackfillCursorsTest} checks that the re-attribution then ends where attribution would).
     */
    private static void assertCellsAfterV6(MigrationSchema schema) throws SQLException {
        try (Connection conn = schema.connect()) {
            try (Statement st = conn.createStatement()) {
                st.execute("insert into funnel (id, name, definition, version, created_at, updated_at, backfill_state,"
                        + " backfill_total, backfill_started_at, backfill_finished_at) values ('" + FUNNEL + "', 'F', '{}',"
                        + " 3, current_timestamp, current_timestamp, 'DONE', 0, current_timestamp, current_timestamp)");
                for (int i = 0; i < 5; i++) {
                    st.execute("insert into touchpoint (event_id, journey_key, type, channel, occurred_at, received_at,"
                            + " properties, source_key, source_via, partition_no) values ('t" + i + "', 'k" + (i % 3)
                            + "', 'purchase', 'web', current_timestamp, current_timestamp, '{}', 'write', 'header', 0)");
                }
                st.execute("insert into backfill_cursor (funnel_id, partition_no, funnel_version, last_key, journeys_done,"
                        + " finished) values ('" + FUNNEL + "', 0, 3, 'k2', 3, true)");
            }
        }
        schema.migrateTo("6");
        try (Connection conn = schema.connect(); Statement st = conn.createStatement()) {
            for (String table : List.of("funnel_start", "funnel_visit", "flow_rollup", "backfill_cursor", "conversion_cell",
                    "funnel_start_sample")) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    assertEquals(0, rs.getLong(1), table + " is emptied for re-attribution");
                }
            }
            try (ResultSet rs = st.executeQuery("select backfill_state, backfill_total, backfill_finished_at, version"
                    + " from funnel where id = '" + FUNNEL + "'")) {
                assertTrue(rs.next());
                assertEquals("RUNNING", rs.getString(1));
                assertEquals(3, rs.getLong(2), "the distinct journeys stored");
                assertNull(rs.getObject(3));
                assertEquals(3, rs.getInt(4), "the rules did not change, so neither does the version");
            }
        }
    }
}

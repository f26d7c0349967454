package dev.touchpoint.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.touchpoint.storage.KeyList;
import dev.touchpoint.support.ConversionCellsCheck;

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
        String url = System.getProperty("test.jdbc.url");
        boolean postgres = url != null && url.startsWith("jdbc:postgresql:");
        if (!postgres) {
            url = "jdbc:h2:mem:startlinks;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        }
        String user = postgres ? System.getProperty("test.jdbc.username", "postgres") : "sa";
        Flyway.configure().dataSource(url, user, "").schemas(SCHEMA).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(url, user, "").schemas(SCHEMA).target("4").load().migrate();

        Random random = new Random(11);
        Map<String, List<Reach>> expected = new HashMap<>();
        try (Connection conn = DriverManager.getConnection(url, user, "")) {
            useSchema(conn);
            try (PreparedStatement ps = conn.prepareStatement("insert into funnel_start (funnel_id, journey_key,"
                    + " start_event_id, start_at, channel, strict_ms, skip_ms) values (?, ?, ?, ?, 'web', ?, ?)")) {
                for (int j = 0; j < 200; j++) {
                    List<Reach> starts = new ArrayList<>();
                    long t = 0;
                    for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                        t += random.nextInt(4) == 0 ? 0 : random.nextInt(20) * 43_200_000L;
                        Reach r = StartLinksTest.randomStart("e" + (char) ('a' + random.nextInt(26)) + i, t, random);
                        starts.add(r);
                        int length = StartTable.reachedLevels(r.skipDelayMs());
                        ps.setString(1, FUNNEL);
                        ps.setString(2, "j" + j);
                        ps.setString(3, r.startEventId());
                        ps.setObject(4, JourneyRows.utc(r.startAt()));
                        ps.setArray(5, conn.createArrayOf("bigint", StartTable.stored(r.strictDelayMs(), length)));
                        ps.setArray(6, conn.createArrayOf("bigint", StartTable.stored(r.skipDelayMs(), length)));
                        ps.addBatch();
                    }
                    starts.sort(Comparator.comparing(Reach::startAt).thenComparing(Reach::startEventId));
                    expected.put("j" + j, StartLinks.link(starts));
                }
                ps.executeBatch();
            }
        }

        Flyway.configure().dataSource(url, user, "").schemas(SCHEMA).target("5").load().migrate();
        try (Connection conn = DriverManager.getConnection(url, user, "")) {
            useSchema(conn);
            Map<String, List<Reach>> stored = StartTable.select(conn, FUNNEL, new KeyList(List.copyOf(expected.keySet()),
                    postgres), STAGES);
            for (Map.Entry<String, List<Reach>> journey : expected.entrySet()) {
                List<Reach> actual = new ArrayList<>(stored.get(journey.getKey()));
                actual.sort(Comparator.comparing(Reach::startAt).thenComparing(Reach::startEventId));
                assertEquals(journey.getValue(), actual, journey.getKey());
            }
        }
        assertTrue(expected.keySet().stream().anyMatch(StartSample::includes), "some journeys must be sampled");
        assertCellsAfterV6(url, user);
    }

    /** Migration V6 fills the conversion cells and the sample exactly as attribution keeps them. */
    private static void assertCellsAfterV6(String url, String user) throws SQLException {
        Flyway.configure().dataSource(url, user, "").schemas(SCHEMA).target("6").load().migrate();
        try (Connection conn = DriverManager.getConnection(url, user, "")) {
            useSchema(conn);
            ConversionCellsCheck.assertCellsMatchStarts(conn, FUNNEL);
        }
    }

    private static void useSchema(Connection conn) throws SQLException {
        conn.setSchema(SCHEMA);
    }
}

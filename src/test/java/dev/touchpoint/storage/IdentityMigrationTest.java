package dev.touchpoint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Migration V8 resolves the identities of journeys stored before it: the earliest link of each
 * device owns it, the device's anonymous events join the owner's journey, a device without a
 * link stays alone, and with an owner found every funnel is re-attributed from the stored
 * events. On the database the suite runs against (H2 in memory, or a scratch schema of the
 * PostgreSQL test database).
 */
class IdentityMigrationTest {

    @Test
    void storedDevicesJoinTheirEarliestLinksCustomer() throws SQLException {
        MigrationSchema db = new MigrationSchema("identity_migration");
        db.migrateTo("7");
        try (Connection conn = db.connect(); Statement st = conn.createStatement()) {
            st.execute("insert into funnel (id, name, definition, version, created_at, updated_at, backfill_state,"
                    + " backfill_total, backfill_started_at, backfill_finished_at) values ('f', 'F', '{}',"
                    + " 1, current_timestamp, current_timestamp, 'DONE', 0, current_timestamp, current_timestamp)");
            // phone: two views, then links to ann (day 3) and, earlier in time though stored later, to bob (day 2).
            insert(st, "v1", "phone", null, "phone", "2025-01-01");
            insert(st, "v2", "phone", null, "phone", "2025-01-04");
            insert(st, "l-ann", "ann", "ann", "phone", "2025-01-03");
            insert(st, "l-bob", "bob", "bob", "phone", "2025-01-02");
            insert(st, "own", "ann", "ann", null, "2025-01-05");
            insert(st, "alone", "tablet", null, "tablet", "2025-01-01");
            st.execute("insert into funnel_visit (funnel_id, journey_key, seq, stage, entered_at, channel, first_event_id,"
                    + " event_count, cycle, entered_day) values ('f', 'phone', 0, 0, timestamp with time zone"
                    + " '2025-01-01 00:00:00+00', 'web', 'v1', 1, 0, 20089)");
        }
        db.migrateTo("8");
        try (Connection conn = db.connect(); Statement st = conn.createStatement()) {
            assertEquals(List.of("alone=tablet", "l-ann=ann", "l-bob=bob", "own=ann", "v1=bob", "v2=bob"),
                    rows(st, "select event_id || '=' || journey_key from touchpoint order by event_id"));
            assertEquals(List.of("phone=bob:event:l-bob"), rows(st, "select anonymous_id || '=' || customer_id || ':' || kind"
                    + " || ':' || link_event_id from identity_owner"));
            assertEquals(List.of("l-ann", "l-bob"), rows(st, "select event_id from identity_link order by event_id"));
            assertEquals(List.of("RUNNING:3"), rows(st, "select backfill_state || ':' || backfill_total from funnel"),
                    "three journeys now (bob, ann and the tablet), each in one partition");
            assertEquals(List.of("0"), rows(st, "select count(*) from funnel_visit"), "derived rows are rebuilt by the backfill");
        }
    }

    private static void insert(Statement st, String eventId, String journeyKey, String customer, String anonymous, String day)
            throws SQLException {
        st.execute("insert into touchpoint (event_id, journey_key, customer_id, anonymous_id, type, channel, occurred_at,"
                + " received_at, properties, source_key, source_via, partition_no) values ('" + eventId + "', '" + journeyKey
                + "', " + quoted(customer) + ", " + quoted(anonymous) + ", 'page_view', 'web', timestamp with time zone '"
                + day + " 00:00:00+00', current_timestamp, '{}', 'write', 'header', 0)");
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}

package dev.touchpoint.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.touchpoint.journey.Start;

/** How delay arrays are cut for storage and padded back; the round trip goes through a real H2 array. */
class StartTableTest {

    private static final long N = Start.NOT_REACHED;

    @Test
    void storedArraysEndWithTheLastLevelSkipModeReaches() {
        long[] strict = {0, 10, N, N};
        long[] skip = {0, 10, 25, N};
        int length = new Start("a", Instant.EPOCH, "web", strict, skip, strict.clone(), skip.clone()).skipReached();
        assertEquals(3, length);
        assertArrayEquals(new Long[] {0L, 10L, null}, StartTable.stored(strict, length));
        assertArrayEquals(new Long[] {0L, 10L, 25L}, StartTable.stored(skip, length));
    }

    @Test
    void readBackPadsToOneDelayPerStage() throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:h2:mem:starts")) {
            var array = conn.createArrayOf("bigint", new Long[] {0L, 10L, null});
            assertArrayEquals(new long[] {0, 10, N, N, N}, StartTable.delays(array, 5));
        }
    }
}

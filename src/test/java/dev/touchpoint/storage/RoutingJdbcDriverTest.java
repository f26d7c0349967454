package dev.touchpoint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class RoutingJdbcDriverTest {

    @Test
    void relativeH2PathsBecomeAbsoluteAndKeepTheirOptions() {
        String url = RoutingJdbcDriver.absoluteH2Path("jdbc:h2:file:data/db/touchpoint;MODE=PostgreSQL");
        assertEquals("jdbc:h2:file:" + Path.of("data/db/touchpoint").toAbsolutePath().normalize() + ";MODE=PostgreSQL", url);
        assertEquals("jdbc:postgresql://db/x", RoutingJdbcDriver.absoluteH2Path("jdbc:postgresql://db/x"));
    }

    @Test
    void postgresBatchesAreRewrittenUnlessTheUserSaysOtherwise() {
        Properties given = new Properties();
        given.setProperty("user", "touchpoint");
        Properties used = RoutingJdbcDriver.withBatchRewrite("jdbc:postgresql://db/x", given);
        assertEquals("true", used.getProperty("reWriteBatchedInserts"));
        assertEquals("touchpoint", used.getProperty("user"));
        assertNull(given.getProperty("reWriteBatchedInserts"), "the caller's properties are not changed");

        Properties off = new Properties();
        off.setProperty("reWriteBatchedInserts", "false");
        assertEquals("false", RoutingJdbcDriver.withBatchRewrite("jdbc:postgresql://db/x", off).getProperty("reWriteBatchedInserts"));
        assertTrue(RoutingJdbcDriver.withBatchRewrite("jdbc:postgresql://db/x?reWriteBatchedInserts=false", new Properties())
                .isEmpty(), "a setting in the URL wins");
    }
}

package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;

/**
 * A scratch schema for migration tests, on the database the suite runs against: a schema of
 * the PostgreSQL test database ({@code -Ppostgres}), else an in-memory H2 database in
 * PostgreSQL mode. Emptied when created; migrated to a chosen version at a time.
 */
final class MigrationSchema {

    private final String url;
    private final String user;
    private final String schema;
    final boolean postgres;

    MigrationSchema(String schema) {
        String configured = System.getProperty("test.jdbc.url");
        this.postgres = configured != null && configured.startsWith("jdbc:postgresql:");
        this.url = postgres ? configured : "jdbc:h2:mem:" + schema
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        this.user = postgres ? System.getProperty("test.jdbc.username", "postgres") : "sa";
        this.schema = schema;
        Flyway.configure().dataSource(url, user, "").schemas(schema).cleanDisabled(false).load().clean();
    }

    void migrateTo(String version) {
        Flyway.configure().dataSource(url, user, "").schemas(schema).target(version).load().migrate();
    }

    /** A connection whose current schema is this one. */
    Connection connect() throws SQLException {
        Connection conn = DriverManager.getConnection(url, user, "");
        conn.setSchema(schema);
        return conn;
    }
}

package dev.touchpoint.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

/**
 * The benchmarks' own PostgreSQL database (default {@code touchpoint_bench} on
 * 127.0.0.1:5432, user postgres, trust authentication; {@code -Dbench.pg.url},
 * {@code -Dbench.pg.user}): recreated empty, reset between runs, and exported with COPY.
 */
final class BenchDatabase {

    static final String SERVER = System.getProperty("bench.pg.server", "jdbc:postgresql://127.0.0.1:5432/");
    static final String NAME = System.getProperty("bench.pg.database", "touchpoint_bench");
    static final String USER = System.getProperty("bench.pg.user", "postgres");

    private BenchDatabase() {
    }

    static String url() {
        return SERVER + NAME;
    }

    static Connection connect() throws SQLException {
        Connection conn = DriverManager.getConnection(url(), USER, "");
        try (Statement st = conn.createStatement()) {
            st.execute("set timezone = 'UTC'");
        }
        return conn;
    }

    /** Drops and creates the database; the service creates its schema on first start. */
    static void recreate() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement st = admin.createStatement()) {
            st.execute("drop database if exists " + NAME + " with (force)");
            st.execute("create database " + NAME);
        }
    }

    /** Empties what the consumer writes (events, derived rows and the rollups, offsets); funnels stay. */
    static void resetConsumed() throws SQLException {
        try (Connection conn = connect(); Statement st = conn.createStatement()) {
            st.execute("truncate touchpoint, funnel_visit, funnel_start, funnel_start_sample, flow_rollup, conversion_cell,"
                    + " step_time_cell, dimension_rollup, credit_rollup, consumer_offset, identity_link, identity_owner,"
                    + " identity_block, identity_explicit");
        }
    }

    /** Sum of the next offsets the consumer stored for the topic: events consumed and committed. */
    static long committed(Connection conn, String topic) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("select coalesce(sum(next_offset), 0) from consumer_offset where topic = '"
                        + topic + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long count(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /** {@code COPY (query) TO STDOUT (FORMAT csv)} into a file; returns the rows. */
    static long exportCsv(Connection conn, String query, Path file) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return conn.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (" + query + ") to stdout (format csv)", out);
        }
    }

    /** {@code COPY table FROM STDIN (FORMAT csv)} from a file; returns the rows. */
    static long importCsv(Connection conn, String table, Path file) throws Exception {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return conn.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin (format csv)", in);
        }
    }
}

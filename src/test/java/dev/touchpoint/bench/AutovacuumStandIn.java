package dev.touchpoint.bench;

import java.sql.Connection;

/**
 * Does for the benchmark database what PostgreSQL's autovacuum does in production: ANALYZE
 * the tables the consumer writes every 5 seconds (autovacuum analyzes a table once a tenth of
 * it changed, which a growing table reaches every few seconds) and VACUUM them every minute. The
 * PostgreSQL on the development machines runs with {@code autovacuum = off}; without it the
 * tables never get statistics, and the consumer's and the queries' plans degrade to scans
 * (a journey load becomes a sequential scan of {@code touchpoint}), which production would
 * not see after its first minute.
 */
final class AutovacuumStandIn implements AutoCloseable {

    /** Every table the consumer writes, the identity tables included: without statistics their lookups by id scan. */
    private static final String TABLES = "touchpoint, funnel_visit, funnel_start, funnel_start_sample, flow_rollup,"
            + " conversion_cell, step_time_cell, dimension_rollup, credit_rollup, identity_link, identity_owner,"
            + " identity_block, identity_explicit";

    private final Thread thread;
    private volatile boolean running = true;

    private AutovacuumStandIn() {
        thread = new Thread(this::run, "bench-autovacuum-stand-in");
        thread.setDaemon(true);
    }

    static AutovacuumStandIn start() {
        AutovacuumStandIn standIn = new AutovacuumStandIn();
        standIn.thread.start();
        return standIn;
    }

    /** VACUUM and ANALYZE once, now: the state autovacuum leaves a table in once writes stop. */
    static void settle() throws Exception {
        try (Connection conn = BenchDatabase.connect()) {
            BenchDatabase.execute(conn, "vacuum (analyze) " + TABLES);
        }
    }

    private void run() {
        try (Connection conn = BenchDatabase.connect()) {
            for (int tick = 1; running; tick++) {
                for (int i = 0; i < 50 && running; i++) {
                    Thread.sleep(100);
                }
                if (running) {
                    BenchDatabase.execute(conn, (tick % 12 == 0 ? "vacuum (analyze) " : "analyze ") + TABLES);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("autovacuum stand-in stopped: " + e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(60_000);
    }
}

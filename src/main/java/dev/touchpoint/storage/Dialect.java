package dev.touchpoint.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which SQL the database speaks, decided once from the JDBC URL and injected wherever SQL
 * differs: PostgreSQL (production) or H2 in its PostgreSQL mode (standalone). One build serves
 * both (see {@link RoutingJdbcDriver}); no other class inspects the URL.
 */
@ApplicationScoped
public class Dialect {

    private final boolean postgres;

    @Inject
    public Dialect(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.postgres = RoutingJdbcDriver.isPostgres(jdbcUrl);
    }

    public boolean postgres() {
        return postgres;
    }

    /** Journey or event keys bound as one parameter: an array on PostgreSQL, a list of placeholders on H2. */
    public KeyList keys(List<String> keys) {
        return new KeyList(keys, postgres);
    }

    /**
     * Journey keys per statement. PostgreSQL looks an array of keys up in the (funnel_id,
     * journey_key, ...) indexes, so one statement serves a whole batch; H2 uses only their
     * funnel_id prefix for a list and tests every row of the funnel against it, which grows with
     * the tables, but looks a single key up directly: so one key per statement there (in
     * process, a statement costs microseconds).
     */
    public int keysPerStatement() {
        return postgres ? 10_000 : 1;
    }

    /**
     * The row lock writers share. H2 has no shared row lock, so there every writer takes it
     * exclusively (standalone runs one consumer thread anyway).
     */
    public String sharedRowLock() {
        return postgres ? "for share" : "for update";
    }
}

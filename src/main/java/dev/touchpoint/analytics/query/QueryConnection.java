package dev.touchpoint.analytics.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import dev.touchpoint.config.TouchpointConfig;
import dev.touchpoint.storage.Dialect;

/**
 * The connection of the caller's transaction for the metric queries, with the settings each
 * query transaction runs with on PostgreSQL ({@code touchpoint.query.work-mem}, no JIT)
 * applied first.
 */
@ApplicationScoped
public class QueryConnection {

    private static final Pattern MEMORY_SIZE = Pattern.compile("[1-9][0-9]{0,6}(kB|MB|GB)");

    /** Work on the connection. */
    public interface Work {
        void run(Connection conn) throws SQLException;
    }

    private final EntityManager em;
    private final boolean postgres;
    /** The statement run before each query on PostgreSQL (settings local to the transaction); null on H2. */
    private final String querySettings;

    @Inject
    public QueryConnection(EntityManager em, TouchpointConfig config, Dialect dialect) {
        this.em = em;
        this.postgres = dialect.postgres();
        String workMem = config.query().workMem();
        if (!MEMORY_SIZE.matcher(workMem).matches()) {
            throw new IllegalArgumentException("touchpoint.query.work-mem must be a PostgreSQL memory size such as 128MB, not "
                    + workMem);
        }
        // JIT compiling a query costs PostgreSQL about half a second here and saves less than that.
        this.querySettings = postgres
                ? "select set_config('work_mem', '" + workMem + "', true), set_config('jit', 'off', true)"
                : null;
    }

    public boolean postgres() {
        return postgres;
    }

    /** Runs {@code work} after applying the query settings. */
    public void run(Work work) {
        run("", work);
    }

    /**
     * @param more further {@code , set_config(...)} calls for this query's transaction; PostgreSQL only
     */
    public void run(String more, Work work) {
        em.unwrap(Session.class).doWork(conn -> {
            if (querySettings != null) {
                try (Statement st = conn.createStatement()) {
                    st.execute(querySettings + more);
                }
            }
            work.run(conn);
        });
    }
}

package dev.touchpoint.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Lets one build talk to H2 or PostgreSQL, chosen at run time by the JDBC URL.
 * <p>
 * Quarkus fixes the JDBC driver class at build time, yet Touchpoint's standalone default is
 * an H2 file database while production runs on PostgreSQL with the same jar. This driver
 * hands each URL to the driver that understands it. Hibernate always uses its PostgreSQL
 * dialect; H2 runs in its PostgreSQL compatibility mode (see application.properties), and
 * every migration and native query is written to work on both.
 */
public final class RoutingJdbcDriver implements Driver {

    private final Driver h2 = new org.h2.Driver();
    private final Driver postgresql = new org.postgresql.Driver();

    private static final String POSTGRESQL = "jdbc:postgresql:";

    /** Whether this JDBC URL is PostgreSQL's (else H2's): the one test of which database the code speaks to. */
    public static boolean isPostgres(String url) {
        return url != null && url.startsWith(POSTGRESQL);
    }

    private Driver target(String url) throws SQLException {
        if (url != null && url.startsWith("jdbc:h2:")) {
            return h2;
        }
        if (isPostgres(url)) {
            return postgresql;
        }
        throw new SQLException("Unsupported JDBC URL (use jdbc:h2: or jdbc:postgresql:): " + url);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return isPostgres(url) ? postgresql.connect(url, withBatchRewrite(url, info))
                : h2.connect(absoluteH2Path(url), info);
    }

    private static final String REWRITE = "reWriteBatchedInserts";

    /**
     * The consumer inserts thousands of visit and start rows per transaction as JDBC batches;
     * rewritten into multi-row inserts PostgreSQL takes them several times faster than one
     * statement per row. On unless the URL or the properties say otherwise.
     */
    static Properties withBatchRewrite(String url, Properties info) {
        if (url.contains(REWRITE + "=") || (info != null && info.containsKey(REWRITE))) {
            return info;
        }
        Properties withRewrite = new Properties();
        if (info != null) {
            withRewrite.putAll(info);
        }
        withRewrite.setProperty(REWRITE, "true");
        return withRewrite;
    }

    private static final String H2_FILE = "jdbc:h2:file:";

    /**
     * touchpoint.data-dir may be relative ("data"), which H2 refuses in a URL: resolve it
     * against the working directory, as every other path under the data directory is.
     */
    static String absoluteH2Path(String url) {
        if (!url.startsWith(H2_FILE)) {
            return url;
        }
        String rest = url.substring(H2_FILE.length());
        int options = rest.indexOf(';');
        String path = options < 0 ? rest : rest.substring(0, options);
        if (path.startsWith("~")) {
            return url;
        }
        return H2_FILE + Path.of(path).toAbsolutePath().normalize() + (options < 0 ? "" : rest.substring(options));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && (url.startsWith("jdbc:h2:") || isPostgres(url));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return target(url).getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}

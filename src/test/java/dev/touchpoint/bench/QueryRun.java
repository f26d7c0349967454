package dev.touchpoint.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metric queries of the service beside the same figures computed from the raw events by
 * DuckDB and by PostgreSQL ({@link RawSql}), over one fixed range, after checking that all
 * three answer exactly the same.
 */
final class QueryRun {

    /** Step windows of the bench funnel's four steps, for the step-window conversion queries. */
    static final String STEP_WINDOWS = "P1D,P3D,P7D,P7D";

    /** Flow by the property the bench funnel declares as a dimension (a handful of campaigns). */
    static final String DECLARED = "flow?breakdown=property:" + BenchFunnel.DIMENSION + "&limit=100";
    /** Flow by a property it does not declare (1,000 values: 100 listed and the other group). */
    static final String UNDECLARED = "flow?breakdown=property:value&limit=100";

    /** The queries, by the name the report shows. */
    static final List<String> QUERIES = List.of("flow", "conversion?mode=strict", "conversion?mode=skip", "trends?interval=day",
            "conversion?mode=strict&stepWindows=" + STEP_WINDOWS, "conversion?mode=skip&stepWindows=" + STEP_WINDOWS,
            DECLARED, UNDECLARED, "channels?model=linear", "channels?model=markov&target=buy");

    /**
     * The queries this run times and checks: {@code -Dbench.queries=…}, names as in {@link #QUERIES}
     * separated by {@code ;} (they hold commas), every one when unset. A 10M-event run picks a few,
     * since plain PostgreSQL takes hours over some of them at that size.
     */
    static List<String> selected() {
        String names = System.getProperty("bench.queries", "");
        if (names.isBlank()) {
            return QUERIES;
        }
        List<String> picked = java.util.Arrays.stream(names.split(";")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        for (String name : picked) {
            if (!QUERIES.contains(name)) {
                throw new IllegalArgumentException("bench.queries: no query " + name + "; the queries are " + QUERIES);
            }
        }
        return picked;
    }

    /** The raw-event engines beside the service: {@code -Dbench.rawEngines=duckdb,postgres} (both when unset). */
    static List<String> rawEngines() {
        List<String> engines = List.of(System.getProperty("bench.rawEngines", "duckdb,postgres").split(","));
        if (engines.isEmpty() || !List.of("duckdb", "postgres").containsAll(engines)) {
            throw new IllegalArgumentException("bench.rawEngines: duckdb and/or postgres, not " + engines);
        }
        return engines;
    }

    private final ServiceMetrics service;
    private final Instant from;
    private final Instant to;
    private final long windowMs;
    private Connection postgres;
    private Connection duckdb;

    QueryRun(ServiceMetrics service, Instant from, Instant to, long windowMs) {
        this.service = service;
        this.from = from;
        this.to = to;
        this.windowMs = windowMs;
    }

    /** Connects to PostgreSQL and loads DuckDB (in memory) from a COPY export of the raw events. */
    void open(Path exportFile) throws Exception {
        postgres = BenchDatabase.connect();
        // The ids as posted, not the service's journey_key: each engine resolves identity itself.
        long rows = BenchDatabase.exportCsv(postgres, "select customer_id, anonymous_id, event_id, type,"
                + " channel, (extract(epoch from occurred_at) * 1000)::bigint, properties::json->>'campaign',"
                + " properties::json->>'value' from touchpoint", exportFile);
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = duckdb.createStatement()) {
            st.execute("create table touchpoint as select * from read_csv('" + exportFile + "', header = false,"
                    + " columns = {'customer_id': 'VARCHAR', 'anonymous_id': 'VARCHAR', 'event_id': 'VARCHAR', 'type': 'VARCHAR',"
                    + " 'channel': 'VARCHAR', 'ms': 'BIGINT', 'p_campaign': 'VARCHAR', 'p_value': 'VARCHAR'})");
        }
        System.out.printf("DuckDB loaded %d raw events exported from PostgreSQL%n", rows);
    }

    void close() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        if (duckdb != null) {
            duckdb.close();
        }
    }

    /** Runs every selected query once on the service and each raw engine and fails loudly unless all agree exactly. */
    Map<String, Object> checkAgreement() throws Exception {
        Map<String, Object> answers = new LinkedHashMap<>();
        List<String> engines = rawEngines();
        for (String query : selected()) {
            Object fromService = parse(query, service.get(ServiceMetrics.path(BenchFunnel.ID, query, from, to)));
            Object fromPostgres = engines.contains("postgres") ? raw(query, postgres, RawSql.Dialect.POSTGRES) : fromService;
            Object fromDuckdb = engines.contains("duckdb") ? raw(query, duckdb, RawSql.Dialect.DUCKDB) : fromService;
            if (!same(fromService, fromPostgres) || !same(fromService, fromDuckdb)) {
                throw new AssertionError("the answers to " + query + " differ:\n service:    " + fromService
                        + "\n PostgreSQL: " + fromPostgres + "\n DuckDB:     " + fromDuckdb);
            }
            answers.put(query, fromService);
        }
        return answers;
    }

    /** Latencies in ms of {@code reps} timed calls of one query on one engine, after {@code warmups} untimed. */
    List<Double> time(String engine, String query, int warmups, int reps) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < warmups + reps; i++) {
            long started = System.nanoTime();
            switch (engine) {
                case "service" -> service.get(ServiceMetrics.path(BenchFunnel.ID, query, from, to));
                case "duckdb" -> raw(query, duckdb, RawSql.Dialect.DUCKDB);
                case "postgres" -> raw(query, postgres, RawSql.Dialect.POSTGRES);
                default -> throw new IllegalArgumentException(engine);
            }
            if (i >= warmups) {
                millis.add(Samples.millisSince(started));
            }
        }
        return millis;
    }

    private Object raw(String query, Connection conn, RawSql.Dialect dialect) throws Exception {
        RawSql sql = new RawSql(dialect, from.toEpochMilli(), to.toEpochMilli(), windowMs);
        return switch (query) {
            case "flow" -> sql.flow(conn);
            case "conversion?mode=strict" -> sql.conversion(conn, false);
            case "conversion?mode=skip" -> sql.conversion(conn, true);
            case "trends?interval=day" -> sql.trends(conn);
            case DECLARED -> sql.flowByProperty(conn, "p_campaign", 100);
            case UNDECLARED -> sql.flowByProperty(conn, "p_value", 100);
            case "channels?model=linear" -> sql.credit(conn);
            case "channels?model=markov&target=buy" -> sql.markov(conn, BenchFunnel.STAGES.indexOf("buy"));
            default -> {
                if (!query.contains("&stepWindows=")) {
                    throw new IllegalArgumentException(query);
                }
                long[] stepMs = java.util.Arrays.stream(STEP_WINDOWS.split(","))
                        .mapToLong(d -> java.time.Duration.parse(d).toMillis()).toArray();
                yield sql.stepConversion(conn, query.contains("mode=skip"), stepMs);
            }
        };
    }

    private static boolean same(Object service, Object raw) {
        return service instanceof Figures.Credit credit ? credit.agrees(raw) : Objects.equals(service, raw);
    }

    private static Object parse(String query, String body) throws Exception {
        if (query.startsWith("channels")) {
            return query.contains("markov") ? ServiceMetrics.markov(body) : ServiceMetrics.credit(body);
        }
        return query.contains("breakdown=property") ? ServiceMetrics.flowByProperty(body)
                : query.startsWith("flow") ? ServiceMetrics.flow(body)
                : query.startsWith("conversion") ? ServiceMetrics.conversion(body) : ServiceMetrics.trends(body);
    }
}

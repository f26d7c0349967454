package dev.touchpoint.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rows gathered as one PostgreSQL array per column, for a statement that takes them with
 * {@code unnest(?, ?, …)}: one statement (and one plan) per batch instead of a JDBC batch,
 * which the driver rewrites into a multi-row statement per 128 rows at best.
 */
final class ArrayColumns {

    private final String[] types;
    private final List<List<Object>> columns = new ArrayList<>();

    /** @param types the arrays' PostgreSQL element types, one per column */
    ArrayColumns(String... types) {
        this.types = types;
        for (int c = 0; c < types.length; c++) {
            columns.add(new ArrayList<>());
        }
    }

    /** Adds a row, its values in column order; an {@link Instant} goes as {@link #timestampText}. */
    void add(Object... row) {
        for (int c = 0; c < types.length; c++) {
            columns.get(c).add(row[c] instanceof Instant at ? timestampText(at) : row[c]);
        }
    }

    boolean isEmpty() {
        return columns.get(0).isEmpty();
    }

    /** Binds the arrays to parameters {@code first}, {@code first + 1}, …; returns the next parameter's index. */
    int bind(Connection conn, PreparedStatement ps, int first) throws SQLException {
        for (int c = 0; c < types.length; c++) {
            ps.setArray(first + c, array(conn, types[c], columns.get(c)));
        }
        return first + types.length;
    }

    /**
     * A PostgreSQL array of these values (nulls allowed), as an array of the element type's own
     * Java class: the driver sends those in the binary format, where an {@code Object[]} goes as
     * text that it builds and the server parses, element by element. Instants go as text
     * ({@link #timestampText}), which the driver has no binary form for.
     *
     * @param type the element type: int8, int4, int2, bool, varchar or timestamptz
     */
    static java.sql.Array array(Connection conn, String type, List<?> values) throws SQLException {
        int n = values.size();
        Object[] typed = switch (type) {
            case "int8" -> new Long[n];
            case "int4" -> new Integer[n];
            case "int2" -> new Short[n];
            case "bool" -> new Boolean[n];
            case "varchar", "timestamptz" -> new String[n];
            default -> throw new IllegalArgumentException("no array of " + type);
        };
        Function<Object, Object> element = switch (type) {
            case "int8" -> v -> ((Number) v).longValue();
            case "int4" -> v -> ((Number) v).intValue();
            case "int2" -> v -> ((Number) v).shortValue();
            default -> v -> v;
        };
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            typed[i] = v == null ? null : element.apply(v);
        }
        return conn.createArrayOf(type, typed);
    }

    /** {@code ?, ?, …}: a parameter per column, for the statement's {@code unnest}. */
    String parameters() {
        return "?, ".repeat(types.length - 1) + "?";
    }

    /**
     * An instant as the text of a PostgreSQL timestamptz: rounded half up to the microsecond, as
     * the driver rounds a bound {@link java.time.OffsetDateTime} (the server's own parse of more
     * digits would round half to even).
     */
    static String timestampText(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        return (instant.getNano() % 1000 > 499 ? micros.plusNanos(1000) : micros).toString();
    }
}

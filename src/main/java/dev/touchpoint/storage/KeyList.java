package dev.touchpoint.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Journey keys to match in a where clause: one array parameter on PostgreSQL (one plan and
 * one bind whatever the count), an {@code in} list of parameters on H2.
 */
public record KeyList(List<String> keys, boolean postgres) {

    /** The condition on {@code column}; bind it with {@link #bind}. */
    public String match(String column) {
        return postgres ? column + " = any(?)" : column + " in (" + String.join(",", Collections.nCopies(keys.size(), "?")) + ")";
    }

    /** Binds the keys from parameter {@code first} on; returns the next parameter's index. */
    public int bind(PreparedStatement ps, int first) throws SQLException {
        if (postgres) {
            ps.setArray(first, ps.getConnection().createArrayOf("varchar", keys.toArray(new String[0])));
            return first + 1;
        }
        for (int i = 0; i < keys.size(); i++) {
            ps.setString(first + i, keys.get(i));
        }
        return first + keys.size();
    }
}

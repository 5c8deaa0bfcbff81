package dev.lockstep.flow;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Database effects over JDBC: a key-value view of tables ({@link #get}, {@link #put}, {@link
 * #delete}, {@link #scan}) and plain SQL ({@link #query}, {@link #update}). Embedded SQLite by
 * default ({@link #sqlite(Path)}); any JDBC URL (PostgreSQL when configured) through {@link
 * #jdbc}. Each attempt opens its own connection on a virtual thread (interrupted if cancelled).
 *
 * <p>Key-value tables are {@code (k TEXT PRIMARY KEY, v BLOB)} ({@code BYTEA} on PostgreSQL, which
 * has no BLOB type), created on first use; values are
 * the bytes of the slot's codec. {@link #put} and {@link #delete} take an idempotency key: the
 * first attempt that commits records the key in {@code flow_idempotency} in the same transaction,
 * and any later attempt (a retry after a lost reply, a replayed request) with the same key commits
 * nothing and succeeds. A null key means no idempotency.
 */
public final class Db {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** Rows of a key-value scan, in key order. */
    public record Entries(List<Entry> entries) {
        public Entries {
            entries = List.copyOf(entries);
        }
    }

    /** One key and its value bytes. */
    public record Entry(String key, byte[] value) {}

    /** The rows of a query: column name to value (JDBC's object for the column), in column order. */
    public record Rows(List<Map<String, Object>> rows) {
        public Rows {
            rows = List.copyOf(rows);
        }
    }

    private final String url;
    private final Properties props;
    private final String bytesType;

    private Db(String url, Properties props) {
        this.url = url;
        this.props = props;
        this.bytesType = url.startsWith("jdbc:postgresql:") ? "BYTEA" : "BLOB";
    }

    /** An embedded SQLite database in {@code file} (created if missing), waiting up to 5 s on locks. */
    public static Db sqlite(Path file) {
        Properties p = new Properties();
        p.setProperty("busy_timeout", "5000");
        p.setProperty("journal_mode", "WAL");
        return new Db("jdbc:sqlite:" + file.toAbsolutePath(), p);
    }

    /** Any JDBC database, for example {@code jdbc:postgresql://host/db}. */
    public static Db jdbc(String url, String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return new Db(url, p);
    }

    /** A connection of this database (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    /** Effect: the value under {@code key} in {@code table} lands in {@code into}; a miss leaves it empty. */
    public <T> Effect<T> get(String effect, String table, String key, Slot<T> into) {
        String t = ident(table);
        return effect(effect, "db.get", t + "/" + key, into, c -> {
            ensureTable(c, t);
            try (PreparedStatement s = c.prepareStatement("SELECT v FROM " + t + " WHERE k = ?")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getBytes(1) : null;
                }
            }
        });
    }

    /** Effect: stores {@code value} under {@code key}, at most once per {@code idempotencyKey}. */
    public <T> Effect<Void> put(String effect, String table, String key, Slot<T> slot, T value, String idempotencyKey) {
        String t = ident(table);
        byte[] bytes = slot.codec().encode(value);
        return effect(
                effect,
                "db.put",
                t + "/" + key,
                null,
                c -> transaction(c, t, idempotencyKey, () -> {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + t + "(k, v) VALUES (?, ?) "
                            + "ON CONFLICT(k) DO UPDATE SET v = excluded.v")) {
                        s.setString(1, key);
                        s.setBytes(2, bytes);
                        s.executeUpdate();
                    }
                }));
    }

    /** Effect: removes {@code key}, at most once per {@code idempotencyKey}; succeeds if it was absent. */
    public Effect<Void> delete(String effect, String table, String key, String idempotencyKey) {
        String t = ident(table);
        return effect(
                effect,
                "db.delete",
                t + "/" + key,
                null,
                c -> transaction(c, t, idempotencyKey, () -> {
                    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + t + " WHERE k = ?")) {
                        s.setString(1, key);
                        s.executeUpdate();
                    }
                }));
    }

    /** Effect: the entries whose key starts with {@code prefix}, in key order, at most {@code limit}. */
    public Effect<Entries> scan(String effect, String table, String prefix, int limit, Slot<Entries> into) {
        String t = ident(table);
        return effect(effect, "db.scan", t + "/" + prefix + "*", into, c -> {
            ensureTable(c, t);
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT k, v FROM " + t + " WHERE substr(k, 1, ?) = ? ORDER BY k LIMIT ?")) {
                s.setInt(1, prefix.length());
                s.setString(2, prefix);
                s.setInt(3, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Entry(r.getString(1), r.getBytes(2)));
                    }
                }
            }
            return new Entries(out);
        });
    }

    /** Effect: runs query {@code sql} with positional {@code params}; the rows land in {@code into}. */
    public Effect<Rows> query(String effect, String sql, List<?> params, Slot<Rows> into) {
        return effect(effect, "db.query", sql, into, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                try (ResultSet r = s.executeQuery()) {
                    ResultSetMetaData md = r.getMetaData();
                    List<Map<String, Object>> rows = new ArrayList<>();
                    while (r.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.put(md.getColumnLabel(i), r.getObject(i));
                        }
                        rows.add(row);
                    }
                    return new Rows(rows);
                }
            }
        });
    }

    /** Effect: runs statement {@code sql}; the update count (a Long) lands in {@code into} (may be null). */
    public Effect<Long> update(String effect, String sql, List<?> params, Slot<Long> into) {
        return effect(effect, "db.update", sql, into, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                return (long) s.executeUpdate();
            }
        });
    }

    // ---- plumbing ----

    @FunctionalInterface
    private interface Work {
        Object run(Connection c) throws Exception;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws SQLException;
    }

    private <T> Effect<T> effect(String name, String kind, String target, Slot<T> into, Work work) {
        return new Effect<>(
                name,
                kind,
                target,
                into,
                true,
                null,
                RetryPolicy.NONE,
                attempt -> Blocking.start(name, () -> {
                    try (Connection c = connect()) {
                        return work.run(c);
                    }
                }));
    }

    private Object transaction(Connection c, String table, String idempotencyKey, Body body) throws SQLException {
        ensureTable(c, table);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS flow_idempotency (key TEXT PRIMARY KEY, target TEXT)");
        }
        c.setAutoCommit(false);
        try {
            if (idempotencyKey != null) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO flow_idempotency(key, target) VALUES (?, ?) ON CONFLICT(key) DO NOTHING")) {
                    s.setString(1, idempotencyKey);
                    s.setString(2, table);
                    if (s.executeUpdate() == 0) { // idempotencyKeySpentOnce: already applied, commit nothing
                        c.rollback();
                        return null;
                    }
                }
            }
            body.run();
            c.commit();
            return null;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private void ensureTable(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS " + table + " (k TEXT PRIMARY KEY, v " + bytesType + ")");
        }
    }

    private static void bind(PreparedStatement s, List<?> params) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
    }

    private static String ident(String table) {
        if (table == null || !IDENT.matcher(table).matches()) {
            throw new IllegalArgumentException("table name '" + table + "' is not a plain identifier");
        }
        return table;
    }
}

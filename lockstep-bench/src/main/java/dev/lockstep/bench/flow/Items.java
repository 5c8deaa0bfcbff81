package dev.lockstep.bench.flow;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite side of {@code /sqlite?id=N}, shared by the peers so that each does the same work:
 * table {@code items(id INTEGER PRIMARY KEY, name TEXT)} with {@link #ROWS} rows ({@code name} is
 * {@code item-N}), read through JDBC (sqlite-jdbc) from a fixed pool of {@link #POOL} read-only
 * connections, each with its prepared statement. A reader takes a connection from the pool and
 * blocks while all are busy (virtual threads and Vert.x's worker threads block alike), so at most
 * {@link #POOL} reads run at once whatever the number of HTTP connections.
 *
 * <p>The answer is {@code {"id":N,"name":"item-N"}} ({@link #json}); an id without a row gives
 * {@code null}, which the servers answer with 404.
 */
public final class Items implements AutoCloseable {
    /** Rows the suite seeds. */
    public static final int ROWS = 1000;

    /** Connections in each server's pool. */
    public static final int POOL = 8;

    private record Slot(Connection connection, PreparedStatement select) {}

    private final BlockingQueue<Slot> pool;
    private final List<Slot> all = new ArrayList<>();

    private Items(List<Slot> slots) {
        all.addAll(slots);
        pool = new ArrayBlockingQueue<>(slots.size(), false, slots);
    }

    /**
     * Creates (or replaces) the table in {@code db} and fills it with {@link #ROWS} rows.
     *
     * @throws IllegalStateException naming the file when SQLite refuses
     */
    public static void seed(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DROP TABLE IF EXISTS items");
                s.executeUpdate("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items(id, name) VALUES (?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, name(id));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed SQLite file " + db + ": " + e.getMessage(), e);
        }
    }

    /** The name the suite seeds for {@code id}. */
    public static String name(int id) {
        return "item-" + id;
    }

    /** The body of {@code /sqlite?id=N} when row {@code id} holds {@code name}. */
    public static String json(int id, String name) {
        StringBuilder b = new StringBuilder(32 + name.length())
                .append("{\"id\":")
                .append(id)
                .append(",\"name\":\"");
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append("\"}").toString();
    }

    /**
     * Opens the pool on an existing file, read only.
     *
     * @throws IllegalStateException naming the file when it cannot be opened or has no items table
     */
    public static Items open(Path db) {
        if (!java.nio.file.Files.isRegularFile(db)) {
            throw new IllegalStateException("SQLite file " + db + " does not exist (the flow suite seeds it)");
        }
        List<Slot> slots = new ArrayList<>();
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            for (int i = 0; i < POOL; i++) {
                Connection c = config.createConnection("jdbc:sqlite:" + db);
                slots.add(new Slot(c, c.prepareStatement("SELECT name FROM items WHERE id = ?")));
            }
            return new Items(slots);
        } catch (SQLException e) {
            for (Slot s : slots) {
                closeQuietly(s);
            }
            throw new IllegalStateException("cannot open SQLite file " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JSON of row {@code id}, or {@code null} when there is none. Blocks while every pooled
     * connection is in use.
     */
    public String json(int id) throws SQLException, InterruptedException {
        Slot s = pool.take();
        try {
            s.select().setInt(1, id);
            try (ResultSet r = s.select().executeQuery()) {
                return r.next() ? json(id, r.getString(1)) : null;
            }
        } finally {
            pool.add(s); // every taken slot returns, on every path
        }
    }

    /**
     * The id of a {@code /sqlite} query parameter, or -1 when it is missing or not a positive
     * number (the servers answer 400).
     */
    public static int parseId(String value) {
        if (value == null || value.isEmpty() || value.length() > 9) {
            return -1;
        }
        int id = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            id = id * 10 + (ch - '0');
        }
        return id;
    }

    @Override
    public void close() {
        for (Slot s : all) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Slot s) {
        try {
            s.connection().close();
        } catch (SQLException e) {
            // closing at exit; nothing to do
        }
    }
}

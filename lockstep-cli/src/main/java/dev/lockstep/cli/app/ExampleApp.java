package dev.lockstep.cli.app;

import dev.lockstep.flow.Db;
import dev.lockstep.flow.KvCache;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The example application behind {@code lockstep serve}: lockstep-flow's server with the todo API
 * ({@link TodoApp}), the blog's JSON API ({@link BlogApi}) and the blog pages ({@link BlogApp}) on
 * an embedded SQLite file (or the configured JDBC URL). The schema and the blog's feed directory
 * are created when the application starts.
 */
public final class ExampleApp {
    private ExampleApp() {}

    /**
     * What a test may change: the directory the blog API publishes its feed entries to, and a hook
     * on the database effects.
     */
    record Options(Path feedDir, Faults faults) {}

    /** Starts the application; the caller closes the server. */
    public static FlowServer start(FlowConfig config) {
        return start(config, new Options(feedDir(config.database()), Faults.NONE));
    }

    /**
     * The blog feed's directory for {@code database}: beside a SQLite file ({@code x.db} has {@code
     * x-feed}), else {@code lockstep-flow-feed} in the working directory.
     */
    public static Path feedDir(FlowConfig.Database database) {
        if (database.postgres()) {
            return Path.of("lockstep-flow-feed");
        }
        Path db = sqliteFile(database.url()).toAbsolutePath();
        String name = db.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return db.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-feed");
    }

    static FlowServer start(FlowConfig config, Options options) {
        FlowConfig.Database d = config.database();
        Db db = d.postgres() ? Db.jdbc(d.url(), d.user(), d.password()) : Db.sqlite(sqliteFile(d.url()));
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            List<String> schema = new ArrayList<>(List.of(TodoApp.SCHEMA));
            schema.addAll(BlogApp.SCHEMA);
            for (String ddl : schema) {
                s.executeUpdate(
                        d.postgres() ? ddl.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY") : ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the schema in " + d.url() + ": " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(options.feedDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the feed directory " + options.feedDir() + ": " + e, e);
        }
        FlowServer.Builder b = FlowServer.builder().config(config);
        TodoApp.routes(b, db);
        BlogApp.routes(b, db);
        BlogApi.routes(b, db, KvCache.create("posts", 10_000), options.feedDir(), options.faults());
        return b.start();
    }

    static Path sqliteFile(String url) {
        return Path.of(url.substring("jdbc:sqlite:".length()));
    }
}

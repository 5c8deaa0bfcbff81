package dev.lockstep.cli.app;

import dev.lockstep.flow.Db;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The example application behind {@code lockstep serve}: lockstep-flow's server with the todo API
 * ({@link TodoApp}) and the blog pages ({@link BlogApp}) on an embedded SQLite file (or the configured JDBC URL). The schema is created
 * when the application starts.
 */
public final class ExampleApp {
    private ExampleApp() {}

    /** Starts the application; the caller closes the server. */
    public static FlowServer start(FlowConfig config) {
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
        FlowServer.Builder b = FlowServer.builder().config(config);
        TodoApp.routes(b, db);
        BlogApp.routes(b, db);
        return b.start();
    }

    static Path sqliteFile(String url) {
        return Path.of(url.substring("jdbc:sqlite:".length()));
    }
}

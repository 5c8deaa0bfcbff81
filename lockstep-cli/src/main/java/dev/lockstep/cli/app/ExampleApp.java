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
 *
 * <p>The blog's {@code posts} cache is in-process (Caffeine), unless the configuration has a {@code
 * cluster} section: then {@link #serve} starts a member of that cluster ({@link ExampleCluster}) and
 * the cache is the cluster's, shared by every instance of the application in it.
 */
public final class ExampleApp {
    private ExampleApp() {}

    /**
     * What a test may change: the directory the blog API publishes its feed entries to, and a hook
     * on the database effects.
     */
    record Options(Path feedDir, Faults faults) {}

    /**
     * Starts the application without a cluster; the caller closes the server.
     *
     * @throws IllegalArgumentException if {@code config} has a cluster section (use {@link #serve},
     *     which owns the member)
     */
    public static FlowServer start(FlowConfig config) {
        return start(config, new Options(feedDir(config.database()), Faults.NONE));
    }

    /**
     * The application and, when {@code config} has a cluster section, its cluster member: {@link
     * #shutdown} stops the server, then the member.
     */
    public record Serving(FlowServer server, ExampleCluster cluster) implements AutoCloseable {
        /** Stops the server gracefully, then leaves the cluster; returns the requests cut off. */
        public int shutdown(java.time.Duration deadline) {
            try {
                return server.shutdown(deadline);
            } finally {
                if (cluster != null) {
                    cluster.close();
                }
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                if (cluster != null) {
                    cluster.close();
                }
            }
        }
    }

    /** Starts the application, and first a member of the configured cluster if there is one. */
    public static Serving serve(FlowConfig config) {
        return serve(config, new Options(feedDir(config.database()), Faults.NONE));
    }

    static Serving serve(FlowConfig config, Options options) {
        if (!config.clustered()) {
            return new Serving(start(config, options), null);
        }
        ExampleCluster cluster = ExampleCluster.start(config.cluster());
        try {
            return new Serving(start(config, options, cluster.postsCache()), cluster);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
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
        if (config.clustered()) {
            throw new IllegalArgumentException("ExampleApp.start: the configuration has a cluster section (cluster "
                    + config.cluster().name() + "); start it with ExampleApp.serve, which owns the member");
        }
        return start(config, options, KvCache.create("posts", 10_000));
    }

    private static FlowServer start(FlowConfig config, Options options, KvCache posts) {
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
        BlogApi.routes(b, db, posts, options.feedDir(), options.faults());
        return b.start();
    }

    static Path sqliteFile(String url) {
        return Path.of(url.substring("jdbc:sqlite:".length()));
    }
}

package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The example application on a free port, one I/O runtime, and a database of the test's own (a
 * SQLite file, or a PostgreSQL URL); and a JSON call over the JDK HttpClient.
 */
final class TestApps {
    private TestApps() {}

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static FlowServer start(Path sqliteFile) {
        return start(sqlite(sqliteFile), null);
    }

    /** On {@code sqliteFile}, with {@code options} (null: the application's own). */
    static FlowServer start(Path sqliteFile, ExampleApp.Options options) {
        return start(sqlite(sqliteFile), options);
    }

    /** The database settings of a SQLite file. */
    static FlowConfig.Database sqlite(Path sqliteFile) {
        return new FlowConfig.Database("jdbc:sqlite:" + sqliteFile, "", "", 1);
    }

    /** On {@code database}, with {@code options} (null: the application's own). */
    static FlowServer start(FlowConfig.Database database, ExampleApp.Options options) {
        FlowConfig.Server s = new FlowConfig.Server(
                "127.0.0.1",
                0,
                1,
                8192,
                16384,
                100,
                1 << 20,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        FlowConfig config = new FlowConfig(s, FlowConfig.Pools.DEFAULTS, database, FlowConfig.Observability.DEFAULTS);
        return options == null ? ExampleApp.start(config) : ExampleApp.start(config, options);
    }

    /** {@code method path} with a JSON body (or none), answered as text. */
    static HttpResponse<String> call(FlowServer server, String method, String path, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import java.nio.file.Path;
import java.time.Duration;

/** The example application on a free port, one I/O runtime, and a SQLite file of the test's own. */
final class TestApps {
    private TestApps() {}

    static FlowServer start(Path sqliteFile) {
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
        return ExampleApp.start(new FlowConfig(
                s,
                FlowConfig.Pools.DEFAULTS,
                new FlowConfig.Database("jdbc:sqlite:" + sqliteFile, "", "", 1),
                FlowConfig.Observability.DEFAULTS));
    }
}

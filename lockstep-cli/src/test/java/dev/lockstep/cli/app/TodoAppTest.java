package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import java.nio.file.Path;

/** The todo JSON API on the embedded SQLite default (a file of the test's own). */
class TodoAppTest extends TodoApiSuite {
    @Override
    FlowConfig.Database freshDatabase(Path dir) {
        return TestApps.sqlite(dir.resolve("todo.db"));
    }
}

package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import java.nio.file.Path;

/** The todo JSON API on a real PostgreSQL (skipped with the reason where it is not installed). */
class TodoAppPostgresTest extends TodoApiSuite {
    @Override
    FlowConfig.Database freshDatabase(Path dir) throws Exception {
        return TestPostgres.fresh();
    }
}

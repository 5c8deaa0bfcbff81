package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import java.nio.file.Path;

/** The blog's JSON API on a real PostgreSQL (skipped with the reason where it is not installed). */
class BlogApiPostgresTest extends BlogApiSuite {
    @Override
    FlowConfig.Database freshDatabase(Path dir) throws Exception {
        return TestPostgres.fresh();
    }
}

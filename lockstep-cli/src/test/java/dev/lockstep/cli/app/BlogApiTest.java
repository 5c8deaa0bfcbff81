package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import java.nio.file.Path;

/** The blog's JSON API on the embedded SQLite default (a file of the test's own). */
class BlogApiTest extends BlogApiSuite {
    @Override
    FlowConfig.Database freshDatabase(Path dir) {
        return TestApps.sqlite(dir.resolve("blog.db"));
    }
}

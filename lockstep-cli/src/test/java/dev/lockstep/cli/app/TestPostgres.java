package dev.lockstep.cli.app;

import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.testing.LocalPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * One throwaway PostgreSQL server on loopback for the example application's PostgreSQL tests
 * ({@link LocalPostgres}), started on first use and stopped when the test JVM exits; each test gets
 * a fresh database, configured as a {@code jdbc:postgresql:} URL as {@code lockstep serve} would
 * be. Where PostgreSQL is not installed the asking test is skipped with the reason.
 */
final class TestPostgres {
    private TestPostgres() {}

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalPostgres server;

    /** A fresh, empty database on the shared server. */
    static synchronized FlowConfig.Database fresh() throws Exception {
        if (server == null) {
            String why = LocalPostgres.unavailable();
            Assumptions.assumeTrue(why == null, "PostgreSQL tests skipped: " + why);
            LocalPostgres pg = LocalPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception e) {
                    System.err.println("could not stop the test PostgreSQL: " + e);
                }
            }));
            server = pg;
        }
        String url = server.createDatabase("app" + DATABASES.incrementAndGet());
        return new FlowConfig.Database(url, server.user(), "", 1);
    }
}

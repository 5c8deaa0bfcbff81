package dev.lockstep.flow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** The harness itself: a server starts, answers SQL, and stops. */
class LocalPostgresTest {
    @Test
    void aThrowawayServerAnswersSql() throws Exception {
        String why = LocalPostgres.unavailable();
        assumeTrue(why == null, why);
        try (LocalPostgres pg = LocalPostgres.start();
                var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                var st = c.createStatement();
                var rs = st.executeQuery("select 40 + 2")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}

package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Promise;
import dev.lockstep.flow.testing.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database effects (get, put, delete, scan, query, update, idempotency keys, retried
 * attempts) written once and run on both backends: the embedded SQLite default and a real
 * PostgreSQL started on loopback for this class ({@link LocalPostgres}; skipped with the reason
 * where PostgreSQL is not installed). Each test gets a fresh database.
 */
@Timeout(120)
class DbBackendsTest {
    static final Slot<String> NAME = Slot.text("name");
    static final Slot<Db.Entries> ENTRIES = Slot.of("entries", SlotCodec.json(Db.Entries.class));
    static final Slot<Db.Rows> ROWS = Slot.of("rows", SlotCodec.json(Db.Rows.class));
    static final Slot<Long> COUNT = Slot.number("count");
    static final RetryPolicy TWICE = RetryPolicy.exponential(2, Duration.ofMillis(5), Duration.ofMillis(5));

    /** A database backend: how to get a fresh, empty database of it. */
    enum Backend {
        SQLITE,
        POSTGRES;

        Db fresh(Path dir) throws Exception {
            if (this == SQLITE) {
                return Db.sqlite(dir.resolve("test.db"));
            }
            return Db.jdbc(
                    postgres().createDatabase("t" + DATABASES.incrementAndGet()),
                    postgres().user(),
                    "");
        }
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalPostgres postgres;

    /** The class's PostgreSQL server, started on first use; the test is skipped where it cannot run. */
    private static synchronized LocalPostgres postgres() throws Exception {
        if (postgres == null) {
            String why = LocalPostgres.unavailable();
            Assumptions.assumeTrue(why == null, "PostgreSQL backend skipped: " + why);
            postgres = LocalPostgres.start();
        }
        return postgres;
    }

    @AfterAll
    static synchronized void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @TempDir
    Path dir;

    /** Runs {@code effect} alone in a route (real effects, manual time) and returns the result. */
    private static ReqTest.RouteResult run(Effect<?> effect, Slot<?> into) {
        Step s = Step.named("db")
                .writes(into == null ? new Slot<?>[0] : new Slot<?>[] {into})
                .run(v -> Need.of(effect).build());
        Step done = Step.named("done").run(v -> Decision.done(FlowResponse.text(200, "ok")));
        return ReqTest.route(Pipeline.route("db").step(s).step(done).build())
                .allowRealEffects()
                .run();
    }

    /** {@link #run}, which must answer 200. */
    private static ReqTest.RouteResult runOne(Effect<?> effect, Slot<?> into) {
        var r = run(effect, into);
        assertThat(r.response().status()).as("%s", r.events()).isEqualTo(200);
        return r;
    }

    private static long count(Db db, String sql) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** {@code effect} whose attempts pass through {@code after}: the attempt ran, then its reply is replaced. */
    private static <T> Effect<T> afterEachAttempt(Effect<T> effect, Function<Integer, Throwable> after) {
        Operation op = effect.operation();
        return new Effect<>(
                effect.name(),
                effect.kind(),
                effect.target(),
                effect.result(),
                effect.required(),
                effect.timeout(),
                effect.retry(),
                a -> op.start(a).flatMap(v -> {
                    Throwable lost = after.apply(a);
                    return lost == null ? Promise.completed(v) : Promise.failed(lost);
                }));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void putGetDeleteScan(Backend backend) throws Exception {
        Db db = backend.fresh(dir);
        runOne(db.put("p1", "users", "u1", NAME, "ann", null), null);
        runOne(db.put("p2", "users", "u2", NAME, "bob", null), null);
        runOne(db.put("p3", "users", "x9", NAME, "zed", null), null);
        runOne(db.put("p4", "users", "u2", NAME, "bea", null), null); // an overwrite
        assertThat(runOne(db.get("g", "users", "u1", NAME), NAME).slot(NAME)).contains("ann");
        assertThat(runOne(db.get("g", "users", "nope", NAME), NAME).slot(NAME)).isEmpty();

        Db.Entries e = runOne(db.scan("s", "users", "u", 10, ENTRIES), ENTRIES)
                .slot(ENTRIES)
                .orElseThrow();
        assertThat(e.entries()).extracting(Db.Entry::key).containsExactly("u1", "u2");
        assertThat(new String(e.entries().get(1).value(), StandardCharsets.UTF_8))
                .isEqualTo("bea");
        assertThat(runOne(db.scan("s", "users", "", 2, ENTRIES), ENTRIES)
                        .slot(ENTRIES)
                        .orElseThrow()
                        .entries())
                .extracting(Db.Entry::key)
                .containsExactly("u1", "u2");

        runOne(db.delete("d", "users", "u1", null), null);
        runOne(db.delete("d", "users", "u1", null), null); // absent: still a success
        assertThat(runOne(db.get("g", "users", "u1", NAME), NAME).slot(NAME)).isEmpty();
        assertThat(count(db, "SELECT count(*) FROM users")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void idempotencyKeySpentOnce(Backend backend) throws Exception {
        Db db = backend.fresh(dir);
        runOne(db.put("p", "accounts", "a", NAME, "first", "req-1"), null);
        runOne(db.put("p", "accounts", "a", NAME, "second", "req-1"), null); // a retry: commits nothing
        assertThat(runOne(db.get("g", "accounts", "a", NAME), NAME).slot(NAME)).contains("first");
        runOne(db.put("p", "accounts", "a", NAME, "third", "req-2"), null);
        assertThat(runOne(db.get("g", "accounts", "a", NAME), NAME).slot(NAME)).contains("third");

        runOne(db.delete("d", "accounts", "a", "del-1"), null);
        runOne(db.put("p", "accounts", "a", NAME, "back", "req-3"), null);
        runOne(db.delete("d", "accounts", "a", "del-1"), null); // replayed delete: must not remove "back"
        assertThat(runOne(db.get("g", "accounts", "a", NAME), NAME).slot(NAME)).contains("back");
        assertThat(count(db, "SELECT count(*) FROM flow_idempotency")).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sqlQueryAndUpdate(Backend backend) throws Exception {
        Db db = backend.fresh(dir);
        runOne(db.update("ddl", "CREATE TABLE orders (id TEXT PRIMARY KEY, qty INTEGER)", List.of(), null), null);
        assertThat(runOne(
                                db.update(
                                        "ins",
                                        "INSERT INTO orders VALUES (?, ?), (?, ?)",
                                        List.of("a", 1, "b", 5),
                                        COUNT),
                                COUNT)
                        .slot(COUNT))
                .contains(2L);
        Db.Rows rows = runOne(
                        db.query("q", "SELECT id, qty FROM orders WHERE qty > ? ORDER BY id", List.of(0), ROWS), ROWS)
                .slot(ROWS)
                .orElseThrow();
        assertThat(rows.rows()).containsExactly(Map.of("id", "a", "qty", 1), Map.of("id", "b", "qty", 5));
        assertThat(runOne(db.update("upd", "UPDATE orders SET qty = qty + 1 WHERE id = ?", List.of("b"), COUNT), COUNT)
                        .slot(COUNT))
                .contains(1L);
        assertThat(runOne(db.query("q", "SELECT qty FROM orders WHERE id = ?", List.of("b"), ROWS), ROWS)
                        .slot(ROWS)
                        .orElseThrow()
                        .rows())
                .containsExactly(Map.of("qty", 6));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPutWhoseReplyIsLostIsRetriedAndCommitsOnce(Backend backend) throws Exception {
        Db db = backend.fresh(dir);
        runOne(db.put("p", "ledger", "x", NAME, "before", null), null);
        // Attempt 1 commits, then its reply is lost; attempt 2 finds the key spent and commits nothing.
        // Between the two, another writer changes the value: a second commit would overwrite it.
        Effect<Void> put = afterEachAttempt(db.put("p", "ledger", "x", NAME, "mine", "req-7"), a -> {
                    if (a > 1) {
                        return null;
                    }
                    try (Connection c = db.connect();
                            Statement s = c.createStatement()) {
                        s.executeUpdate("UPDATE ledger SET v = "
                                + (backend == Backend.POSTGRES ? "'theirs'::bytea" : "CAST('theirs' AS BLOB)")
                                + " WHERE k = 'x'");
                    } catch (Exception e) {
                        return e;
                    }
                    return new java.io.IOException("reply lost (injected)");
                })
                .retry(TWICE);
        var r = runOne(put, null);
        assertThat(r.events(FlowEvent.Type.EFFECT_END))
                .extracting(FlowEvent::outcome)
                .hasSize(2)
                .first()
                .asString()
                .contains("reply lost");
        assertThat(runOne(db.get("g", "ledger", "x", NAME), NAME).slot(NAME)).contains("theirs");
        assertThat(count(db, "SELECT count(*) FROM flow_idempotency")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingQueryIsRetriedThenFailsTheRequestNamingTheEffect(Backend backend) throws Exception {
        Db db = backend.fresh(dir);
        var r = run(db.query("broken", "SELECT * FROM missing", List.of(), ROWS).retry(TWICE), ROWS);
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.response().bodyText()).contains("\"key\":\"broken\"");
        assertThat(r.events(FlowEvent.Type.EFFECT_END))
                .extracting(FlowEvent::outcome)
                .hasSize(2)
                .allMatch(o -> o.contains("missing"), "names the missing table");
    }
}

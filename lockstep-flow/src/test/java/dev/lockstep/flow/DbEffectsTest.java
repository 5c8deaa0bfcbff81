package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database effects against a real SQLite file. */
class DbEffectsTest {
    static final Slot<String> NAME = Slot.text("name");
    static final Slot<Db.Entries> ENTRIES = Slot.of("entries", SlotCodec.json(Db.Entries.class));
    static final Slot<Db.Rows> ROWS = Slot.of("rows", SlotCodec.json(Db.Rows.class));
    static final Slot<Long> COUNT = Slot.number("count");

    @TempDir
    Path dir;

    /** Runs {@code effect} alone in a route and returns the final slots. */
    private static ReqTest.RouteResult runOne(Effect<?> effect, Slot<?> into) {
        Step s = Step.named("db")
                .writes(into == null ? new Slot<?>[0] : new Slot<?>[] {into})
                .run(v -> Need.of(effect).build());
        Step done = Step.named("done").run(v -> Decision.done(FlowResponse.text(200, "ok")));
        var r = ReqTest.route(Pipeline.route("db").step(s).step(done).build())
                .allowRealEffects()
                .run();
        assertThat(r.response().status()).as("%s", r.events()).isEqualTo(200);
        return r;
    }

    @Test
    void putGetDeleteScan() {
        Db db = Db.sqlite(dir.resolve("kv.db"));
        runOne(db.put("p1", "users", "u1", NAME, "ann", null), null);
        runOne(db.put("p2", "users", "u2", NAME, "bob", null), null);
        runOne(db.put("p3", "users", "x9", NAME, "zed", null), null);
        assertThat(runOne(db.get("g", "users", "u1", NAME), NAME).slot(NAME)).contains("ann");
        assertThat(runOne(db.get("g", "users", "nope", NAME), NAME).slot(NAME)).isEmpty();

        Db.Entries e = runOne(db.scan("s", "users", "u", 10, ENTRIES), ENTRIES)
                .slot(ENTRIES)
                .orElseThrow();
        assertThat(e.entries()).extracting(Db.Entry::key).containsExactly("u1", "u2");
        assertThat(new String(e.entries().get(1).value(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("bob");

        runOne(db.delete("d", "users", "u1", null), null);
        assertThat(runOne(db.get("g", "users", "u1", NAME), NAME).slot(NAME)).isEmpty();
    }

    @Test
    void idempotencyKeySpentOnce() throws Exception {
        Db db = Db.sqlite(dir.resolve("idem.db"));
        runOne(db.put("p", "accounts", "a", NAME, "first", "req-1"), null);
        runOne(db.put("p", "accounts", "a", NAME, "second", "req-1"), null); // a retry: commits nothing
        assertThat(runOne(db.get("g", "accounts", "a", NAME), NAME).slot(NAME)).contains("first");
        runOne(db.put("p", "accounts", "a", NAME, "third", "req-2"), null);
        assertThat(runOne(db.get("g", "accounts", "a", NAME), NAME).slot(NAME)).contains("third");

        runOne(db.delete("d", "accounts", "a", "del-1"), null);
        runOne(db.put("p", "accounts", "a", NAME, "back", "req-3"), null);
        runOne(db.delete("d", "accounts", "a", "del-1"), null); // replayed delete: must not remove "back"
        assertThat(runOne(db.get("g", "accounts", "a", NAME), NAME).slot(NAME)).contains("back");
        try (Connection c = db.connect();
                ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM flow_idempotency")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(4);
        }
    }

    @Test
    void sqlQueryAndUpdate() {
        Db db = Db.sqlite(dir.resolve("sql.db"));
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
    }

    @Test
    void aFailingQueryIsRetriedThenFailsTheRequestNamingTheEffect() {
        Db db = Db.sqlite(dir.resolve("bad.db"));
        Step s = Step.named("db")
                .writes(ROWS)
                .run(v -> Need.of(db.query("broken", "SELECT * FROM missing", List.of(), ROWS)
                                .retry(RetryPolicy.exponential(2, Duration.ofMillis(5), Duration.ofMillis(5))))
                        .build());
        var r = ReqTest.route(Pipeline.route("db").step(s).build())
                .allowRealEffects()
                .run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.response().bodyText()).contains("\"key\":\"broken\"");
        assertThat(r.events(FlowEvent.Type.EFFECT_END))
                .extracting(FlowEvent::outcome)
                .allMatch(o -> o.contains("no such table"))
                .hasSize(2);
    }
}

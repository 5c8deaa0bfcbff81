package dev.lockstep.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.flow.Db;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RetryPolicy;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.server.FlowRequest;
import dev.lockstep.flow.server.FlowServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example application's todo list: a JSON API over the embedded SQLite default, each route a
 * pipeline whose database work is a Need of effects, retried with backoff. The writes are plain SQL
 * statements (each one statement, one transaction), so a retry is safe after a failure before the
 * commit (a busy or locked database); idempotency keys belong to the key-value effects ({@code
 * Db.put}, {@code Db.delete}) and are not used here.
 *
 * <pre>
 * GET    /api/todos        list, oldest first
 * POST   /api/todos        {"title": "..."}: 201 with the new todo
 * GET    /api/todos/:id    one todo, or 404
 * PUT    /api/todos/:id    {"title"?, "done"?}: 200 with the todo, or 404
 * DELETE /api/todos/:id    204, or 404
 * </pre>
 *
 * Bad input (not JSON, a missing or empty title, a title over 200 characters, an id that is not a
 * number) is a 400 whose error names the field.
 */
final class TodoApp {
    private TodoApp() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Slot<FlowRequest> REQ = FlowServer.REQUEST;
    private static final Slot<Db.Rows> ROWS = Slot.json("todo.rows", Db.Rows.class);
    private static final Slot<Long> CHANGED = Slot.number("todo.changed");
    private static final Slot<Todo> INPUT = Slot.json("todo.input", Todo.class);
    private static final RetryPolicy RETRY = RetryPolicy.exponential(3, Duration.ofMillis(10), Duration.ofMillis(200));

    /** A todo; {@code id} is null in input, {@code done} null when not given. */
    record Todo(Long id, String title, Boolean done) {}

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS todos(id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)";

    static void routes(FlowServer.Builder b, Db db) {
        b.route(
                "GET",
                "/api/todos",
                Pipeline.route("todos.list")
                        .seeds(REQ)
                        .step(Step.named("list")
                                .writes(ROWS)
                                .run(v -> need(db.query(
                                        "select", "SELECT id, title, done FROM todos ORDER BY id", List.of(), ROWS))))
                        .step(Step.named("render").reads(ROWS).run(v -> done(200, rowsJson(v.require(ROWS)))))
                        .build());
        b.route(
                "POST",
                "/api/todos",
                Pipeline.route("todos.create")
                        .seeds(REQ)
                        .step(Step.named("validate").reads(REQ).writes(INPUT).run(v -> {
                            Todo t = parse(v.require(REQ).body(), true);
                            v.put(INPUT, t);
                            return new Decision.Continue();
                        }))
                        .step(Step.named("insert")
                                .reads(INPUT, REQ)
                                .writes(ROWS)
                                .run(v -> need(db.query(
                                        "insert",
                                        "INSERT INTO todos(title, done) VALUES (?, ?) RETURNING id, title, done",
                                        List.of(
                                                v.require(INPUT).title(),
                                                Boolean.TRUE.equals(
                                                                v.require(INPUT).done())
                                                        ? 1
                                                        : 0),
                                        ROWS))))
                        .step(Step.named("created")
                                .reads(ROWS)
                                .run(v ->
                                        done(201, rowJson(v.require(ROWS).rows().get(0)))))
                        .build());
        b.route(
                "GET",
                "/api/todos/:id",
                Pipeline.route("todos.get")
                        .seeds(REQ)
                        .step(Step.named("select")
                                .reads(REQ)
                                .writes(ROWS)
                                .run(v -> need(db.query(
                                        "select",
                                        "SELECT id, title, done FROM todos WHERE id = ?",
                                        List.of(id(v.require(REQ))),
                                        ROWS))))
                        .step(Step.named("render").reads(ROWS).run(v -> one(v.require(ROWS))))
                        .build());
        b.route(
                "PUT",
                "/api/todos/:id",
                Pipeline.route("todos.update")
                        .seeds(REQ)
                        .step(Step.named("validate").reads(REQ).writes(INPUT).run(v -> {
                            v.put(INPUT, parse(v.require(REQ).body(), false));
                            return new Decision.Continue();
                        }))
                        .step(Step.named("update")
                                .reads(REQ, INPUT)
                                .writes(ROWS)
                                .run(v -> {
                                    Todo t = v.require(INPUT);
                                    return need(db.query(
                                            "update",
                                            "UPDATE todos SET title = coalesce(?, title), done = coalesce(?, done) WHERE id = ?"
                                                    + " RETURNING id, title, done",
                                            java.util.Arrays.asList(
                                                    t.title(),
                                                    t.done() == null ? null : (t.done() ? 1 : 0),
                                                    id(v.require(REQ))),
                                            ROWS));
                                }))
                        .step(Step.named("render").reads(ROWS).run(v -> one(v.require(ROWS))))
                        .build());
        b.route(
                "DELETE",
                "/api/todos/:id",
                Pipeline.route("todos.delete")
                        .seeds(REQ)
                        .step(Step.named("delete")
                                .reads(REQ)
                                .writes(CHANGED)
                                .run(v -> need(db.update(
                                        "delete",
                                        "DELETE FROM todos WHERE id = ?",
                                        List.of(id(v.require(REQ))),
                                        CHANGED))))
                        .step(Step.named("render")
                                .reads(CHANGED)
                                .run(v -> v.require(CHANGED) == 0
                                        ? new Decision.Fail(FlowError.of(404, "no such todo", "id"))
                                        : new Decision.Done(new FlowResponse(204, Map.of(), new byte[0]))))
                        .build());
    }

    private static Decision need(Effect<?> e) {
        return Need.of(e.retry(RETRY)).build();
    }

    private static Decision one(Db.Rows rows) {
        if (rows.rows().isEmpty()) {
            return new Decision.Fail(FlowError.of(404, "no such todo", "id"));
        }
        return done(200, rowJson(rows.rows().get(0)));
    }

    private static Decision done(int status, String json) {
        return new Decision.Done(FlowResponse.json(status, json));
    }

    private static long id(FlowRequest r) {
        String s = r.param("id");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new dev.lockstep.flow.FlowFailure(
                    FlowError.of(400, "the id must be a number, got '" + s + "'", "id"));
        }
    }

    /** The body as a todo; errors name the field (a 400). */
    static Todo parse(String body, boolean titleRequired) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null || body.isBlank() ? "null" : body);
        } catch (Exception e) {
            throw new dev.lockstep.flow.FlowFailure(FlowError.of(400, "the body is not JSON", "body"));
        }
        if (n == null || !n.isObject()) {
            throw new dev.lockstep.flow.FlowFailure(FlowError.of(400, "the body must be a JSON object", "body"));
        }
        JsonNode title = n.get("title");
        if (title == null && titleRequired) {
            throw new dev.lockstep.flow.FlowFailure(FlowError.of(400, "title is required", "title"));
        }
        if (title != null
                && (!title.isTextual()
                        || title.asText().isBlank()
                        || title.asText().length() > 200)) {
            throw new dev.lockstep.flow.FlowFailure(
                    FlowError.of(400, "title must be text of 1 to 200 characters", "title"));
        }
        JsonNode done = n.get("done");
        if (done != null && !done.isBoolean()) {
            throw new dev.lockstep.flow.FlowFailure(FlowError.of(400, "done must be true or false", "done"));
        }
        return new Todo(null, title == null ? null : title.asText(), done == null ? null : done.asBoolean());
    }

    private static String rowsJson(Db.Rows rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows.rows()) {
            out.add(todo(r));
        }
        return write(out);
    }

    private static String rowJson(Map<String, Object> r) {
        return write(todo(r));
    }

    private static Map<String, Object> todo(Map<String, Object> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ((Number) r.get("id")).longValue());
        m.put("title", r.get("title"));
        m.put("done", ((Number) r.get("done")).intValue() != 0);
        return m;
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.lockstep.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.flow.Blocking;
import dev.lockstep.flow.Compensation;
import dev.lockstep.flow.Db;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.FlowFailure;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.Join;
import dev.lockstep.flow.JsonFile;
import dev.lockstep.flow.KvCache;
import dev.lockstep.flow.Mode;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RetryPolicy;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.server.FlowRequest;
import dev.lockstep.flow.server.FlowServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The blog's JSON API: posts and their comments, create, read, update, delete, on the same database
 * as the todo list and the blog pages. Every database effect is retried with backoff ({@link
 * #RETRY}). The routes show the effect runtime's features:
 *
 * <ul>
 *   <li><b>PARALLEL Needs</b>: {@code GET /api/posts} reads the posts and their comment counts at
 *       once; {@code GET /api/posts/:id/comments} reads the post (does it exist?) and its comments
 *       at once; {@code GET /api/posts/:id} reads the comments and refills the cache at once.
 *   <li><b>FIRST_SUCCESS across two sources</b>: {@code GET /api/posts/:id} asks the read-through
 *       cache and the database for the post at once. Both are optional; a cache miss is a failure
 *       of the cache effect, so on a miss the database answers, on a hit the cache does (it
 *       completes first and the database read is cancelled), and when both fail the request is a
 *       502 ("no effect succeeded"). The answer's {@code X-Source} header says which one answered.
 *       With a cache on another store (the cluster's, see {@link ExampleCluster}) a hit is an
 *       asynchronous answer that a fast database could beat, so the two are asked in sequence
 *       instead (SEQUENTIAL + FIRST_SUCCESS: a fallback chain, the database only on a miss).
 *   <li><b>A compensation</b>: {@code POST /api/posts} inserts the post, then publishes it as a
 *       feed entry ({@code post-<id>.json} in the feed directory, a second store). If the
 *       publication fails for good, the insert's compensation deletes the post, so no post exists
 *       without its feed entry.
 * </ul>
 *
 * Bad input is a 400 whose error names the field; an unknown post or comment is a 404.
 */
final class BlogApi {
    private BlogApi() {}

    /** How every database effect is retried. */
    static final RetryPolicy RETRY = RetryPolicy.exponential(3, Duration.ofMillis(10), Duration.ofMillis(200));

    /** How long a post stays in the read-through cache. */
    static final Duration CACHE_TTL = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Slot<FlowRequest> REQ = FlowServer.REQUEST;
    static final Slot<Post> INPUT = Slot.json("api.input", Post.class);
    private static final Slot<Post> CACHED = Slot.json("api.post.cached", Post.class);
    private static final Slot<Db.Rows> POSTS = Slot.json("api.posts", Db.Rows.class);
    private static final Slot<Db.Rows> COUNTS = Slot.json("api.counts", Db.Rows.class);
    private static final Slot<Db.Rows> POST = Slot.json("api.post", Db.Rows.class);
    private static final Slot<Db.Rows> COMMENTS = Slot.json("api.comments", Db.Rows.class);
    private static final Slot<Long> CHANGED = Slot.number("api.changed");

    private static final String POST_COLUMNS = "id, title, author, body";
    private static final String COMMENT_COLUMNS = "id, post_id, author, body";

    /**
     * A post as the API reads and writes it (and as the cache and the feed hold it); in input every
     * field may be absent (null). For a comment only author and body are used.
     */
    record Post(Long id, String title, String author, String body) {}

    static void routes(FlowServer.Builder b, Db db, KvCache cache, Path feedDir, Faults faults) {
        new Routes(db, cache, feedDir, faults).add(b);
    }

    /** The routes over one database, cache, feed directory and fault hook. */
    record Routes(Db db, KvCache cache, Path feedDir, Faults faults) {
        void add(FlowServer.Builder b) {
            b.route("GET", "/api/posts", list());
            b.route("POST", "/api/posts", create());
            b.route("GET", "/api/posts/:id", read());
            b.route("PUT", "/api/posts/:id", update());
            b.route("DELETE", "/api/posts/:id", delete());
            b.route("GET", "/api/posts/:id/comments", comments());
            b.route("POST", "/api/posts/:id/comments", createComment());
            b.route("PUT", "/api/posts/:id/comments/:commentId", updateComment());
            b.route("DELETE", "/api/posts/:id/comments/:commentId", deleteComment());
        }

        /** A retried query through the fault hook. */
        Effect<Db.Rows> query(String name, String sql, List<?> params, Slot<Db.Rows> into) {
            return faults.wrap(db.query(name, sql, params, into)).retry(RETRY);
        }

        /** A retried statement through the fault hook. */
        Effect<Long> statement(String name, String sql, List<?> params, Slot<Long> into) {
            return faults.wrap(db.update(name, sql, params, into)).retry(RETRY);
        }

        // ---- posts ----

        /** The posts, newest first, each with its number of comments: a PARALLEL Need of two queries. */
        Pipeline list() {
            return Pipeline.route("api.posts.list")
                    .step(Step.named("load")
                            .writes(POSTS, COUNTS)
                            .run(v -> Need.of(
                                            query(
                                                    "posts",
                                                    "SELECT " + POST_COLUMNS + " FROM posts ORDER BY id DESC",
                                                    List.of(),
                                                    POSTS),
                                            query(
                                                    "counts",
                                                    "SELECT post_id, count(*) AS n FROM comments GROUP BY post_id",
                                                    List.of(),
                                                    COUNTS))
                                    .mode(Mode.PARALLEL)
                                    .join(Join.ALL)
                                    .build()))
                    .step(Step.named("render").reads(POSTS, COUNTS).run(v -> {
                        Map<Long, Long> counts = new HashMap<>();
                        for (Map<String, Object> r : v.require(COUNTS).rows()) {
                            counts.put(number(r, "post_id"), number(r, "n"));
                        }
                        List<Map<String, Object>> out = new ArrayList<>();
                        for (Map<String, Object> r : v.require(POSTS).rows()) {
                            Map<String, Object> p = postJson(post(r));
                            p.put("comments", counts.getOrDefault(number(r, "id"), 0L));
                            out.add(p);
                        }
                        return json(200, out, Map.of());
                    }))
                    .build();
        }

        /**
         * Inserts the post, then publishes its feed entry; the insert's compensation deletes the post
         * when the publication (or anything after the insert) fails.
         */
        Pipeline create() {
            return Pipeline.route("api.posts.create")
                    .seeds(REQ)
                    .step(Step.named("validate").reads(REQ).writes(INPUT).run(v -> {
                        v.put(INPUT, parse(v.require(REQ).body(), true, true));
                        return new Decision.Continue();
                    }))
                    .step(Step.named("insert").reads(INPUT).writes(POST).run(v -> {
                        Post in = v.require(INPUT);
                        AtomicLong created = new AtomicLong(-1);
                        Effect<Db.Rows> insert = recordingId(
                                query(
                                        "post.insert",
                                        "INSERT INTO posts(title, author, body) VALUES (?, ?, ?) RETURNING "
                                                + POST_COLUMNS,
                                        List.of(in.title(), in.author(), in.body()),
                                        POST),
                                created);
                        Compensation undo = new Compensation(
                                "post.insert",
                                "post.uninsert",
                                RETRY,
                                attempt -> db.update(
                                                "post.uninsert",
                                                "DELETE FROM posts WHERE id = ?",
                                                List.of(created.get()),
                                                null)
                                        .operation()
                                        .start(attempt));
                        return Need.of(insert).compensate(undo).build();
                    }))
                    .step(Step.named("publish").reads(POST).run(v -> {
                        Post p = post(v.require(POST).rows().get(0));
                        return Need.of(JsonFile.write("feed.write", feedEntry(p.id()), CACHED, p)
                                        .retry(RETRY))
                                .build();
                    }))
                    .step(Step.named("created").reads(POST).run(v -> {
                        Post p = post(v.require(POST).rows().get(0));
                        return json(201, postJson(p), Map.of("Location", "/api/posts/" + p.id()));
                    }))
                    .build();
        }

        /**
         * The post and its comments. The post comes from the cache or the database, whichever
         * succeeds first (FIRST_SUCCESS, both optional); then the comments are read while, if the
         * database answered, the cache is refilled (a PARALLEL Need).
         */
        Pipeline read() {
            return Pipeline.route("api.posts.read")
                    .seeds(REQ)
                    .step(Step.named("post").reads(REQ).writes(CACHED, POST).run(v -> {
                        long id = id(v.require(REQ), "id");
                        // The cache first: an in-process hit completes while the Need starts its
                        // effects, and the runtime handles completions in the order they were posted,
                        // so a hit always wins and the database read (started too) is cancelled. A
                        // remote cache answers later: ask it first, the database only on a miss.
                        return Need.of(
                                        missFails(cache.get("post.cache", cacheKey(id), CACHED)),
                                        query(
                                                        "post.db",
                                                        "SELECT " + POST_COLUMNS + " FROM posts WHERE id = ?",
                                                        List.of(id),
                                                        POST)
                                                .optional())
                                .mode(cache.inProcess() ? Mode.PARALLEL : Mode.SEQUENTIAL)
                                .join(Join.FIRST_SUCCESS)
                                .build();
                    }))
                    .step(Step.named("comments")
                            .reads(REQ, CACHED, POST)
                            .writes(COMMENTS)
                            .run(v -> {
                                Post p = found(
                                        v.optional(CACHED).orElse(null),
                                        v.optional(POST).orElse(null));
                                if (p == null) {
                                    return noSuchPost();
                                }
                                Need.Builder n = Need.of(query(
                                        "comments",
                                        "SELECT " + COMMENT_COLUMNS + " FROM comments WHERE post_id = ? ORDER BY id",
                                        List.of(p.id()),
                                        COMMENTS));
                                if (v.optional(CACHED).isEmpty()) {
                                    n.and(cache.set("post.refill", cacheKey(p.id()), CACHED, p, CACHE_TTL)
                                            .optional());
                                }
                                return n.mode(Mode.PARALLEL).join(Join.ALL).build();
                            }))
                    .step(Step.named("render").reads(CACHED, POST, COMMENTS).run(v -> {
                        Post cached = v.optional(CACHED).orElse(null);
                        Map<String, Object> out =
                                postJson(found(cached, v.optional(POST).orElse(null)));
                        out.put("comments", commentsJson(v.require(COMMENTS)));
                        return json(200, out, Map.of("X-Source", cached != null ? "cache" : "db"));
                    }))
                    .build();
        }

        /** Updates the given fields, then drops the cached copy (in sequence: never a stale refill). */
        Pipeline update() {
            return Pipeline.route("api.posts.update")
                    .seeds(REQ)
                    .step(Step.named("validate").reads(REQ).writes(INPUT).run(v -> {
                        v.put(INPUT, parse(v.require(REQ).body(), false, true));
                        return new Decision.Continue();
                    }))
                    .step(Step.named("update").reads(REQ, INPUT).writes(POST).run(v -> {
                        long id = id(v.require(REQ), "id");
                        Post in = v.require(INPUT);
                        return Need.of(
                                        query(
                                                "post.update",
                                                "UPDATE posts SET title = coalesce(?, title), author = coalesce(?, author),"
                                                        + " body = coalesce(?, body) WHERE id = ? RETURNING "
                                                        + POST_COLUMNS,
                                                Arrays.asList(in.title(), in.author(), in.body(), id),
                                                POST),
                                        cache.delete("post.uncache", cacheKey(id)))
                                .sequential()
                                .join(Join.ALL)
                                .build();
                    }))
                    .step(Step.named("render")
                            .reads(POST)
                            .run(v -> v.require(POST).rows().isEmpty()
                                    ? noSuchPost()
                                    : json(
                                            200,
                                            postJson(post(v.require(POST).rows().get(0))),
                                            Map.of())))
                    .build();
        }

        /** Deletes the post, then its comments, its cached copy and its feed entry, in sequence. */
        Pipeline delete() {
            return Pipeline.route("api.posts.delete")
                    .seeds(REQ)
                    .step(Step.named("delete").reads(REQ).writes(CHANGED).run(v -> {
                        long id = id(v.require(REQ), "id");
                        Path entry = feedEntry(id);
                        return Need.of(
                                        statement(
                                                "post.delete", "DELETE FROM posts WHERE id = ?", List.of(id), CHANGED),
                                        statement(
                                                "post.comments.delete",
                                                "DELETE FROM comments WHERE post_id = ?",
                                                List.of(id),
                                                null),
                                        cache.delete("post.uncache", cacheKey(id)),
                                        Effect.<Void>of(
                                                        "feed.delete",
                                                        null,
                                                        attempt -> Blocking.start("feed.delete", () -> {
                                                            Files.deleteIfExists(entry);
                                                            return null;
                                                        }))
                                                .optional())
                                .sequential()
                                .join(Join.ALL)
                                .build();
                    }))
                    .step(Step.named("render")
                            .reads(CHANGED)
                            .run(v -> v.require(CHANGED) == 0 ? noSuchPost() : noContent()))
                    .build();
        }

        // ---- comments ----

        /** A post's comments, oldest first: the post and its comments read by a PARALLEL Need. */
        Pipeline comments() {
            return Pipeline.route("api.comments.list")
                    .seeds(REQ)
                    .step(Step.named("load").reads(REQ).writes(POST, COMMENTS).run(v -> {
                        long id = id(v.require(REQ), "id");
                        return Need.of(
                                        query("post", "SELECT id FROM posts WHERE id = ?", List.of(id), POST),
                                        query(
                                                "comments",
                                                "SELECT " + COMMENT_COLUMNS
                                                        + " FROM comments WHERE post_id = ? ORDER BY id",
                                                List.of(id),
                                                COMMENTS))
                                .mode(Mode.PARALLEL)
                                .join(Join.ALL)
                                .build();
                    }))
                    .step(Step.named("render")
                            .reads(POST, COMMENTS)
                            .run(v -> v.require(POST).rows().isEmpty()
                                    ? noSuchPost()
                                    : json(200, commentsJson(v.require(COMMENTS)), Map.of())))
                    .build();
        }

        /** Adds a comment to an existing post (one statement: no post, no comment). */
        Pipeline createComment() {
            return Pipeline.route("api.comments.create")
                    .seeds(REQ)
                    .step(Step.named("validate").reads(REQ).writes(INPUT).run(v -> {
                        v.put(INPUT, parse(v.require(REQ).body(), true, false));
                        return new Decision.Continue();
                    }))
                    .step(Step.named("insert")
                            .reads(REQ, INPUT)
                            .writes(COMMENTS)
                            .run(v -> {
                                Post in = v.require(INPUT);
                                return Need.of(query(
                                                "comment.insert",
                                                "INSERT INTO comments(post_id, author, body) SELECT id, ?, ? FROM posts"
                                                        + " WHERE id = ? RETURNING " + COMMENT_COLUMNS,
                                                List.of(in.author(), in.body(), id(v.require(REQ), "id")),
                                                COMMENTS))
                                        .build();
                            }))
                    .step(Step.named("render").reads(COMMENTS).run(v -> {
                        List<Map<String, Object>> rows = v.require(COMMENTS).rows();
                        if (rows.isEmpty()) {
                            return noSuchPost();
                        }
                        Map<String, Object> c = commentJson(rows.get(0));
                        return json(
                                201,
                                c,
                                Map.of("Location", "/api/posts/" + c.get("postId") + "/comments/" + c.get("id")));
                    }))
                    .build();
        }

        /** Changes a comment's author or body. */
        Pipeline updateComment() {
            return Pipeline.route("api.comments.update")
                    .seeds(REQ)
                    .step(Step.named("validate").reads(REQ).writes(INPUT).run(v -> {
                        v.put(INPUT, parse(v.require(REQ).body(), false, false));
                        return new Decision.Continue();
                    }))
                    .step(Step.named("update")
                            .reads(REQ, INPUT)
                            .writes(COMMENTS)
                            .run(v -> {
                                Post in = v.require(INPUT);
                                FlowRequest r = v.require(REQ);
                                return Need.of(query(
                                                "comment.update",
                                                "UPDATE comments SET author = coalesce(?, author), body = coalesce(?, body)"
                                                        + " WHERE id = ? AND post_id = ? RETURNING " + COMMENT_COLUMNS,
                                                Arrays.asList(in.author(), in.body(), id(r, "commentId"), id(r, "id")),
                                                COMMENTS))
                                        .build();
                            }))
                    .step(Step.named("render")
                            .reads(COMMENTS)
                            .run(v -> v.require(COMMENTS).rows().isEmpty()
                                    ? noSuchComment()
                                    : json(
                                            200,
                                            commentJson(
                                                    v.require(COMMENTS).rows().get(0)),
                                            Map.of())))
                    .build();
        }

        /** Deletes a comment of a post. */
        Pipeline deleteComment() {
            return Pipeline.route("api.comments.delete")
                    .seeds(REQ)
                    .step(Step.named("delete").reads(REQ).writes(CHANGED).run(v -> {
                        FlowRequest r = v.require(REQ);
                        return Need.of(statement(
                                        "comment.delete",
                                        "DELETE FROM comments WHERE id = ? AND post_id = ?",
                                        List.of(id(r, "commentId"), id(r, "id")),
                                        CHANGED))
                                .build();
                    }))
                    .step(Step.named("render")
                            .reads(CHANGED)
                            .run(v -> v.require(CHANGED) == 0 ? noSuchComment() : noContent()))
                    .build();
        }

        Path feedEntry(long id) {
            return feedDir.resolve("post-" + id + ".json");
        }
    }

    // ---- effect helpers ----

    /** The cache key of post {@code id}. */
    static String cacheKey(long id) {
        return "post/" + id;
    }

    /**
     * {@code get}, optional, with a miss turned into a failure: in a FIRST_SUCCESS join a miss must
     * not win over the other source with an empty slot.
     */
    static <T> Effect<T> missFails(Effect<T> get) {
        var op = get.operation();
        return new Effect<T>(
                get.name(), get.kind(), get.target(), get.result(), false, get.timeout(), get.retry(), a -> {
                    Promise<Object> p = new Promise<>();
                    Future<?> inner = op.start(a);
                    inner.onComplete((value, error) -> {
                        if (error != null) {
                            p.fail(error);
                        } else if (value == null) {
                            p.fail(new NoSuchElementException("cache miss: " + get.target()));
                        } else {
                            p.complete(value);
                        }
                    });
                    p.onComplete((value, error) -> {
                        if (p.isCancelled()) {
                            inner.cancel();
                        }
                    });
                    return p;
                });
    }

    /** {@code insert}, which also keeps the id of the row it returned (for its compensation). */
    static Effect<Db.Rows> recordingId(Effect<Db.Rows> insert, AtomicLong id) {
        var op = insert.operation();
        return new Effect<>(
                insert.name(),
                insert.kind(),
                insert.target(),
                insert.result(),
                insert.required(),
                insert.timeout(),
                insert.retry(),
                a -> {
                    Promise<Object> p = new Promise<>();
                    Future<?> inner = op.start(a);
                    inner.onComplete((value, error) -> {
                        if (error != null) {
                            p.fail(error);
                            return;
                        }
                        if (value instanceof Db.Rows rows && !rows.rows().isEmpty()) {
                            id.set(number(rows.rows().get(0), "id"));
                        }
                        p.complete(value);
                    });
                    p.onComplete((value, error) -> {
                        if (p.isCancelled()) {
                            inner.cancel();
                        }
                    });
                    return p;
                });
    }

    // ---- input ----

    /**
     * The body as a post (with a title) or a comment (without); a required field must be there, a
     * given one must be text of 1 to its maximum characters. Errors name the field (400).
     */
    static Post parse(String body, boolean required, boolean isPost) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null || body.isBlank() ? "null" : body);
        } catch (Exception e) {
            throw new FlowFailure(FlowError.of(400, "the body is not JSON", "body"));
        }
        if (n == null || !n.isObject()) {
            throw new FlowFailure(FlowError.of(400, "the body must be a JSON object", "body"));
        }
        String title = isPost ? field(n, "title", 200, required) : null;
        String author = field(n, "author", 100, required);
        String text = field(n, "body", isPost ? 20000 : 5000, required);
        return new Post(null, title, author, text);
    }

    private static String field(JsonNode n, String name, int max, boolean required) {
        JsonNode f = n.get(name);
        if (f == null || f.isNull()) {
            if (required) {
                throw new FlowFailure(FlowError.of(400, name + " is required", name));
            }
            return null;
        }
        if (!f.isTextual() || f.asText().isBlank() || f.asText().length() > max) {
            throw new FlowFailure(FlowError.of(400, name + " must be text of 1 to " + max + " characters", name));
        }
        return f.asText();
    }

    private static long id(FlowRequest r, String param) {
        String s = r.param(param);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new FlowFailure(FlowError.of(400, param + " must be a number, got '" + s + "'", param));
        }
    }

    // ---- output ----

    private static Post found(Post cached, Db.Rows rows) {
        if (cached != null) {
            return cached;
        }
        return rows == null || rows.rows().isEmpty() ? null : post(rows.rows().get(0));
    }

    private static Post post(Map<String, Object> r) {
        return new Post(number(r, "id"), (String) r.get("title"), (String) r.get("author"), (String) r.get("body"));
    }

    private static long number(Map<String, Object> r, String column) {
        return ((Number) r.get(column)).longValue();
    }

    private static Map<String, Object> postJson(Post p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("title", p.title());
        m.put("author", p.author());
        m.put("body", p.body());
        return m;
    }

    private static Map<String, Object> commentJson(Map<String, Object> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", number(r, "id"));
        m.put("postId", number(r, "post_id"));
        m.put("author", r.get("author"));
        m.put("body", r.get("body"));
        return m;
    }

    private static List<Map<String, Object>> commentsJson(Db.Rows rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows.rows()) {
            out.add(commentJson(r));
        }
        return out;
    }

    private static Decision json(int status, Object value, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.putAll(headers);
        try {
            return new Decision.Done(new FlowResponse(status, h, JSON.writeValueAsBytes(value)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static Decision noContent() {
        return new Decision.Done(new FlowResponse(204, Map.of(), new byte[0]));
    }

    private static Decision noSuchPost() {
        return new Decision.Fail(FlowError.of(404, "no such post", "id"));
    }

    private static Decision noSuchComment() {
        return new Decision.Fail(FlowError.of(404, "no such comment", "commentId"));
    }
}

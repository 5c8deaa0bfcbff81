package dev.lockstep.cli.app;

import dev.lockstep.flow.Db;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.FlowFailure;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.Join;
import dev.lockstep.flow.Mode;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RetryPolicy;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.route.Query;
import dev.lockstep.flow.server.FlowRequest;
import dev.lockstep.flow.server.FlowServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The example application's blog pages: the post list, a post with its comments (the post and its
 * comments are read by a PARALLEL Need of two queries, joined with ALL), and HTML forms that create
 * posts and comments and redirect back (303). Every database effect is retried with backoff.
 */
final class BlogApp {
    private BlogApp() {}

    private static final Slot<FlowRequest> REQ = FlowServer.REQUEST;
    private static final Slot<Db.Rows> POSTS = Slot.json("blog.posts", Db.Rows.class);
    private static final Slot<Db.Rows> POST = Slot.json("blog.post", Db.Rows.class);
    private static final Slot<Db.Rows> COMMENTS = Slot.json("blog.comments", Db.Rows.class);
    private static final Slot<Db.Rows> CREATED = Slot.json("blog.created", Db.Rows.class);
    private static final RetryPolicy RETRY = RetryPolicy.exponential(3, Duration.ofMillis(10), Duration.ofMillis(200));

    static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS posts(id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,"
                    + " author TEXT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS comments(id INTEGER PRIMARY KEY AUTOINCREMENT, post_id INTEGER NOT NULL,"
                    + " author TEXT NOT NULL, body TEXT NOT NULL)");

    static void routes(FlowServer.Builder b, Db db) {
        b.route(
                "GET",
                "/blog",
                Pipeline.route("blog.index")
                        .step(Step.named("list")
                                .writes(POSTS)
                                .run(v -> Need.of(db.query(
                                                        "posts",
                                                        "SELECT id, title, author, body FROM posts ORDER BY id DESC",
                                                        List.of(),
                                                        POSTS)
                                                .retry(RETRY))
                                        .build()))
                        .step(Step.named("page").reads(POSTS).run(v -> html(200, Pages.index(posts(v.require(POSTS))))))
                        .build());
        b.route(
                "GET",
                "/blog/posts/:id",
                Pipeline.route("blog.post")
                        .seeds(REQ)
                        .step(Step.named("load")
                                .reads(REQ)
                                .writes(POST, COMMENTS)
                                .run(v -> {
                                    long id = id(v.require(REQ));
                                    return Need.of(
                                                    db.query(
                                                                    "post",
                                                                    "SELECT id, title, author, body FROM posts WHERE id = ?",
                                                                    List.of(id),
                                                                    POST)
                                                            .retry(RETRY),
                                                    db.query(
                                                                    "comments",
                                                                    "SELECT id, post_id, author, body FROM comments WHERE post_id = ?"
                                                                            + " ORDER BY id",
                                                                    List.of(id),
                                                                    COMMENTS)
                                                            .retry(RETRY))
                                            .mode(Mode.PARALLEL)
                                            .join(Join.ALL)
                                            .build();
                                }))
                        .step(Step.named("page").reads(POST, COMMENTS).run(v -> {
                            List<Pages.Post> p = posts(v.require(POST));
                            if (p.isEmpty()) {
                                return html(404, Pages.notFound("There is no such post."));
                            }
                            return html(200, Pages.post(p.get(0), comments(v.require(COMMENTS))));
                        }))
                        .build());
        b.route(
                "POST",
                "/blog/posts",
                Pipeline.route("blog.create")
                        .seeds(REQ)
                        .step(Step.named("insert").reads(REQ).writes(CREATED).run(v -> {
                            Query f = Query.parse(v.require(REQ).body());
                            return Need.of(db.query(
                                                    "insert",
                                                    "INSERT INTO posts(title, author, body) VALUES (?, ?, ?) RETURNING id",
                                                    List.of(
                                                            field(f, "title", 200),
                                                            field(f, "author", 100),
                                                            field(f, "body", 20000)),
                                                    CREATED)
                                            .retry(RETRY))
                                    .build();
                        }))
                        .step(Step.named("redirect")
                                .reads(CREATED)
                                .run(v -> seeOther("/blog/posts/"
                                        + v.require(CREATED).rows().get(0).get("id"))))
                        .build());
        b.route(
                "POST",
                "/blog/posts/:id/comments",
                Pipeline.route("blog.comment")
                        .seeds(REQ)
                        .step(Step.named("insert").reads(REQ).writes(CREATED).run(v -> {
                            FlowRequest r = v.require(REQ);
                            Query f = Query.parse(r.body());
                            long id = id(r);
                            return Need.of(db.query(
                                                    "insert",
                                                    "INSERT INTO comments(post_id, author, body) SELECT id, ?, ? FROM posts WHERE id = ?"
                                                            + " RETURNING post_id",
                                                    List.of(field(f, "author", 100), field(f, "body", 5000), id),
                                                    CREATED)
                                            .retry(RETRY))
                                    .build();
                        }))
                        .step(Step.named("redirect")
                                .reads(CREATED, REQ)
                                .run(v -> v.require(CREATED).rows().isEmpty()
                                        ? html(404, Pages.notFound("There is no such post."))
                                        : seeOther(
                                                "/blog/posts/" + v.require(REQ).param("id"))))
                        .build());
    }

    private static String field(Query f, String name, int max) {
        String v = f.first(name);
        if (v == null || v.isBlank() || v.length() > max) {
            throw new FlowFailure(FlowError.of(400, name + " must be text of 1 to " + max + " characters", name));
        }
        return v;
    }

    private static long id(FlowRequest r) {
        try {
            return Long.parseLong(r.param("id"));
        } catch (NumberFormatException e) {
            throw new FlowFailure(FlowError.of(400, "the post id must be a number", "id"));
        }
    }

    private static Decision html(int status, String page) {
        return new Decision.Done(new FlowResponse(
                status, Map.of("Content-Type", "text/html; charset=utf-8"), page.getBytes(StandardCharsets.UTF_8)));
    }

    private static Decision seeOther(String location) {
        return new Decision.Done(new FlowResponse(303, Map.of("Location", location), new byte[0]));
    }

    private static List<Pages.Post> posts(Db.Rows rows) {
        List<Pages.Post> out = new ArrayList<>();
        for (Map<String, Object> r : rows.rows()) {
            out.add(new Pages.Post(
                    ((Number) r.get("id")).longValue(),
                    (String) r.get("title"),
                    (String) r.get("body"),
                    (String) r.get("author"),
                    0));
        }
        return out;
    }

    private static List<Pages.Comment> comments(Db.Rows rows) {
        List<Pages.Comment> out = new ArrayList<>();
        for (Map<String, Object> r : rows.rows()) {
            out.add(new Pages.Comment(
                    ((Number) r.get("id")).longValue(),
                    ((Number) r.get("post_id")).longValue(),
                    (String) r.get("author"),
                    (String) r.get("body"),
                    0));
        }
        return out;
    }
}

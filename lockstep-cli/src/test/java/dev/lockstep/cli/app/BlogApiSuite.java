package dev.lockstep.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.flow.Db;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blog's JSON API over real HTTP (the JDK HttpClient), written once and run on each database
 * backend by a subclass ({@link BlogApiTest}: SQLite; {@link BlogApiPostgresTest}: PostgreSQL).
 * Failures are injected deterministically: attempts of a named effect fail through {@link
 * InjectedFaults}, the database loses its posts table (renamed out of band), or the feed directory
 * is replaced by a plain file.
 */
@Timeout(120)
abstract class BlogApiSuite {
    @TempDir
    Path dir;

    private FlowServer server;
    private FlowConfig.Database database;
    private Path feed;
    private final InjectedFaults faults = new InjectedFaults();

    /** A fresh, empty database of this backend for one test. */
    abstract FlowConfig.Database freshDatabase(Path dir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        database = freshDatabase(dir);
        feed = dir.resolve("feed");
        server = TestApps.start(database, new ExampleApp.Options(feed, faults));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return TestApps.call(server, method, path, body);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = Db.jdbc(database.url(), database.user(), database.password())
                        .connect();
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private long count(String table) throws Exception {
        try (Connection c = Db.jdbc(database.url(), database.user(), database.password())
                        .connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void post(String title) throws Exception {
        var r = call("POST", "/api/posts", "{\"title\":\"" + title + "\",\"author\":\"ada\",\"body\":\"text\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void postsAndCommentsCreateReadUpdateAndDelete() throws Exception {
        var created = call("POST", "/api/posts", "{\"title\":\"Hello\",\"author\":\"ada\",\"body\":\"first\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"id\":1,\"title\":\"Hello\",\"author\":\"ada\",\"body\":\"first\"}");
        assertThat(created.headers().firstValue("Location")).contains("/api/posts/1");
        assertThat(Files.readString(feed.resolve("post-1.json"))).contains("\"title\":\"Hello\"");
        post("Second");

        var comment = call("POST", "/api/posts/1/comments", "{\"author\":\"bob\",\"body\":\"nice\"}");
        assertThat(comment.statusCode()).isEqualTo(201);
        assertThat(comment.body()).isEqualTo("{\"id\":1,\"postId\":1,\"author\":\"bob\",\"body\":\"nice\"}");
        assertThat(comment.headers().firstValue("Location")).contains("/api/posts/1/comments/1");
        call("POST", "/api/posts/1/comments", "{\"author\":\"eve\",\"body\":\"meh\"}");

        assertThat(call("GET", "/api/posts", null).body())
                .isEqualTo("[{\"id\":2,\"title\":\"Second\",\"author\":\"ada\",\"body\":\"text\",\"comments\":0},"
                        + "{\"id\":1,\"title\":\"Hello\",\"author\":\"ada\",\"body\":\"first\",\"comments\":2}]");
        var read = call("GET", "/api/posts/1", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body())
                .isEqualTo("{\"id\":1,\"title\":\"Hello\",\"author\":\"ada\",\"body\":\"first\",\"comments\":["
                        + "{\"id\":1,\"postId\":1,\"author\":\"bob\",\"body\":\"nice\"},"
                        + "{\"id\":2,\"postId\":1,\"author\":\"eve\",\"body\":\"meh\"}]}");

        var updated = call("PUT", "/api/posts/1", "{\"title\":\"Hello again\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.body())
                .isEqualTo("{\"id\":1,\"title\":\"Hello again\",\"author\":\"ada\",\"body\":\"first\"}");
        var reread = call("GET", "/api/posts/1", null);
        assertThat(reread.headers().firstValue("X-Source")).contains("db"); // the update dropped the cached copy
        assertThat(reread.body()).contains("\"title\":\"Hello again\"");

        var edited = call("PUT", "/api/posts/1/comments/2", "{\"body\":\"great\"}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(edited.body()).isEqualTo("{\"id\":2,\"postId\":1,\"author\":\"eve\",\"body\":\"great\"}");
        assertThat(call("DELETE", "/api/posts/1/comments/1", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/posts/1/comments/1", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/posts/1/comments", null).body())
                .isEqualTo("[{\"id\":2,\"postId\":1,\"author\":\"eve\",\"body\":\"great\"}]");

        assertThat(call("DELETE", "/api/posts/1", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/posts/1", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/posts/1/comments", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/posts/1", null).statusCode()).isEqualTo(404);
        assertThat(count("comments")).isZero();
        assertThat(feed.resolve("post-1.json")).doesNotExist();
    }

    @Test
    void badInputIsA400NamingTheFieldAndUnknownIdsA404() throws Exception {
        var noTitle = call("POST", "/api/posts", "{\"author\":\"ada\",\"body\":\"x\"}");
        assertThat(noTitle.statusCode()).isEqualTo(400);
        assertThat(noTitle.body())
                .isEqualTo("{\"error\":{\"code\":400,\"what\":\"title is required\",\"key\":\"title\"}}");
        assertThat(call("POST", "/api/posts", "{\"title\":\"t\",\"author\":\"" + "a".repeat(101) + "\",\"body\":\"x\"}")
                        .body())
                .contains("author must be text of 1 to 100 characters")
                .contains("\"key\":\"author\"");
        assertThat(call("POST", "/api/posts", "{\"title\":\"t\",\"author\":\"a\",\"body\":7}")
                        .body())
                .contains("\"key\":\"body\"");
        assertThat(call("POST", "/api/posts", "not json").body()).contains("the body is not JSON");
        assertThat(call("PUT", "/api/posts/1", "[]").body()).contains("the body must be a JSON object");
        var badId = call("GET", "/api/posts/abc", null);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("id must be a number").contains("\"key\":\"id\"");
        assertThat(call("DELETE", "/api/posts/1/comments/x", null).body()).contains("\"key\":\"commentId\"");
        assertThat(call("POST", "/api/posts/1/comments", "{\"author\":\"bob\"}").body())
                .contains("body is required");

        assertThat(call("GET", "/api/posts/9", null).body())
                .isEqualTo("{\"error\":{\"code\":404,\"what\":\"no such post\",\"key\":\"id\"}}");
        assertThat(call("PUT", "/api/posts/9", "{\"title\":\"t\"}").statusCode())
                .isEqualTo(404);
        assertThat(call("DELETE", "/api/posts/9", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/posts/9/comments", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/posts/9/comments", "{\"author\":\"a\",\"body\":\"b\"}")
                        .statusCode())
                .isEqualTo(404);
        post("One");
        assertThat(call("PUT", "/api/posts/1/comments/5", "{\"body\":\"b\"}").body())
                .contains("no such comment")
                .contains("\"key\":\"commentId\"");
        assertThat(count("posts")).isEqualTo(1);
    }

    @Test
    void readsAnswerFromTheCacheOrTheDatabaseWhicheverSucceedsFirst() throws Exception {
        post("Cached");
        post("Uncached");
        var miss = call("GET", "/api/posts/1", null);
        assertThat(miss.headers().firstValue("X-Source")).contains("db"); // the miss failed, the db answered
        var hit = call("GET", "/api/posts/1", null);
        assertThat(hit.headers().firstValue("X-Source")).contains("cache"); // refilled by the first read
        assertThat(hit.body()).isEqualTo(miss.body());

        sql("ALTER TABLE posts RENAME TO posts_away"); // the database's source fails from now on
        var fromCache = call("GET", "/api/posts/1", null);
        assertThat(fromCache.statusCode()).isEqualTo(200);
        assertThat(fromCache.headers().firstValue("X-Source")).contains("cache");
        assertThat(fromCache.body()).contains("\"title\":\"Cached\"");
        int before = faults.attempts("post.db");
        var neither = call("GET", "/api/posts/2", null); // a miss and a failing database
        assertThat(neither.statusCode()).isEqualTo(502);
        assertThat(neither.body())
                .isEqualTo("{\"error\":{\"code\":502,\"what\":\"no effect succeeded\",\"key\":\"post\"}}");
        assertThat(faults.attempts("post.db")).isEqualTo(before + 3); // the failing source was retried

        sql("ALTER TABLE posts_away RENAME TO posts");
        var back = call("GET", "/api/posts/2", null);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.headers().firstValue("X-Source")).contains("db");
    }

    @Test
    void aFailedAttemptIsRetriedAndTheInsertCommitsOnce() throws Exception {
        faults.failFirstAttempts("post.insert", 1);
        faults.failFirstAttempts("post.db", 2);
        var created = call("POST", "/api/posts", "{\"title\":\"Retried\",\"author\":\"ada\",\"body\":\"x\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(faults.attempts("post.insert")).isEqualTo(2);
        assertThat(count("posts")).isEqualTo(1);
        var read = call("GET", "/api/posts/1", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Source")).contains("db");
        assertThat(faults.attempts("post.db")).isEqualTo(3);

        faults.failFirstAttempts("comment.insert", 3); // every attempt of the policy fails
        var gaveUp = call("POST", "/api/posts/1/comments", "{\"author\":\"bob\",\"body\":\"hi\"}");
        assertThat(gaveUp.statusCode()).isEqualTo(502);
        assertThat(gaveUp.body()).contains("\"key\":\"comment.insert\"");
        assertThat(count("comments")).isZero();
    }

    @Test
    void aPostWhoseFeedEntryCannotBeWrittenIsDeletedByItsCompensation() throws Exception {
        post("Published");
        assertThat(feed.resolve("post-1.json")).exists();

        Files.delete(feed.resolve("post-1.json"));
        Files.delete(feed);
        Files.writeString(feed, "not a directory"); // every write of a feed entry fails now
        var failed = call("POST", "/api/posts", "{\"title\":\"Half\",\"author\":\"ada\",\"body\":\"x\"}");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body())
                .isEqualTo("{\"error\":{\"code\":502,\"what\":\"effect failed\",\"key\":\"feed.write\"}}");
        assertThat(count("posts")).isEqualTo(1); // the insert was undone before the answer
        assertThat(call("GET", "/api/posts", null).body()).doesNotContain("Half");

        Files.delete(feed);
        Files.createDirectory(feed);
        post("Whole");
        assertThat(count("posts")).isEqualTo(2);
        assertThat(call("GET", "/api/posts", null).body()).contains("Whole").doesNotContain("Half");
    }
}

package dev.lockstep.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.flow.Db;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.Join;
import dev.lockstep.flow.KvCache;
import dev.lockstep.flow.Mode;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.ReqTest;
import dev.lockstep.flow.server.FlowRequest;
import dev.lockstep.flow.server.FlowServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the blog API's steps ask for, inspected as plain values (nothing runs): which route uses a
 * PARALLEL Need, the FIRST_SUCCESS join, retries and the compensation.
 */
class BlogApiNeedsTest {
    @TempDir
    Path dir;

    private BlogApi.Routes routes() {
        return new BlogApi.Routes(Db.sqlite(dir.resolve("x.db")), KvCache.create("t", 10), dir, Faults.NONE);
    }

    private static FlowRequest get(String path, Map<String, String> params) {
        return new FlowRequest("GET", path, params, Map.of(), Map.of(), "", "r1");
    }

    @Test
    void readingAPostAsksTheCacheAndTheDatabaseAtOnceFirstSuccessBothOptional() {
        Need n = ReqTest.step(routes().read().steps().get(0))
                .seed(FlowServer.REQUEST, get("/api/posts/7", Map.of("id", "7")))
                .run()
                .assertNeed();
        assertThat(n.mode()).isEqualTo(Mode.PARALLEL);
        assertThat(n.join()).isEqualTo(Join.FIRST_SUCCESS);
        assertThat(n.effects()).extracting(Effect::name).containsExactly("post.cache", "post.db");
        assertThat(n.effects()).noneMatch(Effect::required);
        assertThat(n.effect("post.cache").kind()).isEqualTo("cache.get");
        assertThat(n.effect("post.db").retry()).isEqualTo(BlogApi.RETRY);
    }

    @Test
    void listingPostsReadsThemAndTheirCommentCountsInParallel() {
        Need n = ReqTest.step(routes().list().steps().get(0)).run().assertNeed();
        assertThat(n.mode()).isEqualTo(Mode.PARALLEL);
        assertThat(n.join()).isEqualTo(Join.ALL);
        assertThat(n.effects()).extracting(Effect::name).containsExactly("posts", "counts");
        assertThat(n.effects()).allMatch(e -> e.retry().equals(BlogApi.RETRY));
    }

    @Test
    void creatingAPostInsertsItWithACompensationThatDeletesIt() {
        Need n = ReqTest.step(routes().create().steps().get(1))
                .seed(BlogApi.INPUT, new BlogApi.Post(null, "t", "a", "b"))
                .run()
                .assertNeed();
        assertThat(n.effects()).extracting(Effect::name).containsExactly("post.insert");
        assertThat(n.effect("post.insert").retry()).isEqualTo(BlogApi.RETRY);
        assertThat(n.compensations()).singleElement().satisfies(c -> {
            assertThat(c.effect()).isEqualTo("post.insert");
            assertThat(c.name()).isEqualTo("post.uninsert");
            assertThat(c.retry()).isEqualTo(BlogApi.RETRY);
        });
        assertThat(routes().create().steps())
                .extracting(s -> s.name())
                .isEqualTo(List.of("validate", "insert", "publish", "created"));
    }
}

package dev.lockstep.cli.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.cluster.ClusterMember;
import dev.lockstep.cluster.DistributedResultCache;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.KvCache;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.ReqTest;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.ConfigException;
import dev.lockstep.flow.config.ConfigReader;
import dev.lockstep.flow.config.FlowConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example application with a cluster section: the section becomes a cluster configuration
 * (errors naming its keys), two instances of the application share the blog's posts cache over
 * real HTTP, and the flow cache effects work across two members on a DistributedResultCache.
 */
@Timeout(120)
class ExampleClusterTest {
    @TempDir
    Path dir;

    @Test
    void theClusterSectionBecomesAClusterConfig() {
        FlowConfig c = ConfigReader.parse("""
                cluster:
                  name: blog
                  bindAddress: 127.0.0.1
                  portBase: 6701
                  portCount: 2
                  members: [127.0.0.1, "127.0.0.1:6702"]
                """, true, "serve.yaml");
        assertThat(ExampleCluster.clusterConfig(c.cluster()))
                .isEqualTo(new ClusterConfig("blog", "127.0.0.1", 6701, 2, List.of("127.0.0.1", "127.0.0.1:6702")));
    }

    @Test
    void aMemberTheClusterRejectsIsAConfigErrorNamingItsKey() {
        FlowConfig c = ConfigReader.parse("cluster:\n  members: [127.0.0.1, 'host:http']\n", true, "serve.yaml");
        assertThatThrownBy(() -> ExampleCluster.clusterConfig(c.cluster()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cluster.members[1]: ")
                .hasMessageContaining("\"host:http\" has port \"http\"")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("cluster.members[1]"));
        FlowConfig clustered = FlowConfig.DEFAULTS.withCluster(FlowConfig.Cluster.DEFAULTS);
        assertThatThrownBy(() -> ExampleApp.start(clustered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ExampleApp.serve");
    }

    /** One instance of the application on its own SQLite file, in {@code cluster}. */
    private ExampleApp.Serving serve(String name, FlowConfig.Cluster cluster, InjectedFaults faults) {
        FlowConfig.Server s = new FlowConfig.Server(
                "127.0.0.1",
                0,
                1,
                8192,
                16384,
                100,
                1 << 20,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        FlowConfig config = new FlowConfig(
                s,
                FlowConfig.Pools.DEFAULTS,
                TestApps.sqlite(dir.resolve(name + ".db")),
                FlowConfig.Observability.DEFAULTS,
                cluster);
        return ExampleApp.serve(config, new ExampleApp.Options(dir.resolve(name + "-feed"), faults));
    }

    @Test
    void twoInstancesInAClusterShareThePostsCacheOverHttp() throws Exception {
        FlowConfig.Cluster cluster = TestCluster.loopback(2);
        InjectedFaults faultsB = new InjectedFaults();
        try (ExampleApp.Serving a = serve("a", cluster, new InjectedFaults());
                ExampleApp.Serving b = serve("b", cluster, faultsB)) {
            assertThat(a.cluster().member().members()).hasSize(2);
            var created = TestApps.call(
                    a.server(), "POST", "/api/posts", "{\"title\":\"Shared\",\"author\":\"ada\",\"body\":\"text\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> first = TestApps.call(a.server(), "GET", "/api/posts/1", null);
            assertThat(first.headers().firstValue("X-Source")).contains("db"); // a miss; the read refills the cache
            HttpResponse<String> second = TestApps.call(a.server(), "GET", "/api/posts/1", null);
            assertThat(second.headers().firstValue("X-Source")).contains("cache"); // asked first: a hit answers
            assertThat(second.body()).isEqualTo(first.body());

            // b has its own, empty database whose reads fail: only the cluster's cache can answer
            faultsB.failFirstAttempts("post.db", 3);
            HttpResponse<String> onB = TestApps.call(b.server(), "GET", "/api/posts/1", null);
            assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
            assertThat(onB.headers().firstValue("X-Source")).contains("cache");
            assertThat(onB.body()).contains("\"title\":\"Shared\"");

            var deleted = TestApps.call(a.server(), "DELETE", "/api/posts/1", null); // drops the cached copy too
            assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
            HttpResponse<String> gone = TestApps.call(b.server(), "GET", "/api/posts/1", null);
            assertThat(gone.statusCode()).isEqualTo(502); // neither source has it now
        }
    }

    static final Slot<String> TEXT = Slot.text("text");

    private static ReqTest.RouteResult runOne(Effect<?> effect, Slot<?>... into) {
        Step s = Step.named("go").writes(into).run(v -> Need.of(effect).build());
        Step done = Step.named("done").run(v -> Decision.done(FlowResponse.text(200, "ok")));
        return ReqTest.route(Pipeline.route("one").step(s).step(done).build())
                .allowRealEffects()
                .run();
    }

    @Test
    void theFlowCacheEffectsWorkAcrossTwoMembers() {
        var config = ExampleCluster.clusterConfig(TestCluster.loopback(2));
        try (ClusterMember a = ClusterMember.start(config);
                ClusterMember b = ClusterMember.start(config)) {
            Duration minute = Duration.ofMinutes(1);
            KvCache onA = KvCache.create(
                    "docs",
                    DistributedResultCache.<String, byte[]>create(a, "docs", minute)
                            .asStore());
            KvCache onB = KvCache.create(
                    "docs",
                    DistributedResultCache.<String, byte[]>create(b, "docs", minute)
                            .asStore());
            runOne(onA.set("set", "d1", TEXT, "hello", minute));
            assertThat(runOne(onB.get("get", "d1", TEXT), TEXT).slot(TEXT)).contains("hello");
            assertThat(runOne(onB.get("get", "d2", TEXT), TEXT).slot(TEXT)).isEmpty(); // a miss
            runOne(onB.delete("del", "d1"));
            assertThat(runOne(onA.get("get", "d1", TEXT), TEXT).slot(TEXT)).isEmpty();
            assertThatThrownBy(() -> onA.peek("d1")).isInstanceOf(IllegalStateException.class);
        }
    }
}

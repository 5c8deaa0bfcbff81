package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lockstep.core.Engine;
import dev.lockstep.core.time.VirtualClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compute, cache, file and HTTP effects with real parts. */
class OtherEffectsTest {
    record Doc(String title, int pages) {}

    static final Slot<Doc> DOC = Slot.json("doc", Doc.class);
    static final Slot<String> TEXT = Slot.text("text");
    static final Slot<Long> N = Slot.number("n");

    @TempDir
    Path dir;

    private static ReqTest.RouteResult runOne(Effect<?> effect, Slot<?>... into) {
        Step s = Step.named("go").writes(into).run(v -> Need.of(effect).build());
        Step done = Step.named("done").run(v -> Decision.done(FlowResponse.text(200, "ok")));
        return ReqTest.route(Pipeline.route("one").step(s).step(done).build())
                .allowRealEffects()
                .run();
    }

    @Test
    void computeTaskOnTheEngine() {
        try (Engine engine = Engine.builder().workers(2).build()) {
            var r = runOne(Compute.task(engine, "sum", N, () -> 21L * 2), N);
            assertThat(r.slot(N)).contains(42L);
        }
    }

    @Test
    void aComputeTaskOverItsCpuBudgetIsA503NamingTheEffect() {
        try (Engine engine = Engine.builder().workers(1).build()) {
            var r = runOne(
                    Compute.task(engine, "spin", N, Compute.Priority.HIGH, Duration.ofMillis(1), () -> {
                        long n = 0;
                        while (!Compute.budgetExceeded()) {
                            n++;
                        }
                        return n;
                    }),
                    N);
            assertThat(r.response().status()).isEqualTo(503);
            assertThat(r.response().bodyText())
                    .contains("compute budget exceeded")
                    .contains("spin");
            var ok =
                    runOne(Compute.task(engine, "cheap", N, Compute.Priority.LOW, Duration.ofSeconds(30), () -> 5L), N);
            assertThat(ok.slot(N)).contains(5L);
        }
        assertThatThrownBy(() -> Compute.task(null, "x", N, Compute.Priority.LOW, Duration.ZERO, () -> 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("CPU budget");
    }

    @Test
    void cacheSetGetDeleteWithTtl() {
        VirtualClock clock = new VirtualClock();
        KvCache cache = KvCache.create("docs", 100, clock);
        runOne(cache.set("set", "d1", DOC, new Doc("spec", 12), Duration.ofSeconds(10)));
        assertThat(runOne(cache.get("get", "d1", DOC), DOC).slot(DOC)).contains(new Doc("spec", 12));
        clock.advance(Duration.ofSeconds(11).toNanos());
        assertThat(runOne(cache.get("get", "d1", DOC), DOC).slot(DOC)).isEmpty();
        runOne(cache.set("set", "d2", TEXT, "x", Duration.ofSeconds(10)));
        assertThat(cache.peek("d2")).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        runOne(cache.delete("del", "d2"));
        assertThat(cache.peek("d2")).isNull();
    }

    @Test
    void jsonFileWriteThenRead() throws Exception {
        Path f = dir.resolve("doc.json");
        runOne(JsonFile.write("w", f, DOC, new Doc("guide", 3)));
        assertThat(Files.readString(f)).isEqualTo("{\"title\":\"guide\",\"pages\":3}");
        assertThat(runOne(JsonFile.read("r", f, DOC), DOC).slot(DOC)).contains(new Doc("guide", 3));
        var missing = runOne(JsonFile.read("r", dir.resolve("nope.json"), DOC), DOC);
        assertThat(missing.response().status()).isEqualTo(502);
    }

    @Test
    void httpGetLandsTheBodyAndRetriesA503() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/doc", ex -> {
            int n = calls.incrementAndGet();
            byte[] body = n == 1 ? new byte[0] : "{\"title\":\"remote\",\"pages\":9}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(n == 1 ? 503 : 200, body.length == 0 ? -1 : body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/doc");
            Step s = Step.named("fetch")
                    .writes(DOC)
                    .run(v -> Need.of(HttpCall.get(client, "remote", uri, DOC)
                                    .timeout(Duration.ofSeconds(20))
                                    .retry(RetryPolicy.exponential(3, Duration.ofMillis(10), Duration.ofMillis(10))))
                            .build());
            Step show = Step.named("show")
                    .reads(DOC)
                    .run(v ->
                            Decision.done(FlowResponse.text(200, v.require(DOC).title())));
            FlowResponse resp = FlowRuntime.builder()
                    .build()
                    .run(Pipeline.route("proxy").step(s).step(show).build().validate(), Map.of())
                    .await(Duration.ofSeconds(30));
            assertThat(resp.bodyText()).isEqualTo("remote");
            assertThat(calls).hasValue(2);
        } finally {
            server.stop(0);
        }
    }
}

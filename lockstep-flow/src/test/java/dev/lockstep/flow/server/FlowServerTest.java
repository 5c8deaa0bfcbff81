package dev.lockstep.flow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Engine;
import dev.lockstep.flow.Compute;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.Join;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RouteValidationException;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.FlowConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Routes to pipelines over real HTTP: a plain route, a PARALLEL Need, path parameters, 404, 405. */
@Timeout(60)
class FlowServerTest {
    private static final Slot<Long> A = Slot.number("a");
    private static final Slot<Long> B = Slot.number("b");
    private static final Slot<String> WHO = Slot.text("who");
    private Engine engine;
    private FlowServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    /** One I/O thread, any free port, short timeouts: the servers of these tests. */
    static FlowConfig testConfig() {
        return new FlowConfig(
                new FlowConfig.Server(
                        "127.0.0.1",
                        0,
                        1,
                        8192,
                        16384,
                        100,
                        1 << 20,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2)),
                FlowConfig.Pools.DEFAULTS,
                FlowConfig.Database.DEFAULTS,
                FlowConfig.Observability.DEFAULTS);
    }

    @BeforeEach
    void start() {
        engine = Engine.builder().name("flow-test").workers(2).build();
        FlowConfig config = testConfig();
        Step hello = Step.named("hello")
                .reads(FlowServer.REQUEST)
                .run(v -> new Decision.Done(FlowResponse.text(
                        200, "hello " + v.require(FlowServer.REQUEST).param("name"))));
        Step ask = Step.named("ask")
                .writes(A, B)
                .run(v -> Need.of(Compute.task(engine, "a", A, () -> 20L), Compute.task(engine, "b", B, () -> 22L))
                        .join(Join.ALL)
                        .build());
        Step sum = Step.named("sum")
                .reads(A, B)
                .run(v -> new Decision.Done(FlowResponse.json(200, "{\"sum\":" + (v.require(A) + v.require(B)) + "}")));
        server = FlowServer.builder()
                .config(config)
                .route(
                        "GET",
                        "/hello/:name",
                        Pipeline.route("hello")
                                .seeds(FlowServer.REQUEST)
                                .step(hello)
                                .build())
                .route("GET", "/sum", Pipeline.route("sum").step(ask).step(sum).build())
                .flow("sum", Pipeline.route("flow-sum").step(ask).step(sum).build())
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("X-Request-ID", "req-1");
        b.method(method, HttpRequest.BodyPublishers.noBody());
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRouteReadsItsPathParameterAndAnswers() throws Exception {
        var r = send("GET", "/hello/ada");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello ada");
        assertThat(r.headers().firstValue("X-Request-ID")).contains("req-1");
        assertThat(r.headers().firstValue("traceparent"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("00-"));
    }

    @Test
    void aParallelNeedIsJoinedAndTheRouteResumes() throws Exception {
        var r = send("GET", "/sum");
        assertThat(r.body()).isEqualTo("{\"sum\":42}");
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(send("POST", "/flow/v1/sum").body()).isEqualTo("{\"sum\":42}");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
        var nf = send("GET", "/nope");
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(nf.body()).contains("\"code\":404").contains("no route for GET /nope");
        var na = send("DELETE", "/sum");
        assertThat(na.statusCode()).isEqualTo(405);
        assertThat(na.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void aRouteReadingASlotNobodyWritesStopsTheStartNamingRouteStepAndSlot() {
        Step bad = Step.named("greet").reads(WHO).run(v -> new Decision.Done(FlowResponse.text(200, v.require(WHO))));
        assertThatThrownBy(() -> FlowServer.builder()
                        .route("GET", "/x", Pipeline.route("x").step(bad).build())
                        .start())
                .isInstanceOf(RouteValidationException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("'greet'")
                .hasMessageContaining("'who'");
    }

    @Test
    void theDefaultConfigurationStarts() throws Exception {
        FlowConfig.Server d = FlowConfig.Server.DEFAULTS; // threads 0: lockstep-io's AUTO count
        FlowConfig c = new FlowConfig(
                new FlowConfig.Server(
                        d.host(),
                        0,
                        d.threads(),
                        d.maxRequestLine(),
                        d.maxHeaderBytes(),
                        d.maxHeaders(),
                        d.maxBody(),
                        d.readTimeout(),
                        d.idleTimeout(),
                        d.shutdownDeadline()),
                FlowConfig.Pools.DEFAULTS,
                FlowConfig.Database.DEFAULTS,
                FlowConfig.Observability.DEFAULTS);
        Step ok = Step.named("ok").run(v -> new Decision.Done(FlowResponse.text(200, "ok")));
        try (FlowServer s = FlowServer.builder()
                .config(c)
                .route("GET", "/", Pipeline.route("ok").step(ok).build())
                .start()) {
            var r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("ok");
        }
    }
}

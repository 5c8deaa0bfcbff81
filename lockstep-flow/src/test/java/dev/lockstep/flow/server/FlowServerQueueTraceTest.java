package dev.lockstep.flow.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Promise;
import dev.lockstep.core.time.VirtualClock;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.FlowEvent;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.FlowRuntime;
import dev.lockstep.flow.Join;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.FlowConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's backpressure and tracing over real HTTP: load shedding (503 with Retry-After), the
 * queueing delay it feeds the shedder, the debug trace header, correlation ids on events and the
 * client's address in {@link FlowRequest}.
 */
@Timeout(60)
class FlowServerQueueTraceTest {
    private static final Slot<Long> A = Slot.number("a");
    private static final Slot<Long> B = Slot.number("b");
    private static final Slot<String> H = Slot.text("h");
    private final HttpClient client = HttpClient.newHttpClient();
    private FlowServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static FlowConfig config(boolean debugHeader) {
        FlowConfig.Server d = FlowConfig.Server.DEFAULTS;
        return new FlowConfig(
                new FlowConfig.Server(
                        "127.0.0.1",
                        0,
                        1,
                        d.maxRequestLine(),
                        d.maxHeaderBytes(),
                        d.maxHeaders(),
                        d.maxBody(),
                        d.readTimeout(),
                        d.idleTimeout(),
                        Duration.ofSeconds(2)),
                FlowConfig.Pools.DEFAULTS,
                FlowConfig.Database.DEFAULTS,
                new FlowConfig.Observability(true, debugHeader, "", "test"));
    }

    private static final Step OK = Step.named("ok").run(v -> Decision.done(FlowResponse.text(200, "ok")));

    private static Pipeline sum() {
        Step ask = Step.named("ask")
                .writes(A, B)
                .run(v -> Need.of(
                                Effect.of("a", A, attempt -> Promise.completed(20L)),
                                Effect.of("b", B, attempt -> Promise.completed(22L)))
                        .join(Join.ALL)
                        .build());
        Step sum = Step.named("sum")
                .reads(A, B)
                .run(v -> Decision.done(FlowResponse.text(200, Long.toString(v.require(A) + v.require(B)))));
        return Pipeline.route("sum").step(ask).step(sum).build();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("X-Request-ID", "req-7")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overTheSheddingThresholdNewRequestsGet503WithRetryAfter() throws Exception {
        // a frozen clock: the shedder's estimate does not decay while the test runs
        FlowRuntime rt = FlowRuntime.builder()
                .clock(new VirtualClock())
                .shedAfter(Duration.ofMillis(100))
                .build();
        server = FlowServer.builder()
                .config(config(false))
                .runtime(rt)
                .route("GET", "/ok", Pipeline.route("ok").step(OK).build())
                .start();
        assertThat(get("/ok").statusCode()).isEqualTo(200);
        rt.shedder().queued(Duration.ofSeconds(9).toNanos()); // 0.2 x 9 s: about 1.8 s, over 100 ms
        var shed = get("/ok");
        assertThat(shed.statusCode()).isEqualTo(503);
        assertThat(shed.headers().firstValue("Retry-After")).contains("2");
        assertThat(shed.body()).contains("\"code\":503").contains("\"key\":\"load\"");
        assertThat(shed.headers().firstValue("X-Request-ID")).contains("req-7");
        assertThat(rt.shedder().shedCount()).isEqualTo(1);
    }

    @Test
    void aPipelinedRequestsWaitBehindTheOneBeforeItIsTheQueueingDelayFedToTheShedder() throws Exception {
        List<FlowEvent> events = new CopyOnWriteArrayList<>();
        FlowRuntime rt = FlowRuntime.builder().events(events::add).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong startedAt = new AtomicLong();
        Promise<Object> held = new Promise<>();
        Step hold = Step.named("hold")
                .writes(H)
                .run(v -> Need.of(Effect.of("held", H, attempt -> {
                            startedAt.set(System.nanoTime()); // r2 arrived before this: it came with r1's bytes
                            started.countDown();
                            return held;
                        }))
                        .build());
        Step answer = Step.named("answer").reads(H).run(v -> Decision.done(FlowResponse.text(200, v.require(H))));
        server = FlowServer.builder()
                .config(config(false))
                .runtime(rt)
                .route(
                        "GET",
                        "/hold",
                        Pipeline.route("hold").step(hold).step(answer).build())
                .route("GET", "/ok", Pipeline.route("ok").step(OK).build())
                .start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /hold HTTP/1.1\r\nHost: x\r\nX-Request-ID: r1\r\n\r\n"
                            + "GET /ok HTTP/1.1\r\nHost: x\r\nX-Request-ID: r2\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = startedAt.get();
            long t1 = System.nanoTime(); // r2 is handled after this
            held.complete("done");
            String both = readAll(s.getInputStream());
            assertThat(both).contains("done").endsWith("ok");
            FlowEvent wait2 = events.stream()
                    .filter(e -> e.type() == FlowEvent.Type.QUEUE_WAIT
                            && e.requestKey().equals("r2"))
                    .findFirst()
                    .orElseThrow();
            long waited = Long.parseLong(wait2.outcome().replace("arrival ", "").replace("ns", ""));
            assertThat(waited).as("r2 waited at least while r1 was held").isGreaterThanOrEqualTo(t1 - t0);
        }
        // every event carries the request's correlation ids
        assertThat(events).allSatisfy(e -> {
            assertThat(e.requestKey()).isIn("r1", "r2");
            assertThat(e.traceparent()).startsWith("00-");
        });
        assertThat(rt.shedder().estimateNanos()).isPositive();
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inDebugModeTheResponseCarriesTheRequestsTrace() throws Exception {
        server = FlowServer.builder()
                .config(config(true))
                .route("GET", "/sum", sum())
                .start();
        var r = get("/sum");
        assertThat(r.body()).isEqualTo("42");
        String trace = r.headers().firstValue("X-Lockstep-Trace").orElseThrow();
        List<String> events = Arrays.stream(trace.split("; "))
                .map(e -> e.replaceFirst("^\\+\\d+ ", ""))
                .map(e -> e.replaceFirst("^QUEUE_WAIT arrival \\d+ns$", "QUEUE_WAIT arrival"))
                .toList();
        assertThat(events)
                .containsExactly(
                        "REQUEST_START",
                        "QUEUE_WAIT arrival",
                        "STEP_START ask",
                        "STEP_END ask Need",
                        "NEED ask PARALLEL ALL 2",
                        "EFFECT_START ask/a#1",
                        "EFFECT_START ask/b#1",
                        "EFFECT_END ask/a#1 ok",
                        "EFFECT_END ask/b#1 ok",
                        "JOIN ask ok",
                        "STEP_RESUME ask sum",
                        "STEP_START sum",
                        "STEP_END sum Done",
                        "REQUEST_END 200");
    }

    @Test
    void withoutDebugModeThereIsNoTraceHeader() throws Exception {
        server = FlowServer.builder()
                .config(config(false))
                .route("GET", "/sum", sum())
                .start();
        var r = get("/sum");
        assertThat(r.body()).isEqualTo("42");
        assertThat(r.headers().firstValue("X-Lockstep-Trace")).isEmpty();
    }

    @Test
    void aPipelineSeesTheClientsAddress() throws Exception {
        Step who = Step.named("who")
                .reads(FlowServer.REQUEST)
                .run(v -> Decision.done(
                        FlowResponse.text(200, v.require(FlowServer.REQUEST).remoteAddress())));
        server = FlowServer.builder()
                .config(config(false))
                .route(
                        "GET",
                        "/who",
                        Pipeline.route("who")
                                .seeds(FlowServer.REQUEST)
                                .step(who)
                                .build())
                .start();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            s.getOutputStream()
                    .write("GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(s.getInputStream())).endsWith("\r\n\r\n127.0.0.1:" + s.getLocalPort());
        }
    }
}

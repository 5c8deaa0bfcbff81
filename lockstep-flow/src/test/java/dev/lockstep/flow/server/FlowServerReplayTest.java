package dev.lockstep.flow.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Engine;
import dev.lockstep.flow.Compute;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.FlowRecorder;
import dev.lockstep.flow.FlowReplay;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.FlowRuntime;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.FlowConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server whose runtime records: requests served over HTTP replay offline to the same response. */
@Timeout(60)
class FlowServerReplayTest {
    private static final Slot<Long> SQUARE = Slot.number("square");

    @Test
    void requestsServedByARecordingRuntimeReplay(@TempDir Path dir) throws Exception {
        AtomicInteger computed = new AtomicInteger();
        Path log = dir.resolve("server.replay");
        try (Engine engine = Engine.builder().name("replay-test").workers(1).build()) {
            Step ask = Step.named("ask")
                    .reads(FlowServer.REQUEST)
                    .writes(SQUARE)
                    .run(v -> {
                        long n = Long.parseLong(v.require(FlowServer.REQUEST).param("n"));
                        return Need.of(Compute.task(engine, "square", SQUARE, () -> {
                                    computed.incrementAndGet();
                                    return n * n;
                                }))
                                .build();
                    });
            Step answer = Step.named("answer")
                    .reads(SQUARE)
                    .run(v -> Decision.done(FlowResponse.json(200, "{\"square\":" + v.require(SQUARE) + "}")));
            Pipeline route = Pipeline.route("square")
                    .seeds(FlowServer.REQUEST)
                    .step(ask)
                    .step(answer)
                    .build();
            String body;
            try (FlowRecorder recorder = FlowRecorder.open(log)) {
                FlowServer server = FlowServer.builder()
                        .config(config())
                        .runtime(FlowRuntime.builder().seed(7).record(recorder).build())
                        .route("GET", "/square/:n", route)
                        .start();
                try {
                    HttpResponse<String> r = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + server.port() + "/square/12"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    body = r.body();
                } finally {
                    server.close();
                }
            }
            assertThat(body).isEqualTo("{\"square\":144}");
            FlowReplay replay = FlowReplay.open(log);
            assertThat(replay.requests()).hasSize(1);
            FlowResponse again = replay.replay(route, replay.requests().get(0));
            assertThat(again.bodyText()).isEqualTo(body);
            assertThat(computed.get()).isEqualTo(1);
        }
    }

    private static FlowConfig config() {
        return FlowServerTest.testConfig();
    }
}

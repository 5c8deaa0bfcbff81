package dev.lockstep.bench.flow;

import dev.lockstep.flow.Compute;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.HttpCall;
import dev.lockstep.flow.Join;
import dev.lockstep.flow.Mode;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.http.IoHttpClient;
import dev.lockstep.flow.server.FlowRequest;
import dev.lockstep.flow.server.FlowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Lockstep's side of the flow suite: lockstep-flow's server with the same three routes as the
 * peers, each a pipeline. {@code /hello} answers from one step; {@code /need3} asks a PARALLEL Need
 * of three HTTP effects to the backend's {@code /slow}, joined with ALL, and concatenates them; the
 * effects use lockstep-flow's {@link IoHttpClient}, whose exchanges run on the server's I/O thread
 * (so the exchange, its completion and the response stay on that thread), or the JDK HttpClient
 * with {@code -Dlockstep.flow.client=jdk}; {@code /sqlite?id=N} runs the read as a blocking compute effect on the same
 * JDBC pool the peers use ({@link Items}), so the work per request is the same on every side.
 * One I/O runtime (the suite pins the server to one CPU).
 */
public final class LockstepFlowServer {
    private LockstepFlowServer() {}

    private static final Slot<String> S1 = Slot.text("s1");
    private static final Slot<String> S2 = Slot.text("s2");
    private static final Slot<String> S3 = Slot.text("s3");
    private static final Slot<String> ROW = Slot.text("row");

    public static void main(String[] args) {
        FlowServer server = start(FlowArgs.parse(args));
        System.out.println("lockstep-flow: listening on 127.0.0.1:" + server.port() + " (Lockstep flow)");
        System.out.flush();
    }

    /** Starts the server; it runs until the JVM exits or it is closed. */
    public static FlowServer start(FlowArgs a) {
        Items items = Items.open(a.db());
        boolean jdk = "jdk".equals(System.getProperty("lockstep.flow.client", "io"));
        HttpClient client = jdk ? HttpCall.newClient() : null; // HTTP/1.1, inline executor: HttpCall.client()'s
        IoHttpClient ioClient =
                jdk ? null : IoHttpClient.builder().name("need3-client").build();
        URI slow = URI.create("http://127.0.0.1:" + a.backendPort() + "/slow");
        FlowConfig.Server d = FlowConfig.Server.DEFAULTS;
        FlowConfig config = new FlowConfig(
                new FlowConfig.Server(
                        "127.0.0.1",
                        a.port(),
                        1,
                        d.maxRequestLine(),
                        d.maxHeaderBytes(),
                        d.maxHeaders(),
                        d.maxBody(),
                        d.readTimeout(),
                        d.idleTimeout(),
                        Duration.ofSeconds(1)),
                new FlowConfig.Pools(0, 1 << 16, 1 << 16, 1 << 16, Duration.ofSeconds(30)),
                FlowConfig.Database.DEFAULTS,
                new FlowConfig.Observability(false, false, "", "lockstep-flow-bench"));
        Step hello = Step.named("hello").run(v -> new Decision.Done(FlowResponse.text(200, FlowPeers.HELLO)));
        Step ask = Step.named("ask")
                .writes(S1, S2, S3)
                .run(v -> Need.of(
                                jdk
                                        ? HttpCall.get(client, "slow1", slow, S1)
                                        : HttpCall.get(ioClient, "slow1", slow, S1),
                                jdk
                                        ? HttpCall.get(client, "slow2", slow, S2)
                                        : HttpCall.get(ioClient, "slow2", slow, S2),
                                jdk
                                        ? HttpCall.get(client, "slow3", slow, S3)
                                        : HttpCall.get(ioClient, "slow3", slow, S3))
                        .mode(Mode.PARALLEL)
                        .join(Join.ALL)
                        .build());
        Step join = Step.named("join")
                .reads(S1, S2, S3)
                .run(v -> new Decision.Done(FlowResponse.text(200, v.require(S1) + v.require(S2) + v.require(S3))));
        Step read = Step.named("read").reads(FlowServer.REQUEST).writes(ROW).run(v -> {
            FlowRequest r = v.require(FlowServer.REQUEST);
            int id = Items.parseId(r.queryParam("id"));
            if (id < 0) {
                return new Decision.Fail(FlowError.of(400, "id must be a positive number", "id"));
            }
            return Need.of(Compute.blocking("row", ROW, () -> {
                        String json = items.json(id);
                        return json == null ? "" : json; // "": no such row
                    }))
                    .build();
        });
        Step answer = Step.named("answer")
                .reads(ROW)
                .run(v -> v.require(ROW).isEmpty()
                        ? new Decision.Fail(FlowError.of(404, "no such item", "id"))
                        : new Decision.Done(FlowResponse.json(200, v.require(ROW))));
        return FlowServer.builder()
                .config(config)
                .route("GET", "/hello", Pipeline.route("hello").step(hello).build())
                .route(
                        "GET",
                        "/need3",
                        Pipeline.route("need3").step(ask).step(join).build())
                .route(
                        "GET",
                        "/sqlite",
                        Pipeline.route("sqlite")
                                .seeds(FlowServer.REQUEST)
                                .step(read)
                                .step(answer)
                                .build())
                .start();
    }
}

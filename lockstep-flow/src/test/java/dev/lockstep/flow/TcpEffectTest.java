package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.TcpListener;
import dev.lockstep.io.TcpSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TCP effects against a real echo server on a lockstep-io runtime. */
class TcpEffectTest {
    static final Slot<String> REPLY = Slot.text("reply");

    @Test
    void exchangeLandsTheReply() throws Exception {
        IoRuntime rt = IoRuntime.builder().build();
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        rt.spawn(r -> {
            try (TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                bound.complete(l.address());
                try (TcpSocket s = l.accept(Duration.ofSeconds(30))) {
                    byte[] buf = new byte[64];
                    int n = s.recv(buf, 0, buf.length, Duration.ofSeconds(30));
                    String up = new String(buf, 0, n, StandardCharsets.UTF_8).toUpperCase();
                    byte[] out = up.getBytes(StandardCharsets.UTF_8);
                    s.sendAll(out, 0, out.length);
                }
            }
        });
        Thread loop = Thread.ofPlatform().name("tcp-test-loop").start(rt::run);
        try {
            InetSocketAddress addr = bound.get(30, TimeUnit.SECONDS);
            Step call = Step.named("call")
                    .writes(REPLY)
                    .run(v -> Need.of(Tcp.exchange(
                                    rt,
                                    "echo",
                                    addr,
                                    "hello".getBytes(StandardCharsets.UTF_8),
                                    1024,
                                    Duration.ofSeconds(30),
                                    REPLY))
                            .build());
            Step show =
                    Step.named("show").reads(REPLY).run(v -> Decision.done(FlowResponse.text(200, v.require(REPLY))));
            FlowResponse resp = FlowRuntime.builder()
                    .build()
                    .run(Pipeline.route("tcp").step(call).step(show).build().validate(), Map.of())
                    .await(Duration.ofSeconds(30));
            assertThat(resp.bodyText()).isEqualTo("HELLO");
        } finally {
            rt.stop();
            loop.join(30_000);
        }
    }
}

package dev.lockstep.flow.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.IoRuntime;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Graceful shutdown over real sockets. */
@Timeout(120)
class HttpShutdownTest {
    static Stream<BackendKind> backends() {
        return Backends.all();
    }

    /** Waits (in the handler's task, without blocking the loop) until {@code latch} opens. */
    static void await(CountDownLatch latch) {
        while (latch.getCount() > 0) {
            IoRuntime.current().sleep(Duration.ofMillis(2));
        }
    }

    static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gracefulShutdownLetsAnInFlightRequestFinish(BackendKind kind) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = Backends.server(kind, r -> {
                    if (r.path().equals("/slow")) {
                        started.countDown();
                        await(release);
                        return HttpResponse.text("finished");
                    }
                    return HttpResponse.text("quick");
                })
                .start();
        int port = server.port();
        try (RawClient idle = new RawClient(port);
                RawClient busy = new RawClient(port)) {
            assertThat(idle.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text())
                    .isEqualTo("quick");
            busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Integer> cutOff =
                    CompletableFuture.supplyAsync(() -> server.shutdown(Duration.ofSeconds(20)));
            // new connections are refused while the slow request is still running
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean refused = false;
            while (!refused && System.nanoTime() < until) {
                refused = refused(port);
            }
            assertThat(refused).as("connections refused during shutdown").isTrue();
            assertThat(idle.closedByServer())
                    .as("the idle keep-alive connection is closed")
                    .isTrue();
            assertThat(cutOff).isNotDone();

            release.countDown();
            RawClient.Response r = busy.read();
            assertThat(r.text()).isEqualTo("finished");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(busy.closedByServer()).isTrue();
            assertThat(cutOff.get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRequestStillRunningAtTheDeadlineIsCutOff(BackendKind kind) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        HttpServer server = Backends.server(kind, r -> {
                    started.countDown();
                    await(never);
                    return HttpResponse.text("never");
                })
                .start();
        try (RawClient busy = new RawClient(server.port())) {
            busy.send("GET /stuck HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.shutdown(Duration.ofMillis(200))).isEqualTo(1);
            assertThat(busy.closedByServer()).isTrue();
            assertThat(refused(server.port())).isTrue();
        }
        assertThat(server.shutdown(Duration.ofMillis(200)))
                .as("a second shutdown")
                .isZero();
    }
}

package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancelling a pending operation ({@link IoRuntime#cancel}) and deadline scopes ({@link
 * IoRuntime#withTimeout}) on every backend: socket operations, sleeps, parks and blocking work on
 * the pool (a file open, a {@code java.io} read) end with CANCELLED or TIMED_OUT, and what they
 * would have produced later never reaches the task.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class CancelAndDeadlineTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    /** Runs the loop on a thread of its own; returns the thread. */
    private static Thread runOnThread(IoRuntime rt) {
        Thread t = new Thread(rt::run, "loop");
        t.start();
        return t;
    }

    private static void awaitState(TaskHandle h, TaskState s) {
        while (h.state() != s) {
            Thread.onSpinWait(); // no timing: the class timeout ends a hang
        }
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void cancelFromAnotherThreadEndsARecvWithCancelledAndTheSocketStillWorks(BackendKind kind) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        TaskHandle[] receiver = new TaskHandle[1];
        Object ready = new Object();
        TaskHandle main = rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            TcpSocket client = TcpSocket.connect(l.address());
            TcpSocket server = l.accept();
            synchronized (ready) {
                receiver[0] = r.spawn(c -> {
                    byte[] b = new byte[4];
                    try {
                        client.recv(b, 0, 4);
                    } catch (IoException e) {
                        log.add("recv: " + e.error());
                    }
                    client.recvAll(b, 0, 4); // the socket works after the cancel
                    log.add(new String(b, StandardCharsets.US_ASCII));
                    client.close();
                });
                ready.notifyAll();
            }
            r.park(); // until the test thread has cancelled
            server.sendAll("pong".getBytes(StandardCharsets.US_ASCII), 0, 4);
            server.close();
            l.close();
        });
        Thread loop = runOnThread(rt);
        synchronized (ready) {
            while (receiver[0] == null) {
                ready.wait();
            }
        }
        awaitState(receiver[0], TaskState.WAITING_IO);
        rt.cancel(receiver[0]);
        while (log.isEmpty()) {
            Thread.onSpinWait();
        }
        rt.trigger(main);
        loop.join();
        assertThat(log).containsExactly("recv: CANCELLED", "pong");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void cancelEndsASleepAParkAndAnAcceptAndNothingElse(BackendKind kind) {
        List<String> log = new CopyOnWriteArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TaskHandle sleeper = r.spawn(c -> {
                try {
                    c.sleep(Duration.ofHours(1));
                } catch (IoException e) {
                    log.add("sleep: " + e.error());
                }
            });
            TaskHandle parked = r.spawn(c -> {
                try {
                    c.park();
                } catch (IoException e) {
                    log.add("park: " + e.error());
                }
            });
            TcpListener l = TcpListener.bind(ANY);
            TaskHandle acceptor = r.spawn(c -> {
                try {
                    l.accept();
                } catch (IoException e) {
                    log.add("accept: " + e.error());
                }
            });
            r.yieldNow(); // the three are waiting now
            r.cancel(sleeper);
            r.cancel(parked);
            r.cancel(acceptor);
            r.cancel(r.currentHandle()); // running, not waiting: nothing to cancel
            r.sleep(Duration.ofMillis(1));
            log.add("still sleeps normally");
            l.close();
        });
        rt.run();
        assertThat(log)
                .containsExactlyInAnyOrder(
                        "sleep: CANCELLED", "park: CANCELLED", "accept: CANCELLED", "still sleeps normally");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aDeadlineScopeTimesOutEveryKindOfWaitAndTheEarliestDeadlineWins(BackendKind kind) {
        List<String> log = new CopyOnWriteArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            TcpSocket client = TcpSocket.connect(l.address());
            TcpSocket server = l.accept();
            for (String what : List.of("recv", "sleep", "park", "accept")) {
                try {
                    r.withTimeout(
                            Duration.ofMillis(20),
                            () -> r.withTimeout(Duration.ofHours(1), () -> {
                                switch (what) {
                                    case "recv" -> client.recv(new byte[1], 0, 1);
                                    case "sleep" -> r.sleep(Duration.ofHours(1));
                                    case "park" -> r.park();
                                    default -> l.accept();
                                }
                            }));
                    log.add(what + ": returned");
                } catch (IoException e) {
                    log.add(what + ": " + e.error());
                }
            }
            server.sendAll(new byte[] {7}, 0, 1);
            byte[] b = new byte[1];
            client.recvAll(b, 0, 1); // outside the scope: no deadline any more
            log.add("after: " + b[0]);
            int v = r.withTimeout(Duration.ofHours(1), () -> 42); // a body that finishes in time
            log.add("value: " + v);
            client.close();
            server.close();
            l.close();
        });
        rt.run();
        assertThat(log)
                .containsExactly(
                        "recv: TIMED_OUT",
                        "sleep: TIMED_OUT",
                        "park: TIMED_OUT",
                        "accept: TIMED_OUT",
                        "after: 7",
                        "value: 42");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void workWhoseWaitEndedNeverReachesTheTask(BackendKind kind) throws IOException {
        List<String> log = new CopyOnWriteArrayList<>();
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 64);
        IoRuntime rt = IoRuntime.builder().backend(kind).blockingThreads(2).build();
        rt.spawn(r -> {
            ByteSource source = IoStreams.from(in);
            byte[] b = new byte[1];
            try {
                r.withTimeout(Duration.ofMillis(20), () -> source.read(b, 0, 1)); // blocks on the pool
            } catch (IoException e) {
                log.add("read: " + e.error());
            }
            r.offload("test work", () -> {
                out.write(1); // the timed-out read above now returns this byte: it must be dropped
                out.flush();
                return null;
            });
            int v = r.offload("test work", () -> 99);
            log.add("next work: " + v);
        });
        rt.run();
        assertThat(log).containsExactly("read: TIMED_OUT", "next work: 99");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aFileOpenThatBlocksEndsAtTheDeadline(BackendKind kind, @TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        List<String> log = new CopyOnWriteArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            try {
                r.withTimeout(
                        Duration.ofMillis(20),
                        () -> IoFile.open(fifo, java.util.EnumSet.of(java.nio.file.StandardOpenOption.READ)));
                // a FIFO's read-only open waits for a writer
                log.add("opened");
            } catch (IoException e) {
                log.add("open: " + e.error());
            }
            r.offload("test work", () -> {
                try (var w = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.WRITE)) {
                    return w.size(); // lets the abandoned open finish, so its thread is free again
                }
            });
            log.add("loop free");
        });
        rt.run();
        assertThat(log).containsExactly("open: TIMED_OUT", "loop free");
    }
}

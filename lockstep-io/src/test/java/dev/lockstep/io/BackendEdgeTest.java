package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Edges every backend must get right: failed accepts, close while an operation is pending, the
 * timeouts of accept and connect, and buffers of operations that timed out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class BackendEdgeTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aFailedAcceptNeverYieldsASocket(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            r.spawn(k -> {
                k.sleep(Duration.ofMillis(20));
                l.close(); // while the other task waits in accept
            });
            try {
                TcpSocket s = l.accept();
                log.add("accepted " + s); // must not happen
            } catch (IoException e) {
                log.add("accept: " + e.error());
            }
            try {
                l.accept();
                log.add("accepted again");
            } catch (IoException e) {
                log.add("again: " + e.error());
            }
        });
        rt.run();
        assertThat(log).containsExactly("accept: CLOSED", "again: CLOSED");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aClosedSocketsPendingRecvNeverTakesDataOfTheNextSocket(BackendKind kind) {
        // W's recv on `server` is queued (on io_uring: not yet submitted) when C closes `server`
        // and connects anew, most likely getting the fd number `server` had. Had that fd been
        // closed while the recv still named it, the recv would take the new socket's bytes.
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            for (int round = 0; round < 20; round++) {
                String text = "round " + round;
                TcpSocket[] client = new TcpSocket[1];
                r.spawn(c -> client[0] = TcpSocket.connect(l.address()));
                TcpSocket server = l.accept();
                while (client[0] == null) {
                    r.yieldNow();
                }
                r.spawn(w -> {
                    try {
                        server.recv(new byte[16], 0, 16);
                        log.add("stale recv returned");
                    } catch (IoException e) {
                        if (e.error() != IoError.CLOSED) {
                            log.add("stale recv: " + e.error());
                        }
                    }
                });
                r.spawn(
                        c -> { // runs right after W, in the same pass
                            server.close();
                            client[0].close();
                            try (TcpSocket s = TcpSocket.connect(l.address())) {
                                byte[] b = new byte[64];
                                int got = 0;
                                int k;
                                while ((k = s.recv(b, got, b.length - got)) > 0) {
                                    got += k;
                                }
                                String back = new String(b, 0, got, StandardCharsets.US_ASCII);
                                if (!back.equals(text)) {
                                    log.add(text + ": got '" + back + "'");
                                }
                            }
                        });
                try (TcpSocket s = l.accept()) {
                    s.sendAll(text.getBytes(StandardCharsets.US_ASCII), 0, text.length());
                }
            }
            l.close();
            log.add("done");
        });
        rt.run();
        assertThat(log).containsExactly("done");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aClosedListenersPendingAcceptNeverTakesConnectionsOfTheNextListener(BackendKind kind) {
        // A's accept on `first` is queued when C closes `first` and binds `second`, which most
        // likely gets the fd number `first` had. Had that fd been closed while the accept still
        // named it, the accept would take (and drop) the connection meant for `second`.
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            for (int round = 0; round < 5; round++) {
                TcpListener first = TcpListener.bind(ANY);
                r.spawn(a -> {
                    try {
                        first.accept();
                        log.add("stale accept returned");
                    } catch (IoException e) {
                        if (e.error() != IoError.CLOSED) {
                            log.add("stale accept: " + e.error());
                        }
                    }
                });
                TcpListener[] second = new TcpListener[1];
                r.spawn(
                        c -> { // runs right after A, in the same pass
                            first.close();
                            second[0] = TcpListener.bind(ANY);
                        });
                r.yieldNow();
                r.yieldNow();
                r.spawn(c -> TcpSocket.connect(second[0].address()).close());
                try (TcpSocket s = second[0].accept(Duration.ofSeconds(5))) {
                    log.add("second accepted");
                } catch (IoException e) {
                    log.add("second: " + e.error());
                }
                second[0].close();
            }
        });
        rt.run();
        assertThat(log).containsOnly("second accepted").hasSize(5);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void anAcceptThatTimesOutLeavesTheListenerUsable(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            try (TcpListener l = TcpListener.bind(ANY)) {
                try {
                    l.accept(Duration.ofMillis(30));
                } catch (IoException e) {
                    log.add("accept: " + e.error());
                }
                r.spawn(c -> TcpSocket.connect(l.address()).close());
                try (TcpSocket s = l.accept(Duration.ofSeconds(30))) {
                    log.add("accepted " + s.recv(new byte[1], 0, 1));
                }
            }
        });
        rt.run();
        assertThat(log).containsExactly("accept: TIMED_OUT", "accepted 0");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aConnectThatTimesOutYieldsNoSocketAndTheNextConnectWorks(BackendKind kind) {
        // a listener with backlog 1 that nobody accepts from: once its queue is full the kernel
        // drops further SYNs, so a connect waits (for the retransmission, 1 s) and times out
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            try (TcpListener l = TcpListener.bind(ANY, 1, true, false)) {
                List<TcpSocket> queued = new ArrayList<>();
                boolean timedOut = false;
                for (int i = 0; i < 8 && !timedOut; i++) {
                    try {
                        queued.add(TcpSocket.connect(l.address(), Duration.ofMillis(200)));
                    } catch (IoException e) {
                        log.add("connect: " + e.error());
                        timedOut = true;
                    }
                }
                TcpSocket first = l.accept(); // room in the queue again
                try (TcpSocket s = TcpSocket.connect(l.address(), Duration.ofSeconds(30))) {
                    s.sendAll(new byte[] {7}, 0, 1);
                    log.add("connected");
                }
                first.close();
                queued.forEach(TcpSocket::close);
            }
        });
        rt.run();
        assertThat(log).containsExactly("connect: TIMED_OUT", "connected");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aRecvThatTimedOutNeverWritesIntoItsBufferLater(BackendKind kind) {
        // each round: recv into `old` times out; then the peer sends; a recv into `fresh` must get
        // every byte, and `old` must stay untouched (its off-heap copy belonged to the cancelled op)
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            TcpSocket[] peer = new TcpSocket[1];
            r.spawn(c -> peer[0] = l.accept());
            try (TcpSocket s = TcpSocket.connect(l.address())) {
                while (peer[0] == null) {
                    r.yieldNow();
                }
                for (int round = 0; round < 10; round++) {
                    byte[] old = new byte[32];
                    try {
                        s.recv(old, 0, old.length, Duration.ofMillis(5));
                        log.add("round " + round + ": recv returned");
                    } catch (IoException e) {
                        if (e.error() != IoError.TIMED_OUT) {
                            log.add("round " + round + ": " + e.error());
                        }
                    }
                    byte[] data = ("payload-" + round).getBytes(StandardCharsets.US_ASCII);
                    peer[0].sendAll(data, 0, data.length);
                    byte[] fresh = new byte[data.length];
                    s.recvAll(fresh, 0, fresh.length);
                    r.sleep(Duration.ofMillis(2)); // let any stray completion land
                    if (!Arrays.equals(fresh, data) || !Arrays.equals(old, new byte[32])) {
                        log.add("round " + round + ": fresh '" + new String(fresh, StandardCharsets.US_ASCII)
                                + "', old touched " + !Arrays.equals(old, new byte[32]));
                    }
                }
            }
            peer[0].close();
            l.close();
            log.add("done");
        });
        rt.run();
        assertThat(log).containsExactly("done");
    }
}

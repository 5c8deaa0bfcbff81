package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TCP operations on every backend: echo, refused, timeouts, close while waiting. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class TcpTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void echoOfAMegabyteArrivesByteForByte(BackendKind kind) {
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        byte[] back = new byte[data.length];
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            InetSocketAddress at = l.address();
            r.spawn(c -> {
                try (TcpSocket s = TcpSocket.connect(at)) {
                    r.spawn(w -> s.sendAll(data, 0, data.length)); // send and receive at once
                    s.recvAll(back, 0, back.length);
                }
            });
            try (TcpSocket s = l.accept()) {
                byte[] buf = new byte[8192];
                int total = 0;
                while (total < data.length) {
                    int n = s.recv(buf, 0, buf.length);
                    s.sendAll(buf, 0, n);
                    total += n;
                }
            }
            l.close();
        });
        rt.run();
        assertThat(back).isEqualTo(data);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void eachEndSeesTheOtherAsItsRemoteAddress(BackendKind kind) {
        java.util.Map<String, Object> seen = new java.util.concurrent.ConcurrentHashMap<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            r.spawn(c -> {
                try (TcpSocket s = TcpSocket.connect(l.address())) {
                    seen.put("client remote", s.remoteAddress());
                    seen.put("client local", s.localAddress());
                    s.recv(new byte[1], 0, 1); // until the server closes
                }
            });
            try (TcpSocket s = l.accept()) {
                seen.put("server remote", s.remoteAddress());
                seen.put("server remote again", s.remoteAddress()); // cached: the same answer
            }
            seen.put("listener", l.address());
            l.close();
        });
        rt.run();
        assertThat(seen).hasSize(5);
        assertThat(seen.get("client remote")).isEqualTo(seen.get("listener"));
        assertThat(seen.get("server remote"))
                .isEqualTo(seen.get("client local"))
                .isEqualTo(seen.get("server remote again"));
        assertThat(((InetSocketAddress) seen.get("server remote")).getAddress().getHostAddress())
                .isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void connectingWherenobodyListensIsRefusedWithoutASocket(BackendKind kind) {
        List<IoError> errors = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            int port;
            try (TcpListener l = TcpListener.bind(ANY)) {
                port = l.address().getPort(); // free again once closed
            }
            try {
                TcpSocket.connect(new InetSocketAddress("127.0.0.1", port));
            } catch (IoException e) {
                errors.add(e.error());
            }
        });
        rt.run();
        assertThat(errors).containsExactly(IoError.CONNECTION_REFUSED);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aRecvWithATimeoutFailsTimedOutAndTheSocketStillWorks(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            r.spawn(c -> {
                try (TcpSocket s = TcpSocket.connect(l.address())) {
                    byte[] b = new byte[5];
                    try {
                        s.recv(b, 0, 5, Duration.ofMillis(50));
                    } catch (IoException e) {
                        log.add("recv: " + e.error());
                    }
                    s.sendAll("ping!".getBytes(StandardCharsets.US_ASCII), 0, 5);
                    s.recvAll(b, 0, 5);
                    log.add(new String(b, StandardCharsets.US_ASCII));
                }
            });
            try (TcpSocket s = l.accept()) {
                byte[] b = new byte[5];
                s.recvAll(b, 0, 5);
                s.sendAll(b, 0, 5);
                log.add("served");
            }
            l.close();
        });
        rt.run();
        assertThat(log).containsExactly("recv: TIMED_OUT", "served", "ping!");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void closingASocketFailsTheTaskWaitingOnItWithClosed(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            r.spawn(c -> {
                TcpSocket s = TcpSocket.connect(l.address());
                r.spawn(k -> {
                    k.sleep(Duration.ofMillis(20));
                    s.close();
                });
                try {
                    s.recv(new byte[1], 0, 1);
                } catch (IoException e) {
                    log.add("recv: " + e.error());
                }
            });
            TcpSocket server = l.accept();
            r.sleep(Duration.ofMillis(100));
            server.close();
            l.close();
        });
        rt.run();
        assertThat(log).containsExactly("recv: CLOSED");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void endOfStreamIsZeroBytes(BackendKind kind) {
        int[] got = {-1};
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            r.spawn(c -> TcpSocket.connect(l.address()).close());
            try (TcpSocket s = l.accept()) {
                got[0] = s.recv(new byte[4], 0, 4);
            }
            l.close();
        });
        rt.run();
        assertThat(got[0]).isZero();
    }
}

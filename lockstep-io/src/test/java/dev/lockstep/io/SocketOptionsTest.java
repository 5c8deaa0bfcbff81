package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Socket options on every backend: no delay, keep-alive, reuse address and port, unsupported ones. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class SocketOptionsTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void optionsAreSetAndReadBack(BackendKind kind) {
        List<Object> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            log.add(l.getOption(StandardSocketOptions.SO_REUSEADDR));
            TcpSocket c = TcpSocket.connect(l.address());
            log.add(c.getOption(StandardSocketOptions.TCP_NODELAY)); // on by default
            c.setOption(StandardSocketOptions.TCP_NODELAY, false).setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            log.add(c.getOption(StandardSocketOptions.TCP_NODELAY));
            log.add(c.getOption(StandardSocketOptions.SO_KEEPALIVE));
            c.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 16);
            log.add(c.getOption(StandardSocketOptions.SO_RCVBUF) >= 1 << 16);
            try {
                c.setOption(StandardSocketOptions.IP_TOS, 0);
            } catch (IllegalArgumentException e) {
                log.add(e.getMessage().contains("IP_TOS"));
            }
            UdpSocket u = UdpSocket.bind(ANY);
            u.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 16);
            log.add(u.getOption(StandardSocketOptions.SO_SNDBUF) >= 1 << 16);
            u.close();
            c.close();
            l.accept().close();
            l.close();
        });
        rt.run();
        assertThat(log).containsExactly(true, true, false, true, true, true, true);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void twoListenersShareAPortOnlyWithReusePort(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener a = TcpListener.bind(ANY, 128, true, true);
            InetSocketAddress at = a.address();
            TcpListener b = TcpListener.bind(at, 128, true, true);
            log.add("second with reuse port: " + b.address().equals(at));
            b.close();
            try {
                TcpListener.bind(at, 128, true, false);
                log.add("third bound");
            } catch (IoException e) {
                log.add("third without: " + e.error());
            }
            a.close();
        });
        rt.run();
        assertThat(log).containsExactly("second with reuse port: true", "third without: ADDRESS_IN_USE");
    }
}

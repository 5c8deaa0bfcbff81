package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** UDP on every backend: send to, receive from, the sender's address, cut datagrams, timeouts, close. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class UdpTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void datagramsArriveWholeWithTheirSender(BackendKind kind) {
        Set<String> got = new HashSet<>();
        List<InetSocketAddress> senders = new ArrayList<>();
        InetSocketAddress[] from = new InetSocketAddress[1];
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            UdpSocket b = UdpSocket.bind(ANY);
            UdpSocket a = UdpSocket.bind(ANY);
            from[0] = a.address();
            r.spawn(c -> {
                byte[] buf = new byte[100];
                for (int i = 0; i < 50; i++) {
                    UdpSocket.Datagram d = b.receiveFrom(buf, 0, buf.length);
                    got.add(new String(buf, 0, d.received(), StandardCharsets.US_ASCII));
                    senders.add(d.sender());
                    assertThat(d.truncated()).isFalse();
                }
                b.close();
            });
            for (int i = 0; i < 50; i++) {
                byte[] m = ("datagram " + i).getBytes(StandardCharsets.US_ASCII);
                a.sendTo(m, 0, m.length, b.address());
                if (i % 8 == 0) {
                    r.yieldNow(); // let the receiver drain (loopback drops nothing below its buffer)
                }
            }
            a.close();
        });
        rt.run();
        assertThat(got).hasSize(50).contains("datagram 0", "datagram 49");
        assertThat(senders).allMatch(s -> s.equals(from[0]));
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aDatagramLongerThanTheBufferIsCutAndSaysSo(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            UdpSocket b = UdpSocket.bind(ANY);
            UdpSocket a = UdpSocket.bind(ANY);
            byte[] m = "0123456789".getBytes(StandardCharsets.US_ASCII);
            a.sendTo(m, 0, m.length, b.address());
            byte[] buf = new byte[4];
            UdpSocket.Datagram d = b.receiveFrom(buf, 0, 4);
            log.add(d.length() + " " + d.received() + " " + d.truncated() + " "
                    + new String(buf, StandardCharsets.US_ASCII));
            a.close();
            b.close();
        });
        rt.run();
        assertThat(log).containsExactly("10 4 true 0123");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aReceiveTimesOutThenWorksAndCloseFailsTheWaiter(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            UdpSocket b = UdpSocket.bind(ANY);
            UdpSocket a = UdpSocket.bind(ANY);
            byte[] buf = new byte[8];
            try {
                b.receiveFrom(buf, 0, 8, Duration.ofMillis(20));
            } catch (IoException e) {
                log.add("receive: " + e.error());
            }
            a.sendTo(new byte[] {5}, 0, 1, b.address());
            log.add("got " + b.receiveFrom(buf, 0, 8).length());
            r.spawn(c -> {
                c.sleep(Duration.ofMillis(10));
                b.close();
            });
            try {
                b.receiveFrom(buf, 0, 8);
            } catch (IoException e) {
                log.add("after close: " + e.error());
            }
            a.close();
        });
        rt.run();
        assertThat(log).containsExactly("receive: TIMED_OUT", "got 1", "after close: CLOSED");
    }
}

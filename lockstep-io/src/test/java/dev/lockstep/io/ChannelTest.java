package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Channels between runtimes: order, back-pressure, close and drain, no lost wake-up. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class ChannelTest {
    @Test
    void aChannelNeverLosesAWakeUp() {
        // a tiny capacity makes both sides park often, across two runtimes on two threads
        Channel<Integer> ch = Channel.spsc(2);
        int n = 100_000;
        List<Integer> got = new ArrayList<>();
        Launcher.run(Threading.multi(2), rt -> {
            if (rt.name().endsWith("0")) {
                rt.spawn(r -> {
                    for (int i = 0; i < n; i++) {
                        ch.send(i);
                    }
                    ch.close();
                });
            } else {
                rt.spawn(r -> {
                    while (true) {
                        try {
                            got.add(ch.receive());
                        } catch (IoException e) {
                            assertThat(e.error()).isEqualTo(IoError.CLOSED);
                            return;
                        }
                    }
                });
            }
        });
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
    }

    @Test
    void mpscKeepsEachSendersOrderAndTheReceiverDrainsBeforeClosed() {
        Channel<long[]> ch = Channel.mpsc(4);
        int senders = 3;
        int per = 20_000;
        AtomicLong done = new AtomicLong();
        ConcurrentHashMap<Long, Long> last = new ConcurrentHashMap<>();
        long[] received = new long[1];
        Launcher.run(Threading.multi(senders + 1), rt -> {
            int id = Integer.parseInt(rt.name().substring("io-runtime-".length()));
            if (id < senders) {
                rt.spawn(r -> {
                    for (long i = 0; i < per; i++) {
                        ch.send(new long[] {id, i});
                    }
                    if (done.incrementAndGet() == senders) {
                        ch.close(); // everything sent before is still received
                    }
                });
            } else {
                rt.spawn(r -> {
                    while (true) {
                        long[] v;
                        try {
                            v = ch.receive();
                        } catch (IoException e) {
                            return;
                        }
                        Long prev = last.put(v[0], v[1]);
                        assertThat(v[1]).isEqualTo(prev == null ? 0 : prev + 1);
                        received[0]++;
                    }
                });
            }
        });
        assertThat(received[0]).isEqualTo((long) senders * per);
    }

    @Test
    void sendingOnAClosedChannelFailsClosed() {
        Channel<String> ch = Channel.spsc(4);
        ch.close();
        List<IoError> errors = new ArrayList<>();
        IoRuntime rt = IoRuntime.builder().build();
        rt.spawn(r -> {
            try {
                ch.send("x");
            } catch (IoException e) {
                errors.add(e.error());
            }
            try {
                ch.receive();
            } catch (IoException e) {
                errors.add(e.error());
            }
        });
        rt.run();
        assertThat(errors).containsExactly(IoError.CLOSED, IoError.CLOSED);
    }
}

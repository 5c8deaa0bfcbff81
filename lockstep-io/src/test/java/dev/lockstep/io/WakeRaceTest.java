package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wake-ups from another thread, many times in a row: a wake the backend consumes just before the
 * loop blocks must still make the loop look at its queues (on io_uring the eventfd completion can
 * be reaped at the start of a poll, after the loop decided to block). The loop runs on a daemon
 * thread, so a lost wake fails the test instead of hanging the JVM in the kernel.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WakeRaceTest {
    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aWakeConsumedBeforeTheLoopBlocksIsNeverLost(BackendKind kind) throws Exception {
        IoRuntime rt = IoBackends.runtime(kind);
        int rounds = 20_000;
        AtomicInteger woken = new AtomicInteger();
        TaskHandle h = rt.spawn(r -> {
            for (int i = 0; i < rounds; i++) {
                r.park();
                woken.incrementAndGet();
            }
        });
        Thread loop = Thread.ofPlatform().daemon().name("wake-race-loop").start(rt::run);
        for (int i = 0; i < rounds; i++) {
            rt.trigger(h);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (woken.get() <= i && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(woken.get()).as("woken after trigger %d", i).isEqualTo(i + 1);
        }
        loop.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(loop.isAlive()).isFalse();
    }
}

package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The runtime's loop: tasks, timers, triggers, the pool, cross-thread requests, misuse. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class IoRuntimeTest {
    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void tasksInterleaveAtTheirSuspensionsAndTheLoopEndsWhenNoneIsLeft(BackendKind kind) {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            log.add("a1");
            r.yieldNow();
            log.add("a2");
        });
        rt.spawn(r -> {
            log.add("b1");
            r.yieldNow();
            log.add("b2");
        });
        rt.run();
        assertThat(log).containsExactly("a1", "b1", "a2", "b2");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void sleepersWakeInDeadlineOrder(BackendKind kind) {
        List<Integer> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        for (int ms : new int[] {30, 10, 20}) {
            rt.spawn(r -> {
                r.sleep(Duration.ofMillis(ms));
                log.add(ms);
            });
        }
        rt.run();
        assertThat(log).containsExactly(10, 20, 30);
    }

    /**
     * Thousands of receives, each with a timeout that never fires because the data comes first: the
     * runtime holds no timer for any of them afterwards (a heap with lazy deletion would hold them
     * all until their deadlines, an hour away).
     */
    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aWokenTaskLeavesNoTimerBehind(BackendKind kind) {
        IoRuntime rt = IoBackends.runtime(kind);
        int[] pendingAfter = {-1};
        int[] pendingDuring = {-1};
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            TcpSocket client = TcpSocket.connect(l.address());
            TcpSocket server = l.accept();
            byte[] b = new byte[1];
            r.spawn(s -> s.sleep(Duration.ofMillis(1)));
            r.yieldNow(); // the sleeper arms its timer
            pendingDuring[0] = rt.pendingTimers();
            for (int i = 0; i < 5000; i++) {
                client.send(b, 0, 1);
                server.recv(b, 0, 1, Duration.ofHours(1));
            }
            r.sleep(Duration.ofMillis(2)); // due after the sleeper's timer, which fires first
            pendingAfter[0] = rt.pendingTimers();
            client.close();
            server.close();
            l.close();
        });
        rt.run();
        assertThat(pendingDuring[0]).isEqualTo(1); // the counter counts: the sleeper's timer
        assertThat(pendingAfter[0]).isZero();
    }

    /**
     * A trigger is a permit, as LockSupport.unpark: one sent while the task is not parked makes its
     * next park return at once; several such coalesce. Each round waits for the wake-up before the
     * next trigger, so a lost trigger hangs the round (bounded) and fails the test.
     */
    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aTriggerFromAnotherThreadWakesAParkedTaskAndIsNeverLost(BackendKind kind) throws Exception {
        IoRuntime rt = IoBackends.runtime(kind);
        int rounds = 500;
        AtomicInteger woken = new AtomicInteger();
        TaskHandle h = rt.spawn(r -> {
            for (int i = 0; i < rounds; i++) {
                r.park();
                woken.incrementAndGet();
            }
        });
        Thread loop = new Thread(rt::run, "loop");
        loop.start();
        for (int i = 0; i < rounds; i++) {
            rt.trigger(h); // before or after the task parks again: either way it wakes once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (woken.get() <= i && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(woken.get()).as("round %d", i).isEqualTo(i + 1);
        }
        loop.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(loop.isAlive()).isFalse();
        assertThat(h.state()).isEqualTo(TaskState.DEAD);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void spawnAndStopFromAnotherThread(BackendKind kind) throws Exception {
        IoRuntime rt = IoBackends.runtime(kind);
        CountDownLatch ran = new CountDownLatch(1);
        rt.spawn(r -> r.park()); // keeps the loop alive until stop
        Thread loop = new Thread(rt::run, "loop");
        loop.start();
        rt.spawn(r -> ran.countDown());
        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        rt.stop();
        loop.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(loop.isAlive()).isFalse();
        assertThatThrownBy(() -> rt.spawn(r -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has stopped");
    }

    @Test
    void aStaticPoolRefusesTheTaskBeyondItsSize() {
        IoRuntime rt = IoRuntime.builder().pool(PoolMode.STATIC, 2).build();
        rt.spawn(r -> {});
        rt.spawn(r -> {});
        assertThatThrownBy(() -> rt.spawn(r -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STATIC task pool of 2 slots is full");
        rt.run();
        rt.spawn(r -> {}); // slots are free again once the tasks ended
    }

    @Test
    void aGrowPoolTakesManyTasks() {
        IoRuntime rt = IoRuntime.builder().pool(PoolMode.GROW, 4).build();
        int[] ran = new int[1];
        for (int i = 0; i < 10_000; i++) {
            rt.spawn(r -> ran[0]++);
        }
        rt.run();
        assertThat(ran[0]).isEqualTo(10_000);
    }

    @Test
    void ioOutsideATaskIsAClearError() {
        assertThatThrownBy(IoRuntime::current)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a task of an IoRuntime");
        assertThatThrownBy(() -> TcpSocket.connect(new java.net.InetSocketAddress("127.0.0.1", 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a task of an IoRuntime");
    }

    @Test
    void aFailingTaskIsReportedAndTheOthersGoOn() {
        List<String> failures = new ArrayList<>();
        int[] ran = new int[1];
        IoRuntime rt = IoRuntime.builder()
                .onFailure((h, e) -> failures.add(h.name() + ": " + e.getMessage()))
                .build();
        rt.spawn(r -> {
            throw new IllegalStateException("boom");
        });
        rt.spawn(r -> ran[0]++);
        rt.run();
        assertThat(failures).containsExactly("io-task-1: boom");
        assertThat(ran[0]).isEqualTo(1);
    }

    @Test
    void perRuntimeStorage() {
        IoRuntime rt = IoRuntime.builder().build();
        rt.put("greeting", "hello");
        String[] seen = new String[1];
        rt.spawn(r -> seen[0] = IoRuntime.current().get("greeting", String.class));
        rt.run();
        assertThat(seen[0]).isEqualTo("hello");
    }
}

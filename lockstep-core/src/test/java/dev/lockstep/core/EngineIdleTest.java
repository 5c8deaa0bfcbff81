package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Idle workers park (no CPU) and every submission wakes one (no lost wake-up). */
class EngineIdleTest {
    @Test
    void idleEngineUsesNoCpu() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Engine engine = Engine.builder().workers(2).name("idle-cpu").build()) {
            // some work first, so the workers go through the whole spin-yield-park sequence
            long sum = 0;
            for (int i = 0; i < 1000; i++) {
                sum += engine.submit(() -> 1).await();
            }
            assertThat(sum).isEqualTo(1000);
            Thread.sleep(200); // let the workers reach the park phase
            List<Long> ids = workerIds(engine);
            assertThat(ids).hasSize(2);
            long before = cpu(mx, ids);
            Thread.sleep(1000);
            long used = cpu(mx, ids) - before;
            assertThat(TimeUnit.NANOSECONDS.toMillis(used))
                    .as("CPU used by idle workers over 1 s")
                    .isLessThan(50);
        }
    }

    private static List<Long> workerIds(Engine engine) {
        List<Long> ids = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(engine.name() + "-worker-")) {
                ids.add(t.threadId());
            }
        }
        return ids;
    }

    private static long cpu(ThreadMXBean mx, List<Long> ids) {
        long total = 0;
        for (long id : ids) {
            total += Math.max(0, mx.getThreadCpuTime(id));
        }
        return total;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void noLostWakeUpUnderManySmallSubmissions(int workers) throws Exception {
        // Few spins and no yields: workers park between submissions all the time, so every
        // submission races with a worker going to sleep. A lost wake-up would hang an await.
        try (Engine engine =
                Engine.builder().workers(workers).spins(1).yields(0).build()) {
            List<Thread> submitters = new ArrayList<>();
            long[] sums = new long[3];
            java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            for (int s = 0; s < 3; s++) {
                int slot = s;
                submitters.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 2000; i++) {
                        int k = i;
                        try {
                            sums[slot] += engine.submit(() -> k).await(java.time.Duration.ofSeconds(20));
                        } catch (Exception e) {
                            failure.compareAndSet(null, new AssertionError("submission " + k + " was not run", e));
                            return;
                        }
                    }
                }));
            }
            for (Thread t : submitters) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            for (long s : sums) {
                assertThat(s).isEqualTo(1999L * 2000 / 2);
            }
        }
    }
}

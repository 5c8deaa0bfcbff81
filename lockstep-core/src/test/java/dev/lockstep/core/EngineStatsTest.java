package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Statistics count when on (a forced steal) and stay zero when off. */
class EngineStatsTest {
    /**
     * A task forks a child and then blocks its worker (await, not join) until the child has run:
     * with two workers the child can only run if the other worker steals it.
     */
    private static void forceOneSteal(Engine engine) throws Exception {
        Future<String> parent = engine.submit(() -> {
            CountDownLatch childRan = new CountDownLatch(1);
            Engine.current().submit(childRan::countDown);
            if (!childRan.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("child was never stolen");
            }
            return "stolen";
        });
        assertThat(parent.await()).isEqualTo("stolen");
    }

    @Test
    void statisticsCountStealsWhenOn() throws Exception {
        EngineStats stats;
        try (Engine engine = Engine.builder().workers(2).statistics(true).build()) {
            forceOneSteal(engine);
            engine.submit(new EngineForkJoinTest.Fib(18, 0)).await();
            // idle workers park; once both have, the next task needs a wake-up to run
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.stats().workers().stream().anyMatch(w -> w.parks() == 0)) {
                assertThat(System.nanoTime()).as("workers never parked").isLessThan(deadline);
                Thread.sleep(5);
            }
            engine.submit(() -> 1).await();
            stats = engine.stats();
        }
        assertThat(stats.enabled()).isTrue();
        assertThat(stats.steals()).isGreaterThanOrEqualTo(1);
        assertThat(stats.injected()).isGreaterThanOrEqualTo(3);
        assertThat(stats.tasksRun()).isGreaterThanOrEqualTo(4);
        assertThat(stats.parks()).isGreaterThanOrEqualTo(2);
        assertThat(stats.wakeups()).isGreaterThanOrEqualTo(1);
        assertThat(stats.workers()).hasSize(2);
        assertThat(stats.workers().stream()
                        .mapToLong(EngineStats.Worker::tasksRun)
                        .sum())
                .isEqualTo(stats.tasksRun());
    }

    @Test
    void statisticsAreAllZeroWhenOff() throws Exception {
        EngineStats stats;
        try (Engine engine = Engine.builder().workers(2).statistics(false).build()) {
            forceOneSteal(engine);
            stats = engine.stats();
        }
        assertThat(stats.enabled()).isFalse();
        assertThat(stats.tasksRun()
                        + stats.steals()
                        + stats.failedSteals()
                        + stats.parks()
                        + stats.wakeups()
                        + stats.injected())
                .isZero();
        assertThat(stats.workers()).hasSize(2).allMatch(w -> w.tasksRun() == 0 && w.steals() == 0);
    }
}

package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** close() drains, shutdownNow() cancels and returns, late submissions are rejected by name. */
class EngineShutdownTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void closeDrainsQueuedTasksAndWhatTheyFork(int workers) throws Exception {
        Engine engine = Engine.builder().workers(workers).build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockersStarted = new CountDownLatch(workers);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < workers; i++) { // occupy every worker
            engine.submit(() -> {
                blockersStarted.countDown();
                release.await();
                return null;
            });
        }
        blockersStarted.await();
        for (int i = 0; i < 100; i++) {
            engine.submit(() -> {
                ran.incrementAndGet();
                Engine.current().submit(ran::incrementAndGet); // a fork while draining is accepted
            });
        }
        Thread closer = Thread.ofPlatform().start(engine::close);
        while (!engine.isShutdown()) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> engine.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        closer.join();
        assertThat(ran.get()).isEqualTo(200);
        assertThat(engine.isTerminated()).isTrue();
    }

    @Test
    void submitAfterCloseIsRejectedNamingTheEngine() {
        Engine engine = Engine.builder().workers(2).name("closing-test-engine").build();
        engine.close();
        assertThatThrownBy(() -> engine.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("closing-test-engine")
                .hasMessageContaining("shut down");
        assertThatThrownBy(() -> engine.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> engine.submitBlocking(() -> 1))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("closing-test-engine");
        engine.close(); // idempotent
        assertThat(engine.isTerminated()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void shutdownNowCancelsQueuedTasksAndReturnsThem(int workers) throws Exception {
        Engine engine = Engine.builder().workers(workers).name("stop-test").build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockersStarted = new CountDownLatch(workers);
        List<Future<Object>> blockers = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            blockers.add(engine.submit(() -> {
                blockersStarted.countDown();
                release.await();
                return "blocker";
            }));
        }
        blockersStarted.await();
        AtomicInteger ran = new AtomicInteger();
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(engine.submit(ran::incrementAndGet));
        }
        List<Future<?>> cancelled = engine.shutdownNow();
        release.countDown();
        assertThat(engine.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(cancelled).hasSize(50).containsExactlyInAnyOrderElementsOf(queued);
        assertThat(queued).allMatch(Future::isCancelled);
        assertThat(ran.get()).isZero();
        for (Future<Object> b : blockers) {
            assertThat(b.await()).isEqualTo("blocker"); // running tasks finish
        }
        assertThatThrownBy(() -> queued.get(0).await())
                .isInstanceOf(CancellationException.class)
                .hasMessageContaining("stop-test");
        assertThatThrownBy(() -> engine.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("stop-test");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void shutdownNowStopsARunningRecursiveComputation(int workers) throws Exception {
        Engine engine = Engine.builder().workers(workers).build();
        // fib(45) forked to the leaves would take minutes; after shutdownNow its forks are
        // cancelled as they are taken, so the joins throw and the whole computation unwinds
        Future<Long> root = engine.submit(new EngineForkJoinTest.Fib(45, 0));
        Thread.sleep(100);
        engine.shutdownNow();
        assertThat(engine.awaitTermination(Duration.ofSeconds(60))).isTrue();
        assertThat(root.isDone()).isTrue();
        assertThat(root.isSuccess()).isFalse();
    }

    @Test
    void closeFromInsideAWorkerStartsShutdownWithoutWaitingForItself() throws Exception {
        Engine engine = Engine.builder().workers(1).build();
        Future<Boolean> f = engine.submit(() -> {
            Engine.current().close();
            return Engine.current().isShutdown();
        });
        assertThat(f.await()).isTrue();
        assertThat(engine.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void closeWaitsForBlockingTasksInFlight() throws Exception {
        Engine engine = Engine.builder().workers(1).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger followUps = new AtomicInteger();
        Future<String> blocking = engine.submitBlocking(() -> {
            started.countDown();
            Thread.sleep(200);
            // submitted by a blocking task of this engine while it drains: accepted and run
            engine.submit(followUps::incrementAndGet);
            return "slept";
        });
        started.await();
        engine.close();
        assertThat(blocking.isDone()).isTrue();
        assertThat(blocking.await()).isEqualTo("slept");
        assertThat(followUps.get()).isEqualTo(1);
    }
}

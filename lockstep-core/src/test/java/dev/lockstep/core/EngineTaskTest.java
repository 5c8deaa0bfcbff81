package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures reach futures, cancellation skips or signals, blocking work stays off the workers. */
class EngineTaskTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void exceptionReachesTheFuture(int workers) {
        try (Engine engine = Engine.builder().workers(workers).build()) {
            IOException boom = new IOException("boom");
            Future<Object> f = engine.submit(() -> {
                throw boom;
            });
            assertThatThrownBy(f::join).isInstanceOf(TaskFailedException.class).hasCause(boom);
            assertThat(f.isFailed()).isTrue();
            assertThat(f.exceptionNow()).isSameAs(boom);

            IllegalStateException bad = new IllegalStateException("runnable");
            Future<Void> r = engine.submit((Runnable) () -> {
                throw bad;
            });
            assertThatThrownBy(r::join).hasCause(bad);
        }
    }

    @Test
    void childFailureReachesTheJoiningParent() {
        try (Engine engine = Engine.builder().workers(2).build()) {
            Future<Integer> parent = engine.submit(() -> {
                Future<Integer> child = Engine.current().submit(() -> {
                    throw new ArithmeticException("child failed");
                });
                return child.join();
            });
            assertThatThrownBy(parent::join)
                    .isInstanceOf(TaskFailedException.class)
                    .rootCause()
                    .isInstanceOf(ArithmeticException.class)
                    .hasMessage("child failed");
        }
    }

    @Test
    void executeFailureGoesToTheUncaughtHandler() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        try (Engine engine = Engine.builder()
                .workers(1)
                .uncaughtExceptionHandler((t, e) -> {
                    seen.set(e);
                    handled.countDown();
                })
                .build()) {
            engine.execute(() -> {
                throw new UnsupportedOperationException("from execute");
            });
            assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("from execute");
            assertThat(engine.submit(() -> "worker survived").await()).isEqualTo("worker survived");
        }
    }

    @Test
    void cancelledBeforeStartIsSkipped() throws Exception {
        try (Engine engine = Engine.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            engine.submit(() -> {
                started.countDown();
                release.await();
                return null;
            });
            started.await();
            AtomicBoolean ran = new AtomicBoolean();
            Future<Void> f = engine.submit(() -> ran.set(true));
            assertThat(f.cancel("not needed")).isTrue();
            release.countDown();
            assertThat(engine.submit(() -> "after").await()).isEqualTo("after"); // FIFO: f was taken before
            assertThat(ran.get()).isFalse();
            assertThatThrownBy(f::await)
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("not needed");
        }
    }

    @Test
    void runningTaskSeesItsCancellation() throws Exception {
        try (Engine engine = Engine.builder().workers(1).build()) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean noticed = new AtomicBoolean();
            Future<String> f = engine.submit(() -> {
                assertThat(Engine.currentTaskCancelled()).isFalse();
                started.countDown();
                while (!Engine.currentTaskCancelled()) {
                    Thread.onSpinWait();
                }
                noticed.set(true);
                return "finished anyway";
            });
            started.await();
            f.cancel();
            assertThatThrownBy(f::await).isInstanceOf(CancellationException.class);
            assertThat(engine.submit(noticed::get).await()).isTrue(); // one worker: runs after f returned
            assertThat(Engine.currentTaskCancelled()).isFalse(); // outside a worker
        }
    }

    @Test
    void engineTaskIsScheduledWithoutWrapper() throws Exception {
        try (Engine engine = Engine.builder().workers(2).build()) {
            Task<String> t = new Task<>() {
                @Override
                protected String compute() {
                    return Engine.current() == null ? "outside" : "inside";
                }
            };
            assertThat(engine.submit(t)).isSameAs(t);
            assertThat(t.await()).isEqualTo("inside");
            Task<Integer> outside = new Task<>() {
                @Override
                protected Integer compute() {
                    return 1;
                }
            };
            assertThatThrownBy(outside::fork)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("outside an engine worker");
        }
    }

    @Test
    void currentIsTheEngineOfTheCallingWorker() throws Exception {
        try (Engine a = Engine.builder().workers(1).build();
                Engine b = Engine.builder().workers(1).build()) {
            assertThat(Engine.current()).isNull();
            assertThat(a.submit(Engine::current).await()).isSameAs(a);
            assertThat(b.submit(Engine::current).await()).isSameAs(b);
            assertThat(a.submit(() -> Thread.currentThread().getName()).await()).startsWith(a.name() + "-worker-");
            assertThat(a.parallelism()).isEqualTo(1);
        }
    }

    @Test
    void submitBlockingRunsOnAVirtualThread() throws Exception {
        try (Engine engine = Engine.builder().workers(1).build()) {
            Future<Boolean> f =
                    engine.submitBlocking(() -> Thread.currentThread().isVirtual());
            assertThat(f.await()).isTrue();
            assertThat(engine.submitBlocking(Engine::current).await()).isNull();
        }
    }

    @Test
    void blockingTaskDoesNotOccupyTheOnlyWorker() throws Exception {
        try (Engine engine = Engine.builder().workers(1).build()) {
            CountDownLatch latch = new CountDownLatch(1);
            Future<String> blocked = engine.submitBlocking(() -> {
                latch.await();
                return "released";
            });
            // the only worker is free: a compute task and a join on the blocking future both work
            assertThat(engine.submit(() -> 6 * 7).await(Duration.ofSeconds(30))).isEqualTo(42);
            Future<String> joiner = engine.submit(blocked::join);
            latch.countDown();
            assertThat(joiner.await(Duration.ofSeconds(30))).isEqualTo("released");
            assertThat(blocked.isSuccess()).isTrue();
        }
    }

    @Test
    void cancellingABlockingTaskInterruptsIt() throws Exception {
        try (Engine engine = Engine.builder().workers(1).build()) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            Future<Object> f = engine.submitBlocking(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return null;
            });
            started.await();
            assertThat(f.cancel()).isTrue();
            engine.close(); // waits for the blocking task, which ends once interrupted
            assertThat(interrupted.get()).isTrue();
            assertThat(f.isCancelled()).isTrue();
        }
    }

    @Test
    void blockingFailureReachesTheFuture() {
        try (Engine engine = Engine.builder().workers(1).build()) {
            Future<Object> f = engine.submitBlocking(() -> {
                throw new IOException("disk");
            });
            assertThatThrownBy(f::join).isInstanceOf(TaskFailedException.class).hasRootCauseMessage("disk");
        }
    }
}

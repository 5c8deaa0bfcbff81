package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fork/join results at several worker counts, and help-while-join. */
class EngineForkJoinTest {
    static long seqFib(int n) {
        return n < 2 ? n : seqFib(n - 1) + seqFib(n - 2);
    }

    /** fib with an optional sequential threshold; forks n-1, computes n-2 inline, joins. */
    static final class Fib extends Task<Long> {
        final int n;
        final int threshold;

        Fib(int n, int threshold) {
            this.n = n;
            this.threshold = threshold;
        }

        @Override
        protected Long compute() {
            if (n < 2) {
                return (long) n;
            }
            if (n < threshold) {
                return seqFib(n);
            }
            Fib f1 = new Fib(n - 1, threshold);
            f1.fork();
            long r2 = new Fib(n - 2, threshold).compute();
            return r2 + f1.join();
        }
    }

    /** Sums a[lo, hi) by halving down to a grain. */
    static final class Sum extends Task<Long> {
        final long[] a;
        final int lo;
        final int hi;

        Sum(long[] a, int lo, int hi) {
            this.a = a;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Long compute() {
            if (hi - lo <= 1024) {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += a[i];
                }
                return s;
            }
            int mid = (lo + hi) >>> 1;
            Sum left = new Sum(a, lo, mid);
            left.fork();
            long right = new Sum(a, mid, hi).compute();
            return right + left.join();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void fibWithThreshold(int workers) throws Exception {
        try (Engine engine = Engine.builder().workers(workers).build()) {
            assertThat(engine.submit(new Fib(27, 12)).await()).isEqualTo(seqFib(27));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void fibWithoutThresholdNeitherStarvesNorOverflows(int workers) throws Exception {
        try (Engine engine = Engine.builder().workers(workers).build()) {
            assertThat(engine.submit(new Fib(30, 0)).await()).isEqualTo(832040L);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void parallelSum(int workers) throws Exception {
        long[] a = LongStream.range(0, 1_000_000).map(i -> i * 3 + 1).toArray();
        long expected = LongStream.of(a).sum();
        try (Engine engine = Engine.builder().workers(workers).build()) {
            assertThat(engine.submit(new Sum(a, 0, a.length)).await()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void joiningWorkerRunsOtherTasksInsteadOfBlocking(int workers) throws Exception {
        // With one worker, a task that forks a child and joins it can only finish if the join runs
        // the child on the joining worker itself; a join that blocked would wait forever.
        AtomicReference<Thread> parentThread = new AtomicReference<>();
        AtomicReference<Thread> childThread = new AtomicReference<>();
        try (Engine engine = Engine.builder().workers(workers).build()) {
            Future<String> parent = engine.submit(() -> {
                parentThread.set(Thread.currentThread());
                Future<Integer> child = Engine.current()
                        .submit(
                                () -> { // a fork: this worker's deque
                                    childThread.set(Thread.currentThread());
                                    return 42;
                                });
                return "child=" + child.join();
            });
            assertThat(parent.await(Duration.ofSeconds(30))).isEqualTo("child=42");
            if (workers == 1) {
                assertThat(childThread.get()).isSameAs(parentThread.get());
            } else {
                assertThat(childThread.get().getName()).startsWith(engine.name() + "-worker-");
            }
        }
    }
}

package dev.lockstep.bench.core;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.Engine;
import dev.lockstep.core.Task;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * fib(30) by recursive fork/join: fork fib(n-1), compute fib(n-2) inline, join. {@code fib30} stops
 * forking below n = 10 (sequential there); {@code fib30-nothreshold} forks down to the leaves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FibBench {
    static final int N = 30;
    static final int THRESHOLD = 10;
    static final long EXPECTED = 832_040L;

    private Engine engine;
    private ForkJoinPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        int p = Runtime.getRuntime().availableProcessors();
        engine = Engine.builder().workers(p).name("bench-fib").build();
        pool = new ForkJoinPool(p);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        pool.close();
    }

    static long seqFib(int n) {
        return n < 2 ? n : seqFib(n - 1) + seqFib(n - 2);
    }

    static long check(long v) {
        if (v != EXPECTED) {
            throw new AssertionError("fib(" + N + ") = " + v);
        }
        return v;
    }

    @Benchmark
    @Ours("fib30")
    public long lockstepFib30() {
        return check(engine.submit(new LFib(N, THRESHOLD)).join());
    }

    @Benchmark
    @Peer(value = "fib30", name = "ForkJoinPool")
    public long forkJoinPoolFib30() {
        return check(pool.invoke(new JFib(N, THRESHOLD)));
    }

    @Benchmark
    @Ours("fib30-nothreshold")
    public long lockstepFib30NoThreshold() {
        return check(engine.submit(new LFib(N, 0)).join());
    }

    @Benchmark
    @Peer(value = "fib30-nothreshold", name = "ForkJoinPool")
    public long forkJoinPoolFib30NoThreshold() {
        return check(pool.invoke(new JFib(N, 0)));
    }

    /** Lockstep's side. */
    static final class LFib extends Task<Long> {
        final int n;
        final int threshold;

        LFib(int n, int threshold) {
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
            LFib f1 = new LFib(n - 1, threshold);
            f1.fork();
            long r2 = new LFib(n - 2, threshold).compute();
            return r2 + f1.join();
        }
    }

    /** The peer's side, line for line the same. */
    static final class JFib extends RecursiveTask<Long> {
        final int n;
        final int threshold;

        JFib(int n, int threshold) {
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
            JFib f1 = new JFib(n - 1, threshold);
            f1.fork();
            long r2 = new JFib(n - 2, threshold).compute();
            return r2 + f1.join();
        }
    }
}

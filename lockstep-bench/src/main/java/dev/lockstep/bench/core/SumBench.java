package dev.lockstep.bench.core;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.Engine;
import dev.lockstep.core.Task;
import java.util.SplittableRandom;
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

/** {@code sum1e8}: the sum of 10^8 pre-filled longs, halved recursively down to 2^16 elements. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SumBench {
    static final int SIZE = 100_000_000;
    static final int GRAIN = 1 << 16;

    private long[] data;
    private long expected;
    private Engine engine;
    private ForkJoinPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        data = new long[SIZE];
        SplittableRandom r = new SplittableRandom(42);
        long s = 0;
        for (int i = 0; i < SIZE; i++) {
            data[i] = r.nextInt(1_000_000);
            s += data[i];
        }
        expected = s;
        int p = Runtime.getRuntime().availableProcessors();
        engine = Engine.builder().workers(p).name("bench-sum").build();
        pool = new ForkJoinPool(p);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        pool.close();
    }

    static long leaf(long[] a, int lo, int hi) {
        long s = 0;
        for (int i = lo; i < hi; i++) {
            s += a[i];
        }
        return s;
    }

    private long check(long v) {
        if (v != expected) {
            throw new AssertionError("sum = " + v + ", expected " + expected);
        }
        return v;
    }

    @Benchmark
    @Ours("sum1e8")
    public long lockstepSum() {
        return check(engine.submit(new LSum(data, 0, SIZE)).join());
    }

    @Benchmark
    @Peer(value = "sum1e8", name = "ForkJoinPool")
    public long forkJoinPoolSum() {
        return check(pool.invoke(new JSum(data, 0, SIZE)));
    }

    static final class LSum extends Task<Long> {
        final long[] a;
        final int lo;
        final int hi;

        LSum(long[] a, int lo, int hi) {
            this.a = a;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Long compute() {
            if (hi - lo <= GRAIN) {
                return leaf(a, lo, hi);
            }
            int mid = (lo + hi) >>> 1;
            LSum left = new LSum(a, lo, mid);
            left.fork();
            long right = new LSum(a, mid, hi).compute();
            return right + left.join();
        }
    }

    static final class JSum extends RecursiveTask<Long> {
        final long[] a;
        final int lo;
        final int hi;

        JSum(long[] a, int lo, int hi) {
            this.a = a;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Long compute() {
            if (hi - lo <= GRAIN) {
                return leaf(a, lo, hi);
            }
            int mid = (lo + hi) >>> 1;
            JSum left = new JSum(a, lo, mid);
            left.fork();
            long right = new JSum(a, mid, hi).compute();
            return right + left.join();
        }
    }
}

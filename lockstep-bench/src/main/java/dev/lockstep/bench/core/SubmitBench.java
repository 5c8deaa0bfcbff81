package dev.lockstep.bench.core;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
 * {@code submit1e6}: one outside thread submits 10^6 tiny tasks (each returns its index), then
 * awaits every future in submission order and sums the results.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SubmitBench {
    static final int COUNT = 1_000_000;
    static final long EXPECTED = (long) COUNT * (COUNT - 1) / 2;

    private Engine engine;
    private ForkJoinPool pool;
    private ThreadPoolExecutor executor;
    private Future<?>[] ours;
    private java.util.concurrent.Future<?>[] theirs;

    @Setup(Level.Trial)
    public void setUp() {
        int p = Runtime.getRuntime().availableProcessors();
        engine = Engine.builder().workers(p).name("bench-submit").build();
        pool = new ForkJoinPool(p);
        executor = new ThreadPoolExecutor(p, p, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        executor.prestartAllCoreThreads();
        ours = new Future<?>[COUNT];
        theirs = new java.util.concurrent.Future<?>[COUNT];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        pool.close();
        executor.close();
    }

    private static long check(long v) {
        if (v != EXPECTED) {
            throw new AssertionError("sum of results " + v + ", expected " + EXPECTED);
        }
        return v;
    }

    @Benchmark
    @Ours("submit1e6")
    public long lockstepSubmit() {
        Future<?>[] fs = ours;
        for (int i = 0; i < COUNT; i++) {
            int k = i;
            fs[i] = engine.submit((Callable<Integer>) () -> k);
        }
        long sum = 0;
        for (int i = 0; i < COUNT; i++) {
            sum += (Integer) fs[i].join();
            fs[i] = null;
        }
        return check(sum);
    }

    @Benchmark
    @Peer(value = "submit1e6", name = "ForkJoinPool")
    public long forkJoinPoolSubmit() throws InterruptedException, ExecutionException {
        return check(submitAll(pool));
    }

    @Benchmark
    @Peer(value = "submit1e6", name = "ThreadPoolExecutor")
    public long threadPoolExecutorSubmit() throws InterruptedException, ExecutionException {
        return check(submitAll(executor));
    }

    private long submitAll(java.util.concurrent.ExecutorService ex) throws InterruptedException, ExecutionException {
        java.util.concurrent.Future<?>[] fs = theirs;
        for (int i = 0; i < COUNT; i++) {
            int k = i;
            fs[i] = ex.submit((Callable<Integer>) () -> k);
        }
        long sum = 0;
        for (int i = 0; i < COUNT; i++) {
            sum += (Integer) fs[i].get();
            fs[i] = null;
        }
        return sum;
    }
}

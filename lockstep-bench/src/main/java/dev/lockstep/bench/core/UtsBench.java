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
 * {@code uts}: unbalanced tree search over a seeded binomial tree (after UTS's T1/T3 shapes). The
 * root has {@link #B0} children; every other node has {@link #M} children with probability {@link
 * #Q}, else none (q·m = 0.992: a near-critical tree, deep and irregular). A node's state is a
 * SplitMix64 hash of its parent's state and its child number, so the tree is the same on every run
 * and side: {@value #SEED} gives 467,177 nodes, 291 levels deep. Each node forks all children but
 * the last, computes the last inline, joins the rest; the count is checked against a sequential
 * count made at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UtsBench {
    static final int B0 = 2000;
    static final int M = 8;
    static final double Q = 0.124;
    static final long SEED = 3;

    private long expected;
    private Engine engine;
    private ForkJoinPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        expected = sequentialCount(rootState(), 0);
        int p = Runtime.getRuntime().availableProcessors();
        engine = Engine.builder().workers(p).name("bench-uts").build();
        pool = new ForkJoinPool(p);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        pool.close();
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long rootState() {
        return mix(SEED);
    }

    static int childCount(long state, int depth) {
        if (depth == 0) {
            return B0;
        }
        double u = (mix(state ^ 0x5DEECE66DL) >>> 11) * 0x1.0p-53;
        return u < Q ? M : 0;
    }

    static long childState(long state, int i) {
        return mix(state + (i + 1) * 0x9E3779B97F4A7C15L);
    }

    static long sequentialCount(long state, int depth) {
        long c = 1;
        int k = childCount(state, depth);
        for (int i = 0; i < k; i++) {
            c += sequentialCount(childState(state, i), depth + 1);
        }
        return c;
    }

    private long check(long v) {
        if (v != expected) {
            throw new AssertionError("uts counted " + v + " nodes, expected " + expected);
        }
        return v;
    }

    @Benchmark
    @Ours("uts")
    public long lockstepUts() {
        return check(engine.submit(new LNode(rootState(), 0)).join());
    }

    @Benchmark
    @Peer(value = "uts", name = "ForkJoinPool")
    public long forkJoinPoolUts() {
        return check(pool.invoke(new JNode(rootState(), 0)));
    }

    static final class LNode extends Task<Long> {
        final long state;
        final int depth;

        LNode(long state, int depth) {
            this.state = state;
            this.depth = depth;
        }

        @Override
        protected Long compute() {
            int k = childCount(state, depth);
            if (k == 0) {
                return 1L;
            }
            LNode[] forked = new LNode[k - 1];
            for (int i = 0; i < k - 1; i++) {
                forked[i] = new LNode(childState(state, i), depth + 1);
                forked[i].fork();
            }
            long c = 1 + new LNode(childState(state, k - 1), depth + 1).compute();
            for (int i = k - 2; i >= 0; i--) {
                c += forked[i].join();
            }
            return c;
        }
    }

    static final class JNode extends RecursiveTask<Long> {
        final long state;
        final int depth;

        JNode(long state, int depth) {
            this.state = state;
            this.depth = depth;
        }

        @Override
        protected Long compute() {
            int k = childCount(state, depth);
            if (k == 0) {
                return 1L;
            }
            JNode[] forked = new JNode[k - 1];
            for (int i = 0; i < k - 1; i++) {
                forked[i] = new JNode(childState(state, i), depth + 1);
                forked[i].fork();
            }
            long c = 1 + new JNode(childState(state, k - 1), depth + 1).compute();
            for (int i = k - 2; i >= 0; i--) {
                c += forked[i].join();
            }
            return c;
        }
    }
}

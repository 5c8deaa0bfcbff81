package dev.lockstep.bench.core;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.concurrent.MpmcQueue;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpmcArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.Control;

/**
 * Bounded MPMC queue throughput: Lockstep's {@link MpmcQueue} against JCTools' {@link
 * MpmcArrayQueue}, both with capacity {@value #CAPACITY}, with one producer and one consumer
 * ({@code mpmc-1p1c}) and with two of each ({@code mpmc-2p2c}). Results are in elements
 * transferred per microsecond, higher is better.
 *
 * <p>Shape: each result is a JMH group (the JCTools benchmarks' layout, written here from scratch).
 * Producers call the group's offer method once per element: one {@code offer}, spinning with
 * {@link Thread#onSpinWait()} while the queue is full. Consumers call the group's poll method,
 * which makes {@value #POLLS_PER_CALL} poll attempts (spinning while empty) per invocation. JMH
 * reports a group's primary score as the sum of its methods' invocation rates, so the consumers add
 * about {@code rate / 65536}, a few parts in a million, and the primary score of the group is the
 * producers' successful offers per microsecond, which in steady state equals the consumers'
 * successful polls. That is why {@link Ours} and {@link Peer} sit on the offer method, whose name
 * is also the group's name: the runner reads the group's primary score and needs no arithmetic.
 * The per-method secondary results show the split (the poll side reads near zero by construction).
 *
 * <p>Why not a poll method that loops until {@link Control#stopMeasurement}: JMH shares that flag
 * (and {@code startMeasurement}) between the group's threads, and a consumer call that starts in
 * the pre-measurement phase would run through the whole measurement and leave a stub of a few
 * microseconds with one operation in it, a visible bogus rate. A bounded batch has no such edge.
 * Both sides still stop spinning once measurement has stopped, so that no iteration can hang on a
 * full queue whose consumers have left.
 *
 * <p>The two sides are identical except for the queue class: same capacity, same element (one
 * preallocated {@code Integer}, so no allocation is measured), same spin policy, fresh queues per
 * iteration so no leftover elements carry over.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MpmcBench {
    static final int CAPACITY = 1024;
    private static final Integer ELEMENT = 42;

    /** Poll attempts per consumer invocation: makes the consumers' share of the score negligible. */
    static final int POLLS_PER_CALL = 1 << 16;

    MpmcQueue<Integer> ours;
    Queue<Integer> jctools;

    @Setup(Level.Iteration)
    public void freshQueues() {
        ours = new MpmcQueue<>(CAPACITY);
        jctools = new MpmcArrayQueue<>(CAPACITY);
    }

    // ---- shared bodies: identical for both queues ----

    private static boolean offerOne(MpmcQueue<Integer> q, Control control) {
        while (!q.offer(ELEMENT)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static boolean offerOne(Queue<Integer> q, Control control) {
        while (!q.offer(ELEMENT)) {
            if (control.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static void pollBatch(MpmcQueue<Integer> q, Control control, Blackhole bh) {
        for (int i = 0; i < POLLS_PER_CALL && !control.stopMeasurement; i++) {
            Integer e = q.poll();
            if (e == null) {
                Thread.onSpinWait();
            } else {
                bh.consume(e);
            }
        }
    }

    private static void pollBatch(Queue<Integer> q, Control control, Blackhole bh) {
        for (int i = 0; i < POLLS_PER_CALL && !control.stopMeasurement; i++) {
            Integer e = q.poll();
            if (e == null) {
                Thread.onSpinWait();
            } else {
                bh.consume(e);
            }
        }
    }

    // ---- mpmc-1p1c ----

    @Benchmark
    @Group("ours1p1c")
    @GroupThreads(1)
    @Ours("mpmc-1p1c")
    public boolean ours1p1c(Control control) {
        return offerOne(ours, control);
    }

    @Benchmark
    @Group("ours1p1c")
    @GroupThreads(1)
    public void ours1p1cPoll(Control control, Blackhole bh) {
        pollBatch(ours, control, bh);
    }

    @Benchmark
    @Group("jctools1p1c")
    @GroupThreads(1)
    @Peer(value = "mpmc-1p1c", name = "JCTools MpmcArrayQueue")
    public boolean jctools1p1c(Control control) {
        return offerOne(jctools, control);
    }

    @Benchmark
    @Group("jctools1p1c")
    @GroupThreads(1)
    public void jctools1p1cPoll(Control control, Blackhole bh) {
        pollBatch(jctools, control, bh);
    }

    // ---- mpmc-2p2c ----

    @Benchmark
    @Group("ours2p2c")
    @GroupThreads(2)
    @Ours("mpmc-2p2c")
    public boolean ours2p2c(Control control) {
        return offerOne(ours, control);
    }

    @Benchmark
    @Group("ours2p2c")
    @GroupThreads(2)
    public void ours2p2cPoll(Control control, Blackhole bh) {
        pollBatch(ours, control, bh);
    }

    @Benchmark
    @Group("jctools2p2c")
    @GroupThreads(2)
    @Peer(value = "mpmc-2p2c", name = "JCTools MpmcArrayQueue")
    public boolean jctools2p2c(Control control) {
        return offerOne(jctools, control);
    }

    @Benchmark
    @Group("jctools2p2c")
    @GroupThreads(2)
    public void jctools2p2cPoll(Control control, Blackhole bh) {
        pollBatch(jctools, control, bh);
    }
}

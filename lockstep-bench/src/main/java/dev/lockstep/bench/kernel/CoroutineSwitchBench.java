package dev.lockstep.bench.kernel;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineBackend;
import dev.lockstep.core.coroutine.CoroutineState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
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
 * One coroutine switch: one operation is one resume and the yield that ends it, on the JMH thread.
 *
 * <ul>
 *   <li>{@code coroutine-switch}: a {@link Coroutine} on the CONTINUATION backend whose body yields
 *       in a loop, against a raw {@code jdk.internal.vm.Continuation} doing the same (run, yield),
 *       which is the floor this backend stands on.
 *   <li>{@code coroutine-switch-vt}: the same coroutine on the VIRTUAL_THREAD backend, against a
 *       plain park/unpark ping-pong between the JMH thread and one virtual thread (a volatile turn
 *       word, no spinning), which is what a hand-written handoff would do.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoroutineSwitchBench {
    private static final ContinuationScope RAW_SCOPE = new ContinuationScope("bench-raw");

    private Coroutine<Void> onContinuation;
    private Coroutine<Void> onVirtualThread;
    private Continuation raw;

    // the ping-pong peer
    private volatile int turn; // 0: the JMH thread's, 1: the virtual thread's
    private volatile boolean stop;
    private Thread resumer; // plain: published by the store of turn = 1
    private Thread partner;

    private static void yieldForever(Coroutine<Void> self) {
        while (true) {
            Coroutine.yield();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        onContinuation =
                Coroutine.create("switch", null, CoroutineBackend.CONTINUATION, CoroutineSwitchBench::yieldForever);
        onVirtualThread = Coroutine.create(
                "switch-vt", null, CoroutineBackend.VIRTUAL_THREAD, CoroutineSwitchBench::yieldForever);
        raw = new Continuation(RAW_SCOPE, () -> {
            while (true) {
                Continuation.yield(RAW_SCOPE);
            }
        });
        partner = Thread.ofVirtual().name("ping-pong").start(this::partnerLoop);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        onContinuation.close();
        onVirtualThread.close();
        stop = true;
        LockSupport.unpark(partner);
        partner.join();
    }

    @Benchmark
    @Ours("coroutine-switch")
    public CoroutineState continuationSwitch() {
        return onContinuation.resume();
    }

    @Benchmark
    @Peer(value = "coroutine-switch", name = "raw Continuation")
    public boolean rawContinuation() {
        raw.run();
        return raw.isDone();
    }

    @Benchmark
    @Ours("coroutine-switch-vt")
    public CoroutineState virtualThreadSwitch() {
        return onVirtualThread.resume();
    }

    @Benchmark
    @Peer(value = "coroutine-switch-vt", name = "VT park/unpark ping-pong")
    public int parkUnparkPingPong() {
        resumer = Thread.currentThread();
        turn = 1;
        LockSupport.unpark(partner);
        while (turn != 0) {
            LockSupport.park(this);
        }
        return turn;
    }

    private void partnerLoop() {
        while (true) {
            while (turn != 1) {
                if (stop) {
                    return;
                }
                LockSupport.park(this);
            }
            turn = 0;
            LockSupport.unpark(resumer);
        }
    }
}

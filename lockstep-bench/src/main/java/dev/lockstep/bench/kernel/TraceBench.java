package dev.lockstep.bench.kernel;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.trace.Trace;
import dev.lockstep.core.trace.TraceKind;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a trace call site costs. Each operation is one pass of a loop body: a little real work
 * (an xorshift step on per-thread state, consumed by the Blackhole so the JIT cannot drop it)
 * and, on Lockstep's side, a {@code Trace.instant} call site with that step's values.
 *
 * <ul>
 *   <li>{@code trace-disabled}: tracing off; the call site should cost nothing beyond the noise
 *       (the goal: indistinguishable from the peer). Run with {@code --gc} it shows 0 B/op.
 *   <li>{@code trace-enabled}: tracing on (16384 events per thread, the ring wraps in steady state,
 *       as in a long run); the full cost of recording one event. Also 0 B/op with {@code --gc}.
 * </ul>
 *
 * The peer of both is the same loop body without the call. Each benchmark method runs in its own
 * JMH fork, so the trace state of one never leaks into another.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TraceBench {
    static final TraceKind STEP = TraceKind.register("bench.step", "bench", TraceKind.Type.INSTANT, "step", "x", "y");

    private long x = 0x9E3779B97F4A7C15L;
    private long step;

    /** The loop body's work: one xorshift64 step. */
    private long work() {
        long v = x;
        v ^= v << 13;
        v ^= v >>> 7;
        v ^= v << 17;
        x = v;
        return v;
    }

    /** Tracing on, for {@code trace-enabled} only. */
    @State(Scope.Benchmark)
    public static class Enabled {
        @Setup(Level.Trial)
        public void enable() {
            Trace.enable();
        }

        @TearDown(Level.Trial)
        public void disable() {
            Trace.disable();
        }
    }

    /** Tracing off: the state every other method starts from. */
    @State(Scope.Benchmark)
    public static class Disabled {
        @Setup(Level.Trial)
        public void disable() {
            Trace.disable();
            if (Trace.isEnabled()) {
                throw new IllegalStateException("tracing is on (-Dlockstep.trace?); trace-disabled needs it off");
            }
        }
    }

    @Benchmark
    @Ours("trace-disabled")
    public void callSiteDisabled(Disabled off, Blackhole bh) {
        long v = work();
        Trace.instant(STEP, step++, v, 0);
        bh.consume(v);
    }

    @Benchmark
    @Ours("trace-enabled")
    public void callSiteEnabled(Enabled on, Blackhole bh) {
        long v = work();
        Trace.instant(STEP, step++, v, 0);
        bh.consume(v);
    }

    @Benchmark
    @Peer(value = "trace-disabled", name = "same loop without the call")
    @Peer(value = "trace-enabled", name = "same loop without the call")
    public void noCallSite(Disabled off, Blackhole bh) {
        long v = work();
        step++;
        bh.consume(v);
    }
}

package dev.lockstep.bench.sync;

import static dev.lockstep.bench.sync.CoreWorkloads.AWAIT_IMMEDIATE_N;
import static dev.lockstep.bench.sync.CoreWorkloads.COMBINED_N;
import static dev.lockstep.bench.sync.CoreWorkloads.EMIT_AWAIT_N;
import static dev.lockstep.bench.sync.CoreWorkloads.FANOUT_BRANCHES;
import static dev.lockstep.bench.sync.CoreWorkloads.FANOUT_WORK;
import static dev.lockstep.bench.sync.CoreWorkloads.PAUSE_LOOP_N;
import static dev.lockstep.bench.sync.CoreWorkloads.WATCH_PREEMPT_N;
import static dev.lockstep.bench.sync.CoreWorkloads.WHEN_GUARD_N;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Published;
import dev.lockstep.sync.Program;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Tempo's core workloads ({@link CoreWorkloads}), in ns per operation with Tempo's operation
 * counts, each at the largest complexity Tempo's {@code core_bench.ml} measures. The published
 * peer is Tempo's per-operation figure the issue quotes, for the workload it measures: 210 ns per
 * pause (pause_loop), 250 ns per emit/await (emit_await), 1.3 us per awaitImmediate handshake
 * (await_immediate), 550 ns per guarded step (when_guard), 140 ns per watch step (watch_preempt).
 * parallel_fanout and combined have no published figure and no peer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyncCoreBench {
    static final long LIMIT = 1_000_000;

    private static final String TEMPO = "Tempo (OCaml 5, faster machine)";
    private static final String SOURCE =
            "issue 4: Tempo's per-operation figure after its optimisation work, on a faster machine";

    @State(Scope.Thread)
    public static class PauseLoop extends MachineRun {
        @Override
        Program<Void, Void> program(Probe p) {
            return CoreWorkloads.pauseLoop(PAUSE_LOOP_N, p);
        }
    }

    @State(Scope.Thread)
    public static class EmitAwait extends MachineRun {
        @Override
        Program<Void, Void> program(Probe p) {
            return CoreWorkloads.emitAwait(EMIT_AWAIT_N, p);
        }
    }

    @State(Scope.Thread)
    public static class AwaitImmediate extends MachineRun {
        @Override
        Program<Void, Void> program(Probe p) {
            return CoreWorkloads.awaitImmediate(AWAIT_IMMEDIATE_N, p);
        }
    }

    @State(Scope.Thread)
    public static class WhenGuard extends MachineRun {
        @Override
        Program<Void, Void> program(Probe p) {
            return CoreWorkloads.whenGuard(WHEN_GUARD_N, p);
        }
    }

    @State(Scope.Thread)
    public static class WatchPreempt extends MachineRun {
        @Override
        Program<Void, Void> program(Probe p) {
            return CoreWorkloads.watchPreempt(WATCH_PREEMPT_N, p);
        }
    }

    @State(Scope.Thread)
    public static class ParallelFanout extends MachineRun {
        @Override
        Program<Void, Void> program(Probe p) {
            return CoreWorkloads.parallelFanout(FANOUT_BRANCHES, p);
        }
    }

    @State(Scope.Thread)
    public static class Combined extends MachineRun {
        @Override
        Program<Void, Void> program(Probe p) {
            return CoreWorkloads.combined(COMBINED_N, p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAUSE_LOOP_N)
    @Ours("pause_loop")
    @Published(peer = TEMPO, value = 210, unit = "ns", source = SOURCE + " (per pause)")
    public long pauseLoop(PauseLoop r) {
        CoreWorkloads.expectPauseLoop(PAUSE_LOOP_N, r.run(LIMIT));
        return r.probe.count;
    }

    @Benchmark
    @OperationsPerInvocation(2 * EMIT_AWAIT_N)
    @Ours("emit_await")
    @Published(peer = TEMPO, value = 250, unit = "ns", source = SOURCE + " (per emit/await)")
    public long emitAwait(EmitAwait r) {
        CoreWorkloads.expectEmitAwait(EMIT_AWAIT_N, r.run(LIMIT));
        return r.probe.sum;
    }

    @Benchmark
    @OperationsPerInvocation(AWAIT_IMMEDIATE_N)
    @Ours("await_immediate")
    @Published(peer = TEMPO, value = 1300, unit = "ns", source = SOURCE + " (per awaitImmediate handshake)")
    public long awaitImmediate(AwaitImmediate r) {
        CoreWorkloads.expectAwaitImmediate(AWAIT_IMMEDIATE_N, r.run(LIMIT));
        return r.probe.sum;
    }

    @Benchmark
    @OperationsPerInvocation(WHEN_GUARD_N)
    @Ours("when_guard")
    @Published(peer = TEMPO, value = 550, unit = "ns", source = SOURCE + " (per guarded step)")
    public long whenGuard(WhenGuard r) {
        CoreWorkloads.expectWhenGuard(WHEN_GUARD_N, r.run(CoreWorkloads.whenGuardLimit(WHEN_GUARD_N)));
        return r.probe.count;
    }

    @Benchmark
    @OperationsPerInvocation(WATCH_PREEMPT_N)
    @Ours("watch_preempt")
    @Published(peer = TEMPO, value = 140, unit = "ns", source = SOURCE + " (per watch step)")
    public long watchPreempt(WatchPreempt r) {
        CoreWorkloads.expectWatchPreempt(WATCH_PREEMPT_N, r.run(LIMIT));
        return r.probe.count;
    }

    @Benchmark
    @OperationsPerInvocation(FANOUT_BRANCHES * FANOUT_WORK)
    @Ours("parallel_fanout")
    public long parallelFanout(ParallelFanout r) {
        CoreWorkloads.expectParallelFanout(FANOUT_BRANCHES, r.run(LIMIT));
        return r.probe.count;
    }

    @Benchmark
    @OperationsPerInvocation(4 * COMBINED_N)
    @Ours("combined")
    public long combined(Combined r) {
        CoreWorkloads.expectCombined(COMBINED_N, r.run(CoreWorkloads.combinedLimit(COMBINED_N)));
        return r.probe.count;
    }
}

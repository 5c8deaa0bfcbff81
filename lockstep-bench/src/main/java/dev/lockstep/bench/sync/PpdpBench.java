package dev.lockstep.bench.sync;

import dev.lockstep.bench.Cold;
import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Published;
import dev.lockstep.sync.Program;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The five workloads of Tempo's PPDP comparison with ReactiveML ({@link PpdpWorkloads}), in ms per
 * run of the machine (built before the timer starts, closed after it stops) at n = 5000, 10000
 * and 50000: results {@code ppdp-b1-n5000} ... {@code ppdp-b5-n50000}, each also {@link Cold} (the
 * first run in a fresh JVM, {@code ppdp-b1-n5000-cold} ...) and, with {@code --aot}, the same
 * first run in fresh JVMs started from an AOT cache trained by {@link PpdpTraining} (all five
 * workloads at n = 1000, never a measured size: {@code ppdp-b1-n5000-cold-aot} ...). The published
 * peer is ReactiveML's anchor from the issue, the same figure for the steady and the cold rows (the
 * anchors are single native runs).
 *
 * <p>No special JVM options: b5 nests n {@code watch} levels in one process, and the machine runs
 * bodies nested deeper than 32 levels as child processes (docs/sync.md), so the stack stays
 * shallow.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PpdpBench {
    private static final String RML = "ReactiveML 1.09.07 (native, OCaml 4.13)";
    private static final String SOURCE =
            "issue 4 anchor: median of 31 runs, run time inside the process, a 2-core machine";

    @State(Scope.Thread)
    public static class B1 extends MachineRun {
        @Param({"5000", "10000", "50000"})
        public int n;

        @Override
        Program<Void, Void> program(Probe p) {
            return PpdpWorkloads.b1(n, p);
        }
    }

    @State(Scope.Thread)
    public static class B2 extends MachineRun {
        @Param({"5000", "10000", "50000"})
        public int n;

        @Override
        Program<Void, Void> program(Probe p) {
            return PpdpWorkloads.b2(n, p);
        }
    }

    @State(Scope.Thread)
    public static class B3 extends MachineRun {
        @Param({"5000", "10000", "50000"})
        public int n;

        @Override
        Program<Void, Void> program(Probe p) {
            return PpdpWorkloads.b3(n, p);
        }
    }

    @State(Scope.Thread)
    public static class B4 extends MachineRun {
        @Param({"5000", "10000", "50000"})
        public int n;

        @Override
        Program<Void, Void> program(Probe p) {
            return PpdpWorkloads.b4(n, p);
        }
    }

    @State(Scope.Thread)
    public static class B5 extends MachineRun {
        @Param({"5000", "10000", "50000"})
        public int n;

        @Override
        Program<Void, Void> program(Probe p) {
            return PpdpWorkloads.b5(n, p);
        }
    }

    /** propagation chains. */
    @Benchmark
    @Cold(aotTraining = PpdpTraining.class)
    @Ours("ppdp-b1-n{n}")
    @Published(peer = RML, value = 3.43, unit = "ms", params = "n=5000", source = SOURCE)
    @Published(peer = RML, value = 6.61, unit = "ms", params = "n=10000", source = SOURCE)
    @Published(peer = RML, value = 66.1, unit = "ms", params = "n=50000", source = SOURCE)
    public long chains(B1 r) {
        PpdpWorkloads.expectB1(r.n, r.run(PpdpWorkloads.LIMIT));
        return r.probe.count;
    }

    /** broadcast expansion. */
    @Benchmark
    @Cold(aotTraining = PpdpTraining.class)
    @Ours("ppdp-b2-n{n}")
    @Published(peer = RML, value = 1.29, unit = "ms", params = "n=5000", source = SOURCE)
    @Published(peer = RML, value = 2.75, unit = "ms", params = "n=10000", source = SOURCE)
    @Published(peer = RML, value = 22.7, unit = "ms", params = "n=50000", source = SOURCE)
    public long broadcast(B2 r) {
        PpdpWorkloads.expectB2(r.n, r.run(PpdpWorkloads.LIMIT));
        return r.probe.count;
    }

    /** fork explosion. */
    @Benchmark
    @Cold(aotTraining = PpdpTraining.class)
    @Ours("ppdp-b3-n{n}")
    @Published(peer = RML, value = 2.21, unit = "ms", params = "n=5000", source = SOURCE)
    @Published(peer = RML, value = 5.87, unit = "ms", params = "n=10000", source = SOURCE)
    @Published(peer = RML, value = 30.2, unit = "ms", params = "n=50000", source = SOURCE)
    public long forkExplosion(B3 r) {
        PpdpWorkloads.expectB3(r.n, r.run(PpdpWorkloads.LIMIT));
        return r.probe.count;
    }

    /** guarded cascades. */
    @Benchmark
    @Cold(aotTraining = PpdpTraining.class)
    @Ours("ppdp-b4-n{n}")
    @Published(peer = RML, value = 4.74, unit = "ms", params = "n=5000", source = SOURCE)
    @Published(peer = RML, value = 8.93, unit = "ms", params = "n=10000", source = SOURCE)
    @Published(peer = RML, value = 77.1, unit = "ms", params = "n=50000", source = SOURCE)
    public long guardedCascades(B4 r) {
        PpdpWorkloads.expectB4(r.n, r.run(PpdpWorkloads.LIMIT));
        return r.probe.count;
    }

    /** nested preemption. */
    @Benchmark
    @Cold(aotTraining = PpdpTraining.class)
    @Ours("ppdp-b5-n{n}")
    @Published(peer = RML, value = 1.68, unit = "ms", params = "n=5000", source = SOURCE)
    @Published(peer = RML, value = 3.74, unit = "ms", params = "n=10000", source = SOURCE)
    @Published(peer = RML, value = 41.7, unit = "ms", params = "n=50000", source = SOURCE)
    public long nestedPreemption(B5 r) {
        PpdpWorkloads.expectB5(r.n, r.run(PpdpWorkloads.LIMIT));
        return r.probe.count;
    }
}

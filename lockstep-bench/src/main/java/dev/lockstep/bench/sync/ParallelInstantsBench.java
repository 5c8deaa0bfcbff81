package dev.lockstep.bench.sync;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.Engine;
import dev.lockstep.sync.AggregateSignal;
import dev.lockstep.sync.Machine;
import dev.lockstep.sync.Process;
import dev.lockstep.sync.Program;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Parallel instants against the sequential machine on a fan-out whose branches do real work:
 * {@value #BRANCHES} branches over {@value #INSTANTS} instants, each doing about {@value #WORK}
 * iterations of arithmetic per instant and emitting its result into a summing aggregate that a
 * collector checks. Ours is the machine at {@code workers} engine workers; the peer is the same
 * program on a sequential machine. In ms per run; the ratio is the speed-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ParallelInstantsBench {
    static final int BRANCHES = 32;
    static final int INSTANTS = 8;
    static final int WORK = 20_000;

    @State(Scope.Thread)
    public static class Run {
        @Param({"1", "2", "4"})
        public int workers;

        Engine engine;
        Machine<Void, Void> parallel;
        Machine<Void, Void> sequential;
        Probe probe;
        Probe sequentialProbe;

        @Setup(Level.Trial)
        public void engine() {
            engine = Engine.builder().name("bench-sync").workers(workers).build();
        }

        @Setup(Level.Invocation)
        public void build() {
            probe = new Probe();
            parallel = Machine.builder(fanOut(probe)).engine(engine).build();
            sequentialProbe = new Probe();
            sequential = Machine.of(fanOut(sequentialProbe));
        }

        @TearDown(Level.Invocation)
        public void close() {
            parallel.close();
            sequential.close();
        }

        @TearDown(Level.Trial)
        public void closeEngine() {
            engine.close();
        }
    }

    @Benchmark
    @Ours("parallel-fanout-work-w{workers}")
    public long parallel(Run r) {
        r.probe.drive(r.parallel, 100);
        expect(r.probe);
        return r.probe.sum;
    }

    @Benchmark
    @Peer(value = "parallel-fanout-work-w{workers}", name = "sequential machine")
    public long sequential(Run r) {
        r.sequentialProbe.drive(r.sequential, 100);
        expect(r.sequentialProbe);
        return r.sequentialProbe.sum;
    }

    /** The fan-out; the collector records each instant's sum in the probe, in the machine's order. */
    static Program<Void, Void> fanOut(Probe probe) {
        return (s, in, out) -> {
            AggregateSignal<Long, Long> total = s.aggregateSignal("total", 0L, Long::sum);
            s.fork(c -> {
                while (true) {
                    long v = c.await(total);
                    c.effect(() -> {
                        probe.count++;
                        probe.sum += v;
                    });
                }
            });
            Process[] branches = new Process[BRANCHES];
            for (int i = 0; i < BRANCHES; i++) {
                int id = i;
                branches[i] = p -> {
                    for (int k = 0; k < INSTANTS; k++) {
                        p.emit(total, work(id, k));
                        p.pause();
                    }
                };
            }
            s.parallel(branches);
            s.effect(() -> probe.done = true);
        };
    }

    /** About {@value #WORK} iterations of arithmetic; the result depends on every one. */
    static long work(int id, int k) {
        long h = 1125899906842597L + id * 31L + k;
        for (int i = 0; i < WORK; i++) {
            h = 31 * h + (h >>> 7) + i;
        }
        return h & 0xFFFF;
    }

    /** Every branch's work in every instant, summed once (not in the timed region). */
    private static final long EXPECTED_SUM = expectedSum();

    private static long expectedSum() {
        long sum = 0;
        for (int k = 0; k < INSTANTS; k++) {
            for (int id = 0; id < BRANCHES; id++) {
                sum += work(id, k);
            }
        }
        return sum;
    }

    /** The run must have summed every branch's work in every instant (both sides check their run). */
    static void expect(Probe p) {
        p.expect("parallel-fanout-work", INSTANTS + 1, INSTANTS, EXPECTED_SUM, true);
    }
}

package dev.lockstep.bench.fixturefail;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Test-only (suite "fixturefail"): Lockstep's side throws, so the run must come out incomplete. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FailingBench {
    @Benchmark
    @Ours("broken")
    public long throwsAlways() {
        throw new IllegalStateException("deliberate failure of the fixture benchmark");
    }

    @Benchmark
    @Peer(value = "broken", name = "fine")
    public long works() {
        return System.nanoTime();
    }
}

package dev.lockstep.bench.fixtureaot;

import dev.lockstep.bench.Cold;
import dev.lockstep.bench.Ours;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Test-only (suite "fixtureaot", run by {@code AotColdRunTest}): a cold benchmark with an AOT
 * training class. The AOT forks run with {@code -XX:AOTMode=on}, so a fork that could not use the
 * cache fails to start and the run is incomplete.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AotBench {
    @Param({"1", "2"})
    public int n;

    @Benchmark
    @Cold(aotTraining = AotTraining.class)
    @Ours("trained-n{n}")
    public long trained() {
        return AotTraining.work(n * 100);
    }
}

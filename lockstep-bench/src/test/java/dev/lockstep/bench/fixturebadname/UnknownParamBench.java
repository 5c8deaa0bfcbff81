package dev.lockstep.bench.fixturebadname;

import dev.lockstep.bench.Ours;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Test-only (suite "fixturebadname", never run): a result name using a parameter that does not exist. */
@State(Scope.Benchmark)
public class UnknownParamBench {
    @Param({"1"})
    public int n;

    @Benchmark
    @Ours("x-{size}")
    public int run() {
        return n;
    }
}

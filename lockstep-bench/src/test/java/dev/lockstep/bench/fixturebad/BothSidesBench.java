package dev.lockstep.bench.fixturebad;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import org.openjdk.jmh.annotations.Benchmark;

/** Test-only (suite "fixturebad", never run): one method claims both sides, which is an error. */
public class BothSidesBench {
    @Benchmark
    @Ours("x")
    @Peer(value = "x", name = "Self")
    public int both() {
        return 1;
    }
}

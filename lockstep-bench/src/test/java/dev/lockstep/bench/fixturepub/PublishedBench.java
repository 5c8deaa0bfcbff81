package dev.lockstep.bench.fixturepub;

import dev.lockstep.bench.Cold;
import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.bench.Published;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Test-only benchmarks (suite "fixturepub", never run): a parameterised result whose name holds
 * the parameter, with published figures per parameter value and for every value, marked cold;
 * and a measured pair whose peer is cold too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PublishedBench {
    @Param({"5000", "10000"})
    public int n;

    @Param({"x"})
    public String flavour;

    @Benchmark
    @Cold
    @Ours("chain-n{n}")
    @Published(peer = "RML", value = 3.43, unit = "ms", params = "n=5000", source = "issue 4, median of 31")
    @Published(peer = "RML", value = 6610, unit = "us", params = "n = 10000", source = "issue 4, median of 31")
    @Published(peer = "Tempo", value = 0.21, unit = "us", source = "Tempo's README")
    public int chain() {
        return n;
    }

    @Benchmark
    @Cold
    @Ours("pair-{flavour}")
    public int pairOurs() {
        return 1;
    }

    @Benchmark
    @Cold
    @Peer(value = "pair-{flavour}", name = "P")
    public int pairPeer() {
        return 2;
    }
}

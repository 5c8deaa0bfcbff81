package dev.lockstep.bench.fixturebad;

import dev.lockstep.bench.Cold;
import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.bench.Published;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Test-only (suite "fixturebad", never run): one method claims both sides, which is an error; and
 * the malformed uses of {@code @Published} and {@code @Cold}.
 */
public class BothSidesBench {
    @Benchmark
    @Peer(value = "x", name = "P")
    @Published(peer = "Q", value = 1, unit = "ms", source = "s")
    public int publishedOnPeer() {
        return 1;
    }

    @Benchmark
    @Ours("y")
    @Published(peer = "Q", value = 1, unit = "furlongs", source = "s")
    public int publishedInAnUnknownUnit() {
        return 1;
    }

    @Benchmark
    @Ours("z")
    @Published(peer = "Q", value = 1, unit = "ms", params = "n5000", source = "s")
    public int publishedWithBadParams() {
        return 1;
    }

    @Benchmark
    @Cold
    public int coldWithoutSide() {
        return 1;
    }

    @Benchmark
    @Ours("x")
    @Peer(value = "x", name = "Self")
    public int both() {
        return 1;
    }
}

package dev.lockstep.bench.selftest;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The runner's own end-to-end check (hidden suite {@code selftest}, run with
 * {@code lockstep bench selftest --quick}): one result, {@code sum1k}, summing 1024 longs with
 * {@link Long#sum} on "our" side and with {@code +} on the peer's. The two should be the same
 * speed; the point is the chain discovery, JMH, pairing, table, JSON and chart, not the numbers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SumBench {
    private long[] values;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        values = new long[1024];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong();
        }
    }

    @Benchmark
    @Ours("sum1k")
    public long longSum() {
        long s = 0;
        for (long v : values) {
            s = Long.sum(s, v);
        }
        return s;
    }

    @Benchmark
    @Peer(value = "sum1k", name = "plain loop")
    public long plainLoop() {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}

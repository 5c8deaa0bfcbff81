package dev.lockstep.bench.fixturecold;

import dev.lockstep.bench.Cold;
import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Published;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Test-only (suite "fixturecold", run by {@code ColdRunTest}): a cold benchmark whose JMH
 * annotations ask for warmups, many iterations and many forks; the cold run must override them.
 * In single-shot mode the method throws when it is not the first call in its JVM, so a cold run
 * that warmed up or called it twice fails instead of producing a number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(7)
public class ColdBench {
    private static final AtomicInteger CALLS = new AtomicInteger();

    @Param({"1", "2"})
    public int n;

    @Benchmark
    @Cold
    @Ours("first-call-n{n}")
    @Published(peer = "Native", value = 1, unit = "ms", params = "n=2", source = "made up")
    public int firstCall(BenchmarkParams params) {
        int calls = CALLS.incrementAndGet();
        if (params.getMode() == Mode.SingleShotTime && calls != 1) {
            throw new IllegalStateException("call " + calls + " in a cold fork: not a first run in a fresh JVM");
        }
        return calls + n;
    }
}

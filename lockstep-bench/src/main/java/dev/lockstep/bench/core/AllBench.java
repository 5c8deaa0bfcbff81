package dev.lockstep.bench.core;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.Future;
import dev.lockstep.core.Futures;
import dev.lockstep.core.Promise;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@code all1e4}: create 10^4 pending futures, combine them with "all", complete them one by one in
 * input order (so every completion goes through the combinator, none is done at build time), then
 * wait for the combination. One thread; the values are pre-boxed so both sides complete with the
 * same objects. Lockstep's {@code Futures.all} also hands back the list of values; the peer's {@code
 * CompletableFuture.allOf} only signals completion (collecting the values would cost it 10^4 more
 * joins), so the comparison is, if anything, in the peer's favour.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AllBench {
    static final int N = 10_000;
    private static final Integer[] VALUES = new Integer[N];

    static {
        for (int i = 0; i < N; i++) {
            VALUES[i] = i;
        }
    }

    @Benchmark
    @Ours("all1e4")
    public List<Integer> lockstepAll() throws InterruptedException {
        Promise<Integer>[] in = newPromises();
        Future<List<Integer>> all = Futures.all(Arrays.asList(in));
        for (int i = 0; i < N; i++) {
            in[i].complete(VALUES[i]);
        }
        List<Integer> values = all.await();
        if (values.size() != N) {
            throw new AssertionError("all1e4: " + values.size() + " values");
        }
        return values;
    }

    @Benchmark
    @Peer(value = "all1e4", name = "CompletableFuture.allOf")
    public Void completableFutureAllOf() {
        CompletableFuture<Integer>[] in = newCompletableFutures();
        CompletableFuture<Void> all = CompletableFuture.allOf(in);
        for (int i = 0; i < N; i++) {
            in[i].complete(VALUES[i]);
        }
        return all.join();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Promise<Integer>[] newPromises() {
        Promise<Integer>[] in = new Promise[N];
        for (int i = 0; i < N; i++) {
            in[i] = new Promise<>();
        }
        return in;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CompletableFuture<Integer>[] newCompletableFutures() {
        CompletableFuture<Integer>[] in = new CompletableFuture[N];
        for (int i = 0; i < N; i++) {
            in[i] = new CompletableFuture<>();
        }
        return in;
    }
}

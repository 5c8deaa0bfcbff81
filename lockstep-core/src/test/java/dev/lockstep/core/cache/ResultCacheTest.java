package dev.lockstep.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.TaskFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResultCacheTest {
    /** A Caffeine ticker the test moves by hand. */
    private static final class FakeTicker implements Ticker {
        final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    @Test
    void concurrentRequestsForAKeyShareOneComputation() throws Exception {
        ResultCache<String, Integer> cache = ResultCache.builder().build();
        int threads = 8;
        for (int round = 0; round < 50; round++) {
            String key = "k" + round;
            AtomicInteger computations = new AtomicInteger();
            Promise<Integer> running = new Promise<>();
            CyclicBarrier barrier = new CyclicBarrier(threads);
            List<Future<Integer>> got = new ArrayList<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    Future<Integer> f = cache.get(key, k -> {
                        computations.incrementAndGet();
                        return running;
                    });
                    synchronized (got) {
                        got.add(f);
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            assertThat(computations.get()).as("round %d", round).isEqualTo(1);
            assertThat(got).hasSize(threads);
            assertThat(got.stream().distinct().count()).as("one shared future").isEqualTo(1);
            running.complete(round);
            assertThat(got.getFirst().resultNow()).isEqualTo(round);
        }
    }

    @Test
    void manyKeysFromManyThreadsAreEachComputedOnce() throws Exception {
        ResultCache<Integer, Integer> cache = ResultCache.builder().build();
        ConcurrentHashMap<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(pool.submit(() -> {
                    for (int k = 0; k < 500; k++) {
                        cache.get(k, key -> {
                            counts.computeIfAbsent(key, x -> new AtomicInteger())
                                    .incrementAndGet();
                            return Promise.completed(key * 2);
                        });
                    }
                }));
            }
            for (var j : jobs) {
                j.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counts).hasSize(500);
        assertThat(counts.values()).allMatch(c -> c.get() == 1);
        assertThat(cache.get(7, k -> Promise.completed(-1)).resultNow()).isEqualTo(14);
    }

    @Test
    void failuresAreNotCached() {
        ResultCache<String, String> cache = ResultCache.builder().build();
        AtomicInteger computations = new AtomicInteger();
        IOException cause = new IOException("backend down");
        Future<String> first = cache.get("k", k -> {
            computations.incrementAndGet();
            return Promise.failed(cause);
        });
        assertThat(first.exceptionNow()).isSameAs(cause);
        assertThat(cache.size()).isZero();
        assertThat(cache.getIfPresent("k")).isNull();
        Future<String> second = cache.get("k", k -> {
            computations.incrementAndGet();
            return Promise.completed("ok");
        });
        assertThat(second.resultNow()).isEqualTo("ok");
        assertThat(computations.get()).isEqualTo(2);
    }

    @Test
    void aWaiterRetryingOnFailureStartsAFreshComputation() {
        ResultCache<String, String> cache = ResultCache.builder().build();
        Promise<String> running = new Promise<>();
        AtomicReference<Future<String>> retry = new AtomicReference<>();
        cache.get("k", k -> running).onComplete((v, e) -> {
            if (e != null) { // the failed entry is gone before we are told
                retry.set(cache.get("k", k -> Promise.completed("second try")));
            }
        });
        running.fail(new IOException("first try"));
        assertThat(retry.get().resultNow()).isEqualTo("second try");
    }

    @Test
    void aThrowingOrNullComputeFailsAndIsNotCached() {
        ResultCache<String, String> cache = ResultCache.builder().build();
        Future<String> thrown = cache.get("k", k -> {
            throw new IllegalStateException("compute threw");
        });
        assertThat(thrown.exceptionNow()).hasMessage("compute threw");
        Future<String> nul = cache.get("k", k -> null);
        assertThat(nul.exceptionNow()).isInstanceOf(NullPointerException.class).hasMessageContaining("key k");
        assertThat(cache.size()).isZero();
    }

    @Test
    void cancellingTheSharedFutureCancelsTheComputationAndForgetsTheKey() {
        ResultCache<String, String> cache = ResultCache.builder().build();
        Promise<String> running = new Promise<>();
        Future<String> f = cache.get("k", k -> running);
        assertThat(f.cancel("nobody wants it")).isTrue();
        assertThat(running.isCancelled()).isTrue();
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.get("k", k -> Promise.completed("fresh")).resultNow()).isEqualTo("fresh");

        Promise<String> cancelledInside = new Promise<>();
        Future<String> g = cache.get("j", k -> cancelledInside);
        cancelledInside.cancel("the task was cancelled");
        assertThat(g.isCancelled()).isTrue();
        assertThat(cache.getIfPresent("j")).isNull();
    }

    @Test
    void valuesExpireTtlAfterCompletionMeasuredWithAFakeTicker() {
        FakeTicker ticker = new FakeTicker();
        ResultCache<String, String> cache = ResultCache.builder()
                .expireAfterWrite(Duration.ofMinutes(10))
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        AtomicInteger computations = new AtomicInteger();
        Promise<String> running = new Promise<>();
        cache.get("k", k -> {
            computations.incrementAndGet();
            return running;
        });
        ticker.advance(Duration.ofHours(1)); // a computation in flight never expires
        assertThat(cache.get("k", k -> Promise.completed("other")).isDone()).isFalse();
        running.complete("v"); // the ten minutes start now
        ticker.advance(Duration.ofMinutes(9));
        assertThat(cache.get("k", k -> Promise.completed("other")).resultNow()).isEqualTo("v");
        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.get("k", k -> {
                            computations.incrementAndGet();
                            return Promise.completed("recomputed");
                        })
                        .resultNow())
                .isEqualTo("recomputed");
        assertThat(computations.get()).isEqualTo(2);
    }

    @Test
    void maximumSizeEvicts() {
        ResultCache<Integer, Integer> cache = ResultCache.builder()
                .maximumSize(3)
                .recordStats()
                .executor(Runnable::run)
                .build();
        for (int k = 0; k < 10; k++) {
            cache.get(k, key -> Promise.completed(key));
        }
        cache.cleanUp();
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.stats().evictions()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void statsCountHitsAndMisses() {
        ResultCache<String, String> cache = ResultCache.builder().recordStats().build();
        assertThat(cache.stats()).isEqualTo(new ResultCache.Stats(0, 0, 0, 1.0));
        cache.get("a", k -> Promise.completed("A"));
        cache.get("a", k -> Promise.completed("A"));
        cache.get("a", k -> Promise.completed("A"));
        cache.get("b", k -> Promise.completed("B"));
        ResultCache.Stats s = cache.stats();
        assertThat(s.hits()).isEqualTo(2);
        assertThat(s.misses()).isEqualTo(2);
        assertThat(s.hitRate()).isEqualTo(0.5);
    }

    @Test
    void invalidateForgetsAndSizeCounts() {
        ResultCache<String, String> cache = ResultCache.builder().build();
        cache.get("a", k -> Promise.completed("A"));
        cache.get("b", k -> Promise.completed("B"));
        assertThat(cache.size()).isEqualTo(2);
        cache.invalidate("a");
        assertThat(cache.getIfPresent("a")).isNull();
        assertThat(cache.getIfPresent("b").resultNow()).isEqualTo("B");
        cache.invalidateAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void callableComputationsRunOnTheExecutor() throws Exception {
        ResultCache<String, String> cache = ResultCache.builder().build();
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "cache-worker"));
        try {
            Future<String> f = cache.get("k", exec, () -> Thread.currentThread().getName());
            assertThat(f.await(Duration.ofSeconds(30))).isEqualTo("cache-worker");
            Future<String> failing = cache.get("bad", exec, () -> {
                throw new IOException("checked failure");
            });
            assertThatThrownBy(() -> failing.await(Duration.ofSeconds(30)))
                    .isInstanceOf(TaskFailedException.class)
                    .hasCauseInstanceOf(IOException.class);
            assertThat(failing.exceptionNow()).isInstanceOf(IOException.class);
            assertThat(cache.getIfPresent("bad")).isNull();
        } finally {
            exec.shutdownNow();
        }
        Future<String> rejected = cache.get(
                "r",
                r -> {
                    throw new RejectedExecutionException("saturated");
                },
                () -> "never");
        assertThat(rejected.exceptionNow()).isInstanceOf(RejectedExecutionException.class);
        assertThat(cache.getIfPresent("r")).isNull();
    }
}

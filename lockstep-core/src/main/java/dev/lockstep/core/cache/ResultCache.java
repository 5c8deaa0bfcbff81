package dev.lockstep.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.internal.SharedTimer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Memoizes task results by key: {@link #get(Object, Function)} returns the future of a computation
 * for the key, starting it only if no computation for the key is cached or running. Built on a
 * Caffeine {@link Cache} whose values are our futures (the same idea as Caffeine's {@code
 * AsyncCache}, without converting to and from {@code CompletableFuture}).
 *
 * <pre>{@code
 * ResultCache<String, Page> pages = ResultCache.builder()
 *         .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).recordStats().build();
 * Future<Page> page = pages.get(url, u -> engine.submit(() -> fetch(u)));
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>One computation per key</b>: concurrent requests for a key share one future. The entry is
 *       created inside Caffeine's atomic {@code get} (cheap: a pending promise), and the caller that
 *       then wins the entry's claim CAS runs {@code compute} outside any lock.
 *   <li><b>Failures and cancellations are not cached</b>: the entry is removed before its waiters
 *       are told of the failure, so a waiter that retries starts a fresh computation; an entry found
 *       failed by any other path is removed and replaced on the spot.
 *   <li><b>Expiry counts from completion</b>: with {@link Builder#expireAfterWrite}, a value lives
 *       {@code ttl} after its computation succeeded; a computation in flight never expires (so a slow
 *       computation is not started twice).
 *   <li><b>Sharing and cancelling</b>: the returned future is the shared entry. Cancelling it
 *       cancels the computation for every waiter (and the future {@code compute} returned) and
 *       removes the entry; to stop waiting without that effect, wait on a derived future ({@code
 *       get(k, f).map(v -> v)}) and cancel that one.
 *   <li><b>Eviction</b> (size or expiry) never interrupts a computation: its waiters still get the
 *       result, it is just not cached any more. Caffeine evicts asynchronously on its executor
 *       (the common pool unless {@link Builder#executor} says otherwise); {@link #cleanUp()} runs
 *       pending maintenance now.
 * </ul>
 */
public final class ResultCache<K, V> {
    private final Cache<K, Entry<V>> cache;
    private final boolean expires;
    private final Function<K, Entry<V>> newEntry = k -> new Entry<>(this, k);

    private ResultCache(Cache<K, Entry<V>> cache, boolean expires) {
        this.cache = cache;
        this.expires = expires;
    }

    /** A builder with no bound, no expiry and no statistics. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The future of {@code key}'s value: the cached or running computation, or a new one, {@code
     * compute.apply(key)}, run on this thread (it should start work and return its future quickly,
     * e.g. submit to an engine). If {@code compute} throws or returns null, the returned future fails
     * with that (and nothing is cached).
     */
    public Future<V> get(K key, Function<? super K, ? extends Future<? extends V>> compute) {
        if (compute == null) {
            throw new NullPointerException("ResultCache.get: compute is null for key " + key);
        }
        for (; ; ) {
            Entry<V> e = cache.get(key, newEntry); // a hit or a miss, recorded by Caffeine
            if (e.casClaimed(false, true)) { // the one caller that starts the computation
                start(key, e, compute);
                return e;
            }
            if (!e.isDone() || e.isSuccess()) {
                return e;
            }
            cache.asMap().remove(key, e); // failed and not yet removed: never served (see the overview)
        }
    }

    /**
     * Like {@link #get(Object, Function)}, with {@code compute} run on {@code executor} (an engine is
     * an Executor). A rejection by the executor fails the returned future. If the entry is cancelled
     * before the executor runs {@code compute}, it does not run.
     */
    public Future<V> get(K key, Executor executor, Callable<? extends V> compute) {
        if (executor == null || compute == null) {
            throw new NullPointerException("ResultCache.get: executor or compute is null for key " + key);
        }
        return get(key, k -> {
            Promise<V> p = new Promise<>();
            executor.execute(() -> {
                if (p.isDone()) {
                    return; // cancelled before it started
                }
                try {
                    p.complete(compute.call());
                } catch (Throwable t) {
                    p.fail(t);
                }
            });
            return p;
        });
    }

    /** The cached or running computation for {@code key}, or {@code null}; records a hit or miss. */
    public Future<V> getIfPresent(K key) {
        Entry<V> e = cache.getIfPresent(key);
        return e == null || (e.isDone() && !e.isSuccess()) ? null : e;
    }

    /** Forgets {@code key}; a running computation continues for its waiters but is no longer shared. */
    public void invalidate(K key) {
        cache.invalidate(key);
    }

    /** Forgets every key (see {@link #invalidate}). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** The number of entries, running computations included (Caffeine's estimate). */
    public long size() {
        return cache.estimatedSize();
    }

    /** Performs pending evictions and expirations now. */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** Counts since the cache was built; all zero unless built with {@link Builder#recordStats()}. */
    public Stats stats() {
        CacheStats s = cache.stats();
        return new Stats(s.hitCount(), s.missCount(), s.evictionCount(), s.hitRate());
    }

    private void start(K key, Entry<V> e, Function<? super K, ? extends Future<? extends V>> compute) {
        Future<? extends V> running;
        try {
            running = compute.apply(key);
        } catch (Throwable t) {
            settle(key, e, null, t);
            return;
        }
        if (running == null) {
            settle(key, e, null, new NullPointerException("ResultCache: compute returned null for key " + key));
            return;
        }
        e.setVolatileComputation(running);
        if (e.isCancelled()) { // cancelled before the computation was known: see Entry
            running.cancel("ResultCache entry for key " + key + " was cancelled");
        }
        running.onComplete((v, t) -> settle(key, e, v, t));
    }

    /** Removes a failure before telling the waiters; restarts a success's expiry after. */
    private void settle(K key, Entry<V> e, V value, Throwable cause) {
        if (cause != null) {
            cache.asMap().remove(key, e);
            e.fail(cause);
        } else if (e.complete(value) && expires) {
            cache.asMap().replace(key, e, e); // recomputes the expiry, now from completion
        }
    }

    /** Cache statistics; {@code hitRate} is 1.0 when there were no requests (Caffeine's convention). */
    public record Stats(long hits, long misses, long evictions, double hitRate) {}

    /** Configures a {@link ResultCache}. */
    public static final class Builder {
        private long maximumSize = -1;
        private Duration ttl;
        private boolean recordStats;
        private Ticker ticker;
        private Executor executor;

        private Builder() {}

        /** At most {@code n} entries (running computations count); older, less used ones are evicted. */
        public Builder maximumSize(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("ResultCache.maximumSize: negative size " + n);
            }
            maximumSize = n;
            return this;
        }

        /** A value expires {@code ttl} after its computation succeeded. */
        public Builder expireAfterWrite(Duration ttl) {
            SharedTimer.checkDelay(ttl, "ResultCache.expireAfterWrite");
            this.ttl = ttl;
            return this;
        }

        /** Counts hits, misses and evictions (a small cost per request). */
        public Builder recordStats() {
            recordStats = true;
            return this;
        }

        /** The time source for expiry (tests pass a fake one); the system ticker by default. */
        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /** Where Caffeine runs maintenance (evictions); tests pass {@code Runnable::run}. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** The cache. */
        public <K, V> ResultCache<K, V> build() {
            Caffeine<Object, Object> b = Caffeine.newBuilder();
            if (maximumSize >= 0) {
                b.maximumSize(maximumSize);
            }
            if (ttl != null) {
                b.expireAfter(new FromCompletion(SharedTimer.saturatedNanos(ttl)));
            }
            if (recordStats) {
                b.recordStats();
            }
            if (ticker != null) {
                b.ticker(ticker);
            }
            if (executor != null) {
                b.executor(executor);
            }
            return new ResultCache<>(b.build(), ttl != null);
        }
    }

    /** Expiry from completion: pending entries never expire, done ones {@code ttl} after their last write. */
    private record FromCompletion(long ttlNanos) implements Expiry<Object, Object> {
        @Override
        public long expireAfterCreate(Object key, Object value, long currentTime) {
            return ((Future<?>) value).isDone() ? ttlNanos : Long.MAX_VALUE;
        }

        @Override
        public long expireAfterUpdate(Object key, Object value, long currentTime, long currentDuration) {
            return ((Future<?>) value).isDone() ? ttlNanos : Long.MAX_VALUE;
        }

        @Override
        public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /**
     * A key's shared future. {@code claimed} is CAS'd once, by the caller that starts the
     * computation. Cancellation race: the claimer publishes the computation (volatile) and then
     * reads the state; a canceller decides the state (CAS) and then reads the computation; at least
     * one of them sees the other, so a cancelled entry always cancels its computation.
     */
    private static final class Entry<V> extends Promise<V> {
        private static final VarHandle CLAIMED;

        static {
            try {
                CLAIMED = MethodHandles.lookup().findVarHandle(Entry.class, "claimed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final ResultCache<?, V> owner;
        private final Object key;

        @SuppressWarnings("unused") // accessed through CLAIMED
        private volatile boolean claimed;

        private volatile Future<?> computation;

        Entry(ResultCache<?, V> owner, Object key) {
            this.owner = owner;
            this.key = key;
        }

        boolean casClaimed(boolean expected, boolean next) {
            return CLAIMED.compareAndSet(this, expected, next);
        }

        void setVolatileComputation(Future<?> c) {
            computation = c;
        }

        @Override
        protected void onCancelled() {
            owner.cache.asMap().remove(key, this);
            Future<?> c = computation;
            if (c != null) {
                c.cancel("ResultCache entry for key " + key + " was cancelled");
            }
        }
    }
}

package dev.lockstep.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.cache.KeyValueStore;
import dev.lockstep.core.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key-value cache and its effects ({@link #get}, {@link #set}, {@link #delete}), on a {@link
 * KeyValueStore} of bytes. Values are stored as the bytes of the slot's codec, so what {@link #set}
 * stores {@link #get} lands through the codec of the slot it reads into. A miss succeeds and leaves
 * the slot empty.
 *
 * <p>Two kinds of store:
 *
 * <ul>
 *   <li><b>In-process</b> ({@link #create(String, long, Clock)}): Caffeine, bounded, time to live per
 *       entry read from the given clock; every effect completes at once, on the thread that starts
 *       it.
 *   <li><b>Any store</b> ({@link #create(String, KeyValueStore)}), e.g. lockstep-cluster's {@code
 *       DistributedResultCache.asStore()} for a cache shared by a cluster: each effect's attempt is
 *       the store's future, so the effect completes when the store answers (on the store's thread)
 *       and no thread waits for it; cancelling the attempt cancels that future.
 * </ul>
 *
 * <p>{@link #peek} is direct synchronous access for tests and tools; only the in-process store has
 * it (a remote store would have to block), a store-backed cache throws {@link
 * IllegalStateException}: read through {@link #store()} instead.
 */
public final class KvCache {
    private final String name;
    private final KeyValueStore<String, byte[]> store;
    private final InProcess local; // the same object as store, or null when the store is not ours

    private KvCache(String name, KeyValueStore<String, byte[]> store, InProcess local) {
        this.name = name;
        this.store = store;
        this.local = local;
    }

    /** An in-process cache of at most {@code maximumSize} entries whose time to live is read from {@code clock}. */
    public static KvCache create(String name, long maximumSize, Clock clock) {
        InProcess local = new InProcess(maximumSize, clock);
        return new KvCache(name, local, local);
    }

    /** An in-process cache of at most {@code maximumSize} entries on the system clock. */
    public static KvCache create(String name, long maximumSize) {
        return create(name, maximumSize, Clock.system());
    }

    /** A cache on {@code store} (its effects complete when the store's futures do). */
    public static KvCache create(String name, KeyValueStore<String, byte[]> store) {
        Objects.requireNonNull(store, () -> "cache '" + name + "': store is null");
        return new KvCache(name, store, null);
    }

    /** The cache's name (the effects' target). */
    public String name() {
        return name;
    }

    /**
     * Whether this is the in-process cache, whose effects complete at once on the thread that starts
     * them (a route may then race it against a slower source and expect it to win a hit).
     */
    public boolean inProcess() {
        return local != null;
    }

    /** The store the effects run on. */
    public KeyValueStore<String, byte[]> store() {
        return store;
    }

    /**
     * The entry's bytes, or null (direct access, outside effects); in-process caches only.
     *
     * @throws IllegalStateException for a cache on another store
     */
    public byte[] peek(String key) {
        if (local == null) {
            throw new IllegalStateException("cache '" + name + "' peek '" + key + "': only an in-process cache can be"
                    + " read synchronously; this one is on " + store + " (use store().get(key))");
        }
        return local.peek(key);
    }

    /** Effect: the value under {@code key} lands in {@code into}; a miss leaves it empty. */
    public <T> Effect<T> get(String effect, String key, Slot<T> into) {
        return new Effect<>(
                effect, "cache.get", name + "/" + key, into, true, null, RetryPolicy.NONE, attempt -> store.get(key));
    }

    /** Effect: stores {@code value} (encoded by {@code slot}'s codec) under {@code key} for {@code ttl}. */
    public <T> Effect<Void> set(String effect, String key, Slot<T> slot, T value, Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache '" + name + "' set '" + key + "': ttl must be positive");
        }
        byte[] bytes = slot.codec().encode(value);
        return new Effect<Void>(
                effect,
                "cache.set",
                name + "/" + key,
                null,
                true,
                null,
                RetryPolicy.NONE,
                attempt -> store.put(key, bytes, ttl));
    }

    /** Effect: removes {@code key} (succeeds whether or not it was there). */
    public Effect<Void> delete(String effect, String key) {
        return new Effect<Void>(
                effect,
                "cache.delete",
                name + "/" + key,
                null,
                true,
                null,
                RetryPolicy.NONE,
                attempt -> store.remove(key));
    }

    /** The in-process store: Caffeine with a per-entry time to live, every operation done inline. */
    private static final class InProcess implements KeyValueStore<String, byte[]> {
        private record Entry(byte[] bytes, long ttlNanos) {}

        private final Cache<String, Entry> cache;

        InProcess(long maximumSize, Clock clock) {
            this.cache = Caffeine.newBuilder()
                    .maximumSize(maximumSize)
                    .ticker(clock::nanoTime)
                    .expireAfter(Expiry.<String, Entry>writing((k, e) -> Duration.ofNanos(e.ttlNanos)))
                    .build();
        }

        byte[] peek(String key) {
            Entry e = cache.getIfPresent(key);
            return e == null ? null : Arrays.copyOf(e.bytes, e.bytes.length);
        }

        @Override
        public Future<byte[]> get(String key) {
            Entry e = cache.getIfPresent(key);
            return Promise.completed(e == null ? null : e.bytes);
        }

        @Override
        public Future<Void> put(String key, byte[] value, Duration ttl) {
            KeyValueStore.checkPut("in-process cache", key, value, ttl);
            cache.put(key, new Entry(value, ttl.toNanos()));
            return Promise.completed(null);
        }

        @Override
        public Future<Void> remove(String key) {
            cache.invalidate(key);
            return Promise.completed(null);
        }

        @Override
        public String toString() {
            return "in-process Caffeine cache";
        }
    }
}

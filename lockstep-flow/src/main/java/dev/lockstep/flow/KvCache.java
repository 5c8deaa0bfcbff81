package dev.lockstep.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.lockstep.core.Promise;
import dev.lockstep.core.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * An in-process key-value cache (Caffeine, bounded, per-entry time to live) and its effects. Values
 * are stored as the bytes of the slot's codec, so what {@link #set} stores {@link #get} lands
 * through the codec of the slot it reads into. A miss succeeds and leaves the slot empty.
 */
public final class KvCache {
    private record Entry(byte[] bytes, long ttlNanos) {}

    private final String name;
    private final Cache<String, Entry> cache;

    private KvCache(String name, long maximumSize, Clock clock) {
        this.name = name;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(clock::nanoTime)
                .expireAfter(Expiry.<String, Entry>writing((k, e) -> Duration.ofNanos(e.ttlNanos)))
                .build();
    }

    /** A cache of at most {@code maximumSize} entries whose time to live is read from {@code clock}. */
    public static KvCache create(String name, long maximumSize, Clock clock) {
        return new KvCache(name, maximumSize, clock);
    }

    /** A cache of at most {@code maximumSize} entries on the system clock. */
    public static KvCache create(String name, long maximumSize) {
        return new KvCache(name, maximumSize, Clock.system());
    }

    /** The cache's name (the effects' target). */
    public String name() {
        return name;
    }

    /** The entry's bytes, or null (direct access, outside effects). */
    public byte[] peek(String key) {
        Entry e = cache.getIfPresent(key);
        return e == null ? null : Arrays.copyOf(e.bytes, e.bytes.length);
    }

    /** Effect: the value under {@code key} lands in {@code into}; a miss leaves it empty. */
    public <T> Effect<T> get(String effect, String key, Slot<T> into) {
        return new Effect<>(effect, "cache.get", name + "/" + key, into, true, null, RetryPolicy.NONE, attempt -> {
            Entry e = cache.getIfPresent(key);
            return Promise.completed(e == null ? null : e.bytes);
        });
    }

    /** Effect: stores {@code value} (encoded by {@code slot}'s codec) under {@code key} for {@code ttl}. */
    public <T> Effect<Void> set(String effect, String key, Slot<T> slot, T value, Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache '" + name + "' set '" + key + "': ttl must be positive");
        }
        byte[] bytes = slot.codec().encode(value);
        return new Effect<Void>(effect, "cache.set", name + "/" + key, null, true, null, RetryPolicy.NONE, attempt -> {
            cache.put(key, new Entry(bytes, ttl.toNanos()));
            return Promise.completed(null);
        });
    }

    /** Effect: removes {@code key} (succeeds whether or not it was there). */
    public Effect<Void> delete(String effect, String key) {
        return new Effect<Void>(
                effect, "cache.delete", name + "/" + key, null, true, null, RetryPolicy.NONE, attempt -> {
                    cache.invalidate(key);
                    return Promise.completed(null);
                });
    }
}

package dev.lockstep.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.lockstep.cluster.internal.PutIfAbsentWithTtl;
import dev.lockstep.cluster.internal.StagePromise;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.cache.KeyValueStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A result cache shared by the members of a cluster: lockstep-core's {@code ResultCache} idea
 * ({@link #get(Object, Function)} returns the cached value or computes it once) with the values in
 * a Hazelcast {@link IMap} named {@code lockstep-cache-<name>}, each stored with the cache's time to
 * live. A value computed on one member is a hit on every other.
 *
 * <pre>{@code
 * DistributedResultCache<String, Page> pages = DistributedResultCache.create(member, "pages", Duration.ofMinutes(5));
 * Future<Page> page = pages.get(url, u -> engine.submit(() -> fetch(u)));
 * }</pre>
 *
 * <h2>What it owns</h2>
 *
 * The map is the cluster's (every member's cache of the same name uses the same map); this object
 * owns only {@code flights}, this member's computations in progress, one per key. It does not own
 * the member: closing the member ends the cache (its futures then fail with Hazelcast's {@code
 * HazelcastInstanceNotActiveException}).
 *
 * <h2>{@code get(key, compute)}</h2>
 *
 * <ol>
 *   <li>Concurrent callers on this member for one key share one <i>flight</i> (the returned
 *       future): the first caller puts it in {@code flights} and starts it, the others get it.
 *   <li>The flight reads the map ({@code getAsync}); a value there is the answer (a hit, whichever
 *       member stored it).
 *   <li>On a miss it runs {@code compute} on the thread that saw the miss (it should start work and
 *       return its future quickly, as with {@code ResultCache}).
 *   <li>When the computation succeeds, the flight stores its value only if the key is still absent,
 *       with the time to live (an atomic put-if-absent on the key's owner), and completes with the
 *       value the map then holds: <b>the first value stored wins</b>, so members that computed the
 *       same key at the same time all answer with one value, and the others' values are dropped.
 * </ol>
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>A flight leaves {@code flights} before it is decided (in {@code settle}), so a caller never
 *       joins a flight that already failed: the next caller after a failure starts afresh. <b>Failures
 *       are not cached</b>, neither here nor in the map (a failed computation stores nothing).
 *   <li>The map holds no nulls: a computation that yields null fails its flight with {@link
 *       IllegalArgumentException} naming the key.
 *   <li>Time to live counts from the store; a hit does not extend it. Expiry is Hazelcast's,
 *       millisecond-grained (a shorter positive time to live is rounded up to 1 ms); an expired entry
 *       is never returned.
 * </ul>
 *
 * <h2>Races, and why they are safe</h2>
 *
 * <ul>
 *   <li><b>Two members compute one key</b>: only this member's callers are de-duplicated; another
 *       member may compute the same key at the same time. Both store with put-if-absent, which runs
 *       on the key's owner one at a time, so exactly one value is stored and both flights answer with
 *       it.
 *   <li><b>Invalidate during a computation</b>: {@link #invalidate} removes the key's flight from
 *       {@code flights} and marks it not to store (its waiters still get its value), so a value
 *       computed before the invalidation does not come back after it. A flight running on another
 *       member is not reached: it may still store its older value (use a short time to live, or key
 *       by version, where that matters).
 *   <li><b>Cancelling</b> the returned future cancels the shared flight, for every caller, and the
 *       computation (as with {@code ResultCache}); it stores nothing. To stop waiting alone, cancel a
 *       derived future ({@code get(k, f).map(v -> v)}).
 *   <li>A flight found in {@code flights} may be decided at the moment it is found (it left the map
 *       just after): its caller then gets that outcome, as any caller that joined before the
 *       decision does.
 * </ul>
 *
 * <h2>Serialization and errors</h2>
 *
 * Keys and values are serialized by Hazelcast (Java serialization, compact serialization, or its
 * built-in types; strings, numbers and byte arrays need nothing). Keys are compared by their
 * serialized form in the map and by {@code equals} among this member's flights, so use keys whose
 * equal values serialize equally (strings, numbers, records of those). A key that cannot be
 * serialized throws {@link IllegalArgumentException} from the call, naming the key's class; a value
 * that cannot be serialized fails the future with {@link IllegalArgumentException} naming the
 * value's class (it is only found out when stored). Any other failure of the map (the member shut
 * down, a timeout) fails the future with Hazelcast's exception; the value is then not cached.
 *
 * <p><b>Threads</b>: futures complete on Hazelcast's asynchronous executor (the common pool), or on
 * the computation's thread when storing is skipped; callbacks must not block.
 *
 * <p>{@link #asStore()} is the same map as a lockstep-core {@link KeyValueStore}, with a time to
 * live per entry (lockstep-flow's {@code KvCache} runs its cache effects on it).
 */
public final class DistributedResultCache<K, V> {
    /** The prefix of the map's name: the cache {@code posts} lives in map {@code lockstep-cache-posts}. */
    public static final String MAP_PREFIX = "lockstep-cache-";

    private final String name;
    private final IMap<K, V> map;
    private final Duration ttl;
    private final long ttlMillis;
    private final ConcurrentHashMap<K, Flight<K, V>> flights = new ConcurrentHashMap<>();
    private final Store store = new Store();

    private DistributedResultCache(String name, IMap<K, V> map, Duration ttl) {
        this.name = name;
        this.map = map;
        this.ttl = ttl;
        this.ttlMillis = millis(ttl);
    }

    /** The cache {@code name} on {@code member}'s cluster; values live {@code ttl} after they are stored. */
    public static <K, V> DistributedResultCache<K, V> create(ClusterMember member, String name, Duration ttl) {
        Objects.requireNonNull(member, "member");
        return create(member.hazelcast(), name, ttl);
    }

    /** The cache {@code name} through {@code hazelcast} (a member or a client). */
    public static <K, V> DistributedResultCache<K, V> create(HazelcastInstance hazelcast, String name, Duration ttl) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("DistributedResultCache: name must not be blank, was "
                    + (name == null ? "null" : '"' + name + '"'));
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(
                    "DistributedResultCache '" + name + "': ttl must be positive, got " + ttl);
        }
        return new DistributedResultCache<>(name, hazelcast.getMap(MAP_PREFIX + name), ttl);
    }

    /** The cache's name. */
    public String name() {
        return name;
    }

    /** The Hazelcast map holding the values ({@link #MAP_PREFIX} + name). */
    public String mapName() {
        return map.getName();
    }

    /** How long a value stored by {@link #get(Object, Function)} lives. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The value of {@code key}: the map's, or else {@code compute.apply(key)}'s, stored with the time
     * to live unless another value was stored first (then that one). Concurrent callers on this
     * member share one future. See the class overview for the steps and races.
     *
     * @throws IllegalArgumentException if the key cannot be serialized (naming its class)
     */
    public Future<V> get(K key, Function<? super K, ? extends Future<? extends V>> compute) {
        Objects.requireNonNull(key, () -> "DistributedResultCache '" + name + "': null key");
        Objects.requireNonNull(compute, () -> "DistributedResultCache '" + name + "': compute is null for key " + key);
        Flight<K, V> mine = new Flight<>(this, key);
        Flight<K, V> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            return running; // a computation of this member is already under way: share it
        }
        mine.start(compute);
        return mine;
    }

    /**
     * The value stored under {@code key}, or {@code null} (the future's value) when there is none.
     * Asks the map only: a computation running on this member is not waited for.
     *
     * @throws IllegalArgumentException if the key cannot be serialized (naming its class)
     */
    public Future<V> getIfPresent(K key) {
        Objects.requireNonNull(key, () -> "DistributedResultCache '" + name + "': null key");
        return StagePromise.of(mapGet(key));
    }

    /**
     * Forgets {@code key} across the cluster; the future completes when the map has removed it. A
     * computation of this member for the key still answers its callers but stores nothing.
     */
    public Future<Void> invalidate(K key) {
        Objects.requireNonNull(key, () -> "DistributedResultCache '" + name + "': null key");
        Flight<K, V> f = flights.remove(key);
        if (f != null) {
            f.skipStore(); // its value was computed before this invalidation: see the overview
        }
        return delete(key);
    }

    /**
     * Forgets every key across the cluster. Blocks until the map is cleared (Hazelcast has no
     * asynchronous clear); this member's running computations store nothing.
     */
    public void invalidateAll() {
        for (Flight<K, V> f : flights.values()) {
            f.skipStore();
        }
        flights.clear();
        map.clear();
    }

    /**
     * The number of stored entries across the cluster (blocks for the cluster-wide count); entries
     * that expired but were not yet cleaned up may still be counted.
     */
    public long size() {
        return map.size();
    }

    /** The same map as a {@link KeyValueStore}, with a time to live per put (see its contract). */
    public KeyValueStore<K, V> asStore() {
        return store;
    }

    @Override
    public String toString() {
        return "DistributedResultCache[" + name + ", map " + map.getName() + ", ttl " + ttl + "]";
    }

    // ---- map access with errors in the caller's terms ----

    private CompletionStage<V> mapGet(K key) {
        try {
            return map.getAsync(key);
        } catch (HazelcastSerializationException e) {
            throw keyNotSerializable(key, e);
        }
    }

    private Future<Void> delete(K key) {
        CompletionStage<Boolean> deleted;
        try {
            deleted = map.deleteAsync(key);
        } catch (HazelcastSerializationException e) {
            throw keyNotSerializable(key, e);
        }
        return StagePromise.<Boolean>of(deleted).map(removed -> null);
    }

    private IllegalArgumentException keyNotSerializable(K key, HazelcastSerializationException e) {
        return new IllegalArgumentException(
                "DistributedResultCache '" + name + "': key of class "
                        + key.getClass().getName() + " cannot be serialized for the cluster: " + StagePromise.reason(e),
                e);
    }

    private Throwable valueFailure(Object key, Object value, Throwable failure) {
        HazelcastSerializationException s = StagePromise.serializationFailure(failure);
        if (s == null) {
            return failure;
        }
        return new IllegalArgumentException(
                "DistributedResultCache '" + name + "': value of class "
                        + value.getClass().getName() + " for key " + key + " cannot be serialized for the cluster: "
                        + StagePromise.reason(s),
                failure);
    }

    private static long millis(Duration ttl) {
        long ms;
        try {
            ms = ttl.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return ttl.equals(Duration.ofMillis(ms)) ? Math.max(ms, 1) : ms + 1; // round up: never 0, which is "forever"
    }

    /**
     * One key's computation on this member, and the future its callers share. Steps run in order
     * (read, compute, store), each started from the previous one's callback; {@code settle} is the
     * only way out of {@code flights}.
     */
    private static final class Flight<K, V> extends Promise<V> {
        private final DistributedResultCache<K, V> cache;
        private final K key;
        private volatile Future<?> computation;
        private volatile boolean skipStore;

        Flight(DistributedResultCache<K, V> cache, K key) {
            this.cache = cache;
            this.key = key;
        }

        void skipStore() {
            skipStore = true;
        }

        void start(Function<? super K, ? extends Future<? extends V>> compute) {
            CompletionStage<V> read;
            try {
                read = cache.mapGet(key);
            } catch (RuntimeException e) {
                settle(null, e);
                throw e; // an unserializable key is the caller's error: thrown, as documented
            }
            read.whenComplete((found, error) -> {
                if (error != null) {
                    settle(null, StagePromise.unwrap(error));
                } else if (found != null) {
                    settle(found, null); // a hit, whichever member stored it
                } else if (!isDone()) {
                    compute(compute);
                }
            });
        }

        private void compute(Function<? super K, ? extends Future<? extends V>> compute) {
            Future<? extends V> running;
            try {
                running = compute.apply(key);
            } catch (Throwable t) {
                settle(null, t);
                return;
            }
            if (running == null) {
                settle(null, new NullPointerException(name() + ": compute returned a null future for key " + key));
                return;
            }
            computation = running;
            if (isCancelled()) { // cancelled before the computation was published: see onCancelled
                running.cancel(name() + ": entry for key " + key + " was cancelled");
            }
            running.onComplete((value, error) -> {
                if (error != null) {
                    settle(null, error); // not cached: nothing is stored
                } else if (value == null) {
                    settle(
                            null,
                            new IllegalArgumentException(name() + ": compute for key " + key
                                    + " completed with null, which a distributed cache cannot hold"));
                } else {
                    store(value);
                }
            });
        }

        private void store(V value) {
            if (skipStore || isDone()) {
                settle(value, null); // invalidated while computing (or cancelled): answer, store nothing
                return;
            }
            CompletionStage<V> stored;
            try {
                stored = cache.map.submitToKey(key, new PutIfAbsentWithTtl<>(value, cache.ttlMillis));
            } catch (RuntimeException e) {
                settle(null, cache.valueFailure(key, value, e));
                return;
            }
            stored.whenComplete((previous, error) -> {
                if (error != null) {
                    settle(null, cache.valueFailure(key, value, StagePromise.unwrap(error)));
                } else {
                    settle(previous != null ? previous : value, null); // the first stored value wins
                }
            });
        }

        /** Leaves {@code flights}, then decides: a failure is never found by a later caller. */
        private void settle(V value, Throwable failure) {
            cache.flights.remove(key, this);
            if (failure == null) {
                complete(value);
            } else {
                fail(failure);
            }
        }

        private String name() {
            return "DistributedResultCache '" + cache.name + "'";
        }

        /**
         * Cancellation race, as in ResultCache: {@code compute} publishes the computation (volatile)
         * and then reads the state; a canceller decides the state and then reads the computation; at
         * least one of them sees the other, so a cancelled flight always cancels its computation.
         */
        @Override
        protected void onCancelled() {
            cache.flights.remove(key, this);
            Future<?> c = computation;
            if (c != null) {
                c.cancel(name() + ": entry for key " + key + " was cancelled");
            }
        }
    }

    /** {@link #asStore()}: the map with a time to live per put. */
    private final class Store implements KeyValueStore<K, V> {
        @Override
        public Future<V> get(K key) {
            return getIfPresent(key);
        }

        @Override
        public Future<Void> put(K key, V value, Duration ttl) {
            KeyValueStore.checkPut("DistributedResultCache '" + name + "'", key, value, ttl);
            CompletionStage<Void> set;
            try {
                set = map.setAsync(key, value, millis(ttl), TimeUnit.MILLISECONDS);
            } catch (HazelcastSerializationException e) {
                if (isKeySerializable(key)) { // then it was the value (an error path: the probe's cost is fine)
                    throw (IllegalArgumentException) valueFailure(key, value, e);
                }
                throw keyNotSerializable(key, e);
            }
            return StagePromise.of(set, failure -> valueFailure(key, value, failure));
        }

        @Override
        public Future<Void> remove(K key) {
            Objects.requireNonNull(key, () -> "DistributedResultCache '" + name + "': null key");
            return delete(key);
        }

        private boolean isKeySerializable(K key) {
            try {
                map.getAsync(key); // serializes the key on this thread; the read itself is discarded
                return true;
            } catch (HazelcastSerializationException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "KeyValueStore[" + DistributedResultCache.this + "]";
        }
    }
}

package dev.lockstep.core.cache;

import dev.lockstep.core.Future;
import java.time.Duration;

/**
 * A key-value store with a time to live per entry, asynchronous: the meeting point of a cache's
 * user and its storage. lockstep-flow's key-value cache effect ({@code KvCache}) runs on one, and
 * lockstep-cluster's {@code DistributedResultCache} offers one on a Hazelcast map, so the flow
 * effects can use a cluster-wide cache without either module knowing the other.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Asynchronous</b>: every operation returns at once with a {@link Future}; it does not block
 *       the calling thread on I/O (an implementation may do in-memory work inline and return a
 *       completed future). The future fails with the store's error; a failed operation may or may not
 *       have taken effect (a remote store cannot always tell).
 *   <li><b>{@link #get}</b> completes with the value, or with {@code null} on a miss (absent or
 *       expired). A miss is not a failure.
 *   <li><b>{@link #put}</b> stores or replaces the value; its time to live counts from this write
 *       (a later put of the key restarts it). After the put's future succeeded, a {@code get} that
 *       starts afterwards sees the value (or a later one) until it expires or is removed.
 *   <li><b>{@link #remove}</b> succeeds whether or not the key was there.
 *   <li><b>Rejected arguments</b> (thrown by the call, not failed into the future): a null key
 *       ({@link NullPointerException}); a null value, or a time to live that is null, zero or
 *       negative ({@link IllegalArgumentException} naming the key). An implementation that cannot
 *       store a key or value (a remote store that cannot serialize it) throws {@link
 *       IllegalArgumentException} naming its class. {@link #checkPut} performs the common checks.
 *   <li><b>Values</b> are handed over, not copied: callers must not modify a value (an array) after
 *       putting it or after getting it.
 * </ul>
 *
 * <p>Expiry is as precise as the implementation says (a remote store may round up to its own
 * granularity, e.g. milliseconds); an expired entry is never returned by {@code get}.
 *
 * @param <K> key type; equal keys name one entry (a remote store may compare serialized forms)
 * @param <V> value type
 */
public interface KeyValueStore<K, V> {

    /** The value under {@code key}, or {@code null} on a miss. */
    Future<V> get(K key);

    /** Stores {@code value} under {@code key} for {@code ttl}, counted from this write. */
    Future<Void> put(K key, V value, Duration ttl);

    /** Removes {@code key}; succeeds whether or not it was there. */
    Future<Void> remove(K key);

    /**
     * The argument checks of {@link #put}, for implementations: {@code key} non-null (NPE), {@code
     * value} non-null and {@code ttl} positive (IllegalArgumentException naming {@code store} and
     * the key).
     */
    static void checkPut(String store, Object key, Object value, Duration ttl) {
        if (key == null) {
            throw new NullPointerException(store + ": put with a null key");
        }
        if (value == null) {
            throw new IllegalArgumentException(
                    store + ": put of key " + key + " with a null value (remove it instead)");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(
                    store + ": put of key " + key + " needs a positive time to live, got " + ttl);
        }
    }
}

package dev.lockstep.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous {@code putIfAbsent} with a time to live that {@code IMap} lacks (it has only the
 * blocking one): an entry processor run on the key's owner, atomically for the key (on its
 * partition thread). If the entry has a value, it is returned and nothing changes; otherwise the
 * processor's value is stored with {@code ttlMillis} and {@code null} is returned. The same
 * processor runs on the backup replicas (Hazelcast's default backup processor), where it does the
 * same thing.
 *
 * <p>{@link DataSerializable} rather than Java serialization, so the value travels with Hazelcast's
 * own serialization (compact, Java, ...), exactly as a {@code put} would send it.
 */
public final class PutIfAbsentWithTtl<K, V> implements EntryProcessor<K, V, V>, DataSerializable {
    private static final long serialVersionUID = 1L;

    // Both written by writeData/readData (DataSerializable); Java serialization never sees this class.
    private transient V value;
    private transient long ttlMillis;

    /** For Hazelcast's deserialization only. */
    public PutIfAbsentWithTtl() {}

    public PutIfAbsentWithTtl(V value, long ttlMillis) {
        this.value = value;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public V process(Map.Entry<K, V> entry) {
        V current = entry.getValue();
        if (current != null) {
            return current; // the first stored value wins
        }
        ((ExtendedMapEntry<K, V>) entry).setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(ttlMillis);
        out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ttlMillis = in.readLong();
        value = in.readObject();
    }
}

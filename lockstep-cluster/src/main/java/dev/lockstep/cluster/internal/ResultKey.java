package dev.lockstep.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.partition.PartitionAware;
import java.io.IOException;
import java.util.Objects;

/**
 * The key of a stored result: the task's idempotency key, placed in the partition of its routing
 * key (the affinity key of {@code submitToKeyOwner}, else the idempotency key itself). The task runs
 * on that partition's owner, so reading and storing its result are local operations there.
 */
public final class ResultKey implements IdentifiedDataSerializable, PartitionAware<Object> {
    private String idempotencyKey;
    private Object routingKey;

    ResultKey() {}

    public ResultKey(String idempotencyKey, Object routingKey) {
        this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        this.routingKey = routingKey == null ? idempotencyKey : routingKey;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public Object getPartitionKey() {
        return routingKey;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.RESULT_KEY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(idempotencyKey);
        out.writeObject(routingKey);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        idempotencyKey = in.readString();
        routingKey = in.readObject();
    }

    // The IMap compares keys by their serialized bytes; equals and hashCode serve local collections.
    @Override
    public boolean equals(Object o) {
        return o instanceof ResultKey k && k.idempotencyKey.equals(idempotencyKey) && k.routingKey.equals(routingKey);
    }

    @Override
    public int hashCode() {
        return idempotencyKey.hashCode() * 31 + routingKey.hashCode();
    }

    @Override
    public String toString() {
        return routingKey.equals(idempotencyKey) ? idempotencyKey : idempotencyKey + "@" + routingKey;
    }
}

package dev.lockstep.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/** A task's result as stored under its idempotency key; a holder, so that null is a result too. */
public final class StoredResult implements IdentifiedDataSerializable {
    private Object value;

    StoredResult() {}

    public StoredResult(Object value) {
        this.value = value;
    }

    public Object value() {
        return value;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.STORED_RESULT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readObject();
    }
}

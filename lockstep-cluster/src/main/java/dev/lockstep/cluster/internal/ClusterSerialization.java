package dev.lockstep.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The wire types of this module, as Hazelcast {@link IdentifiedDataSerializable}s: a factory id and
 * one class id each, so the envelope around every task costs two ints on the wire and no class name
 * or reflection. {@link #register} adds the factory to a member's configuration; every member of a
 * Lockstep cluster is configured through {@link HazelcastConfigs}, so every member has it.
 */
public final class ClusterSerialization implements DataSerializableFactory {
    /** Lockstep's factory id (positive: Hazelcast's own are negative). */
    public static final int FACTORY_ID = 0x10C5_7E90;

    static final int TASK_ENVELOPE = 1;
    static final int RESULT_KEY = 2;
    static final int STORED_RESULT = 3;

    static void register(Config config) {
        config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new ClusterSerialization());
    }

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case TASK_ENVELOPE -> new TaskEnvelope<>();
            case RESULT_KEY -> new ResultKey();
            case STORED_RESULT -> new StoredResult();
            default ->
                throw new IllegalArgumentException("lockstep-cluster wire type " + typeId + " is unknown (factory "
                        + FACTORY_ID + "): are all members on the same Lockstep version?");
        };
    }
}

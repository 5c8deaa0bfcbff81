package dev.lockstep.flow.archfixture;

import com.hazelcast.core.HazelcastInstance;

/** Architecture fixture that breaks HAZELCAST_ONLY_IN_CLUSTER: flow may not use Hazelcast. */
public final class FlowUsesHazelcast {
    public String name(HazelcastInstance hz) {
        return hz.getName();
    }
}

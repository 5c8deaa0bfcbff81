package dev.lockstep.cluster.archfixture;

import com.hazelcast.core.HazelcastInstance;

/** Architecture fixture that obeys: the cluster module may use Hazelcast. */
public final class ClusterUsesHazelcast {
    public String name(HazelcastInstance hz) {
        return hz.getName();
    }
}

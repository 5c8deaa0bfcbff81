package dev.lockstep.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Loopback clusters for tests: a unique cluster name and a free port range per call. */
final class TestClusters {
    private TestClusters() {}

    /** A loopback config with a unique name and {@code count} consecutive free ports. */
    static ClusterConfig loopback(int count) {
        return ClusterConfig.loopbackOnFreePorts("lockstep-test-" + UUID.randomUUID(), count);
    }

    /** Starts {@code count} members of one fresh loopback cluster and waits until all see all. */
    static List<ClusterMember> start(int count) {
        ClusterConfig config = loopback(count);
        List<ClusterMember> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(ClusterMember.start(config));
        }
        for (ClusterMember m : members) {
            awaitMembers(m, count);
        }
        return members;
    }

    /** Waits until {@code member} sees {@code count} members (at most a minute). */
    static void awaitMembers(ClusterMember member, int count) {
        try {
            if (!member.awaitMembers(count, Duration.ofMinutes(1))) {
                throw new IllegalStateException(member + " sees " + member.members() + ", not " + count + " members");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void closeAll(List<ClusterMember> members) {
        if (members != null) {
            members.forEach(ClusterMember::close);
        }
    }
}

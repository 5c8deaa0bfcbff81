package dev.lockstep.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback clusters for tests: a unique cluster name and a free port range per call. */
final class TestClusters {
    private TestClusters() {}

    /** A loopback config with a unique name and {@code count} consecutive free ports. */
    static ClusterConfig loopback(int count) {
        int base = freePortBase(count);
        return ClusterConfig.loopback("lockstep-test-" + UUID.randomUUID())
                .withPorts(base, count)
                .withMembers(List.of("127.0.0.1"));
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
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (member.members().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(member + " sees " + member.members() + ", not " + count + " members");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static void closeAll(List<ClusterMember> members) {
        if (members != null) {
            members.forEach(ClusterMember::close);
        }
    }

    private static int freePortBase(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports on 127.0.0.1");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}

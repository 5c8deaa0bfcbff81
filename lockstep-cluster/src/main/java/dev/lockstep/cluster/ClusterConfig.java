package dev.lockstep.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link ClusterMember} finds its cluster: a cluster name (members of different names never
 * join), the address this member binds to, a port range ({@code portBase} to {@code portBase +
 * portCount - 1}; a member takes the first free one) and the members to contact with TCP-IP join.
 * Multicast is always off.
 *
 * <p>Defaults ({@link #loopback(String)}): bind to 127.0.0.1, ports 5701..5703, members {@code
 * ["127.0.0.1"]}. A member entry is {@code host} or {@code host:port}; a bare host stands for every
 * port of the range on that host ({@link #memberAddresses()}).
 *
 * <p>{@code liteMember}: a lite member joins the cluster and submits tasks, but owns no partitions,
 * so it runs no keyed or {@code submit}ted task and holds no data (a client-like caller, e.g. the
 * process that runs a job on member processes). {@code failureTimeout}: how long a member may be
 * silent (no heartbeat) before the others remove it and its tasks are retried elsewhere; Hazelcast's
 * own default is 60 s, Lockstep's is {@link #DEFAULT_FAILURE_TIMEOUT}.
 *
 * <p>Validated on construction: a bad setting throws {@link ClusterConfigException} naming the
 * setting ({@code clusterName}, {@code bindAddress}, {@code portBase}, {@code portCount}, {@code
 * members[i]}, {@code failureTimeout}) and the value.
 */
public record ClusterConfig(
        String clusterName,
        String bindAddress,
        int portBase,
        int portCount,
        List<String> members,
        boolean liteMember,
        Duration failureTimeout) {

    /** Default silence after which a member is removed (heartbeat timeout). */
    public static final Duration DEFAULT_FAILURE_TIMEOUT = Duration.ofSeconds(10);

    /** Default first port, Hazelcast's own. */
    public static final int DEFAULT_PORT_BASE = 5701;

    /** Default number of ports a member may try, and that a bare-host member entry stands for. */
    public static final int DEFAULT_PORT_COUNT = 3;

    /** Upper bound of {@code portCount}: a bare host expands to that many addresses. */
    public static final int MAX_PORT_COUNT = 100;

    public ClusterConfig {
        if (clusterName == null || clusterName.isBlank()) {
            throw new ClusterConfigException("ClusterConfig.clusterName: must not be blank, was " + quote(clusterName));
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ClusterConfigException("ClusterConfig.bindAddress: must not be blank, was " + quote(bindAddress));
        }
        if (portBase < 1 || portBase > 65535) {
            throw new ClusterConfigException("ClusterConfig.portBase: " + portBase + " is not a port (1..65535)");
        }
        if (portCount < 1 || portCount > MAX_PORT_COUNT) {
            throw new ClusterConfigException(
                    "ClusterConfig.portCount: " + portCount + " is outside 1.." + MAX_PORT_COUNT);
        }
        if (portBase + portCount - 1 > 65535) {
            throw new ClusterConfigException("ClusterConfig.portCount: ports " + portBase + ".."
                    + (portBase + portCount - 1) + " run past 65535 (portBase " + portBase + ")");
        }
        if (members == null || members.isEmpty()) {
            throw new ClusterConfigException("ClusterConfig.members: must name at least one member address");
        }
        for (int i = 0; i < members.size(); i++) {
            checkMember(i, members.get(i));
        }
        members = List.copyOf(members); // after the checks: copyOf would throw a bare NPE on a null entry
        if (failureTimeout == null || failureTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ClusterConfigException("ClusterConfig.failureTimeout: " + failureTimeout
                    + " is too short (at least 1 s: a member is removed after that long without a heartbeat)");
        }
    }

    /** A full member (not lite) with the default failure timeout. */
    public ClusterConfig(String clusterName, String bindAddress, int portBase, int portCount, List<String> members) {
        this(clusterName, bindAddress, portBase, portCount, members, false, DEFAULT_FAILURE_TIMEOUT);
    }

    /** A cluster on this machine's loopback: bind 127.0.0.1, ports 5701..5703, member 127.0.0.1. */
    public static ClusterConfig loopback(String clusterName) {
        return new ClusterConfig(clusterName, "127.0.0.1", DEFAULT_PORT_BASE, DEFAULT_PORT_COUNT, List.of("127.0.0.1"));
    }

    /**
     * A loopback cluster on {@code portCount} consecutive ports that are free on 127.0.0.1 now (tests,
     * benchmarks, throwaway clusters; another process may still take a port before a member binds it).
     */
    public static ClusterConfig loopbackOnFreePorts(String clusterName, int portCount) {
        return loopback(clusterName).withPorts(freeLoopbackPortBase(portCount), portCount);
    }

    private static int freeLoopbackPortBase(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new ClusterStartException("no " + count + " consecutive free ports on 127.0.0.1 in 200 tries");
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

    public ClusterConfig withClusterName(String name) {
        return new ClusterConfig(name, bindAddress, portBase, portCount, members, liteMember, failureTimeout);
    }

    public ClusterConfig withBindAddress(String address) {
        return new ClusterConfig(clusterName, address, portBase, portCount, members, liteMember, failureTimeout);
    }

    public ClusterConfig withPorts(int base, int count) {
        return new ClusterConfig(clusterName, bindAddress, base, count, members, liteMember, failureTimeout);
    }

    public ClusterConfig withMembers(List<String> addresses) {
        return new ClusterConfig(clusterName, bindAddress, portBase, portCount, addresses, liteMember, failureTimeout);
    }

    /** A lite member: joins and submits, owns no partitions, runs no partition-routed task. */
    public ClusterConfig withLiteMember(boolean lite) {
        return new ClusterConfig(clusterName, bindAddress, portBase, portCount, members, lite, failureTimeout);
    }

    /** Silence after which the others remove a member (at least 1 s). */
    public ClusterConfig withFailureTimeout(Duration timeout) {
        return new ClusterConfig(clusterName, bindAddress, portBase, portCount, members, liteMember, timeout);
    }

    /** The TCP-IP join list: each member entry, a bare host expanded to every port of the range. */
    public List<String> memberAddresses() {
        List<String> out = new ArrayList<>();
        for (String m : members) {
            if (hasPort(m)) {
                out.add(m.strip());
            } else {
                for (int p = portBase; p < portBase + portCount; p++) {
                    out.add(m.strip() + ":" + p);
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean hasPort(String member) {
        return member.strip().lastIndexOf(':') > 0 && !member.contains("::");
    }

    private static void checkMember(int i, String member) {
        String where = "ClusterConfig.members[" + i + "]";
        if (member == null || member.isBlank()) {
            throw new ClusterConfigException(where + ": must not be blank, was " + quote(member));
        }
        String m = member.strip();
        if (m.chars().anyMatch(Character::isWhitespace)) {
            throw new ClusterConfigException(where + ": " + quote(member) + " contains whitespace");
        }
        if (!hasPort(m)) {
            return;
        }
        int colon = m.lastIndexOf(':');
        String port = m.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new ClusterConfigException(where + ": " + quote(member) + " has port " + quote(port)
                    + ", not a number (expected host or host:port)");
        }
        if (p < 1 || p > 65535) {
            throw new ClusterConfigException(where + ": " + quote(member) + " has port " + p + ", not 1..65535");
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : '"' + s + '"';
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + clusterName + " on " + bindAddress + ":" + portBase + ".."
                + (portBase + portCount - 1) + ", members " + Objects.toString(members) + (liteMember ? ", lite" : "")
                + ", failureTimeout " + failureTimeout + "]";
    }
}

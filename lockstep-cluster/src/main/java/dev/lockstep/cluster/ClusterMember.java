package dev.lockstep.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.lockstep.cluster.internal.HazelcastConfigs;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded Hazelcast member in this JVM, started from a {@link ClusterConfig}; closing it shuts
 * the member down (its partitions migrate to the others). Several members may run in one JVM (tests
 * do); each gets its own instance name.
 *
 * <p>A member that cannot start (no free port in the range, a bind address that is not this
 * machine's) throws {@link ClusterStartException} naming the cluster, bind address and ports.
 *
 * <p>Hazelcast's logging is off ({@code hazelcast.logging.type=none}): a member is quiet. Start is
 * blocking: {@link #start} returns once the member has joined (or formed) its cluster.
 *
 * <p>{@link #hazelcast()} hands out the underlying instance for what this module does not wrap yet
 * (maps, the partition service); code that uses it depends on Hazelcast directly.
 */
public final class ClusterMember implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final ClusterConfig config;
    private final HazelcastInstance instance;
    private final DistributedEngine engine;

    private ClusterMember(ClusterConfig config, HazelcastInstance instance) {
        this.config = config;
        this.instance = instance;
        this.engine = new DistributedEngine(instance);
    }

    /** Starts a member of {@code config}'s cluster in this JVM and waits until it has joined. */
    public static ClusterMember start(ClusterConfig config) {
        String name = "lockstep-" + config.clusterName() + "-" + SEQUENCE.incrementAndGet();
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(HazelcastConfigs.toHazelcast(config, name));
        } catch (RuntimeException e) {
            throw new ClusterStartException(
                    "cannot start a member of cluster " + config.clusterName() + " (bindAddress "
                            + config.bindAddress() + ", ports " + config.portBase() + ".."
                            + (config.portBase() + config.portCount() - 1) + "): " + e.getMessage(),
                    e);
        }
        return new ClusterMember(config, hz);
    }

    public ClusterConfig config() {
        return config;
    }

    /** The engine that submits through this member. */
    public DistributedEngine engine() {
        return engine;
    }

    /** This member, as the cluster sees it. */
    public Member localMember() {
        return instance.getCluster().getLocalMember();
    }

    /** The members of the cluster as this member currently sees them. */
    public Set<Member> members() {
        return instance.getCluster().getMembers();
    }

    /**
     * Waits until this member sees exactly {@code count} members, at most {@code timeout}; returns
     * whether it did (polls the membership every 20 ms).
     */
    public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (members().size() != count) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The underlying Hazelcast instance. */
    public HazelcastInstance hazelcast() {
        return instance;
    }

    /** Shuts the member down gracefully; idempotent. */
    @Override
    public void close() {
        instance.shutdown();
    }

    @Override
    public String toString() {
        return "ClusterMember[" + instance.getName() + "]";
    }
}

package dev.lockstep.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import dev.lockstep.cluster.ClusterConfig;

/**
 * Translates a {@link ClusterConfig} into a Hazelcast {@link Config}: cluster name, port range with
 * auto-increment, bind to the configured address only, TCP-IP join on the member list, multicast
 * and auto-detection off, logging off (Hazelcast's own logging type {@code none}), phone-home off,
 * and a short wait before joining so that a loopback cluster forms in about a second.
 */
public final class HazelcastConfigs {
    /** The name of the executor service DistributedEngine submits to. */
    public static final String EXECUTOR = "lockstep-engine";

    /** The IMap of stored task results, keyed by {@link ResultKey}; one synchronous backup. */
    public static final String RESULTS = "lockstep-results";

    private HazelcastConfigs() {}

    public static Config toHazelcast(ClusterConfig config, String instanceName) {
        Config hz = new Config();
        hz.setInstanceName(instanceName);
        hz.setClusterName(config.clusterName());
        hz.setProperty("hazelcast.logging.type", "none");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.socket.bind.any", "false");
        hz.setProperty("hazelcast.wait.seconds.before.join", "1");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        hz.getJetConfig().setEnabled(false);
        hz.setLiteMember(config.liteMember());
        long silence = Math.max(1, config.failureTimeout().toSeconds());
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(silence));
        hz.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(Math.max(1, silence / 5)));

        ClusterSerialization.register(hz);
        hz.addMapConfig(new MapConfig(RESULTS).setBackupCount(1).setAsyncBackupCount(0));

        NetworkConfig network = hz.getNetworkConfig();
        network.setPort(config.portBase());
        network.setPortAutoIncrement(config.portCount() > 1);
        network.setPortCount(config.portCount());
        network.getInterfaces().setEnabled(true).addInterface(config.bindAddress());

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(config.memberAddresses());
        return hz;
    }
}

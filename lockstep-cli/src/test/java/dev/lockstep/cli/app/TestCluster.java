package dev.lockstep.cli.app;

import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.flow.config.FlowConfig;
import java.util.List;
import java.util.UUID;

/** A configuration cluster section for tests: loopback, a unique name, free consecutive ports. */
final class TestCluster {
    private TestCluster() {}

    static FlowConfig.Cluster loopback(int ports) {
        return new FlowConfig.Cluster(
                "lockstep-cli-test-" + UUID.randomUUID(),
                "127.0.0.1",
                ClusterConfig.loopbackOnFreePorts("ports", ports).portBase(),
                ports,
                List.of("127.0.0.1"));
    }
}

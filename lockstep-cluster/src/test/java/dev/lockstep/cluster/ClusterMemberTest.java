package dev.lockstep.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterMemberTest {
    @Test
    void aBindAddressThatIsNotThisMachinesIsAClearErrorAtStart() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never a local interface.
        ClusterConfig config = TestClusters.loopback(1).withBindAddress("192.0.2.1");
        assertThatThrownBy(() -> ClusterMember.start(config))
                .isInstanceOf(ClusterStartException.class)
                .hasMessageContaining(config.clusterName())
                .hasMessageContaining("192.0.2.1");
    }
}

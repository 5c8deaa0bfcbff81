package dev.lockstep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private final ClusterConfig ok = ClusterConfig.loopback("c");

    @Test
    void loopbackDefaults() {
        assertThat(ok.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(ok.portBase()).isEqualTo(5701);
        assertThat(ok.memberAddresses()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
    }

    @Test
    void explicitPortsAreKept() {
        assertThat(ok.withMembers(List.of("10.0.0.1:6000", "h"))
                        .withPorts(7000, 2)
                        .memberAddresses())
                .containsExactly("10.0.0.1:6000", "h:7000", "h:7001");
    }

    @Test
    void badSettingsAreNamedInTheError() {
        assertThatThrownBy(() -> ok.withClusterName(" "))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("clusterName");
        assertThatThrownBy(() -> ok.withBindAddress(""))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("bindAddress");
        assertThatThrownBy(() -> ok.withPorts(70_000, 3))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("portBase")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> ok.withPorts(5701, 0))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("portCount");
        assertThatThrownBy(() -> ok.withPorts(65_535, 3))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("portCount")
                .hasMessageContaining("65535");
        assertThatThrownBy(() -> ok.withMembers(List.of()))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("members");
        assertThatThrownBy(() -> ok.withMembers(List.of("127.0.0.1", "host:port")))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("members[1]")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> ok.withMembers(List.of("h:99999")))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("members[0]")
                .hasMessageContaining("99999");
        assertThatThrownBy(() -> ok.withMembers(Arrays.asList("a", null)))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("members[1]");
        assertThatThrownBy(() -> ok.withFailureTimeout(Duration.ofMillis(500)))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("failureTimeout")
                .hasMessageContaining("PT0.5S");
        assertThatThrownBy(() -> ok.withFailureTimeout(null))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("failureTimeout");
    }

    @Test
    void liteAndFailureTimeoutSurviveTheOtherCopies() {
        ClusterConfig c = ok.withLiteMember(true).withFailureTimeout(Duration.ofSeconds(3));
        ClusterConfig copied = c.withPorts(6000, 2)
                .withClusterName("d")
                .withMembers(List.of("h"))
                .withBindAddress("h");
        assertThat(copied.liteMember()).isTrue();
        assertThat(copied.failureTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ok.liteMember()).isFalse();
        assertThat(ok.failureTimeout()).isEqualTo(ClusterConfig.DEFAULT_FAILURE_TIMEOUT);
    }
}

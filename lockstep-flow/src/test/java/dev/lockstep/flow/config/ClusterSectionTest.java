package dev.lockstep.flow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration's {@code cluster} section: plain data, checked, naming the key on an error. */
class ClusterSectionTest {
    @Test
    void noClusterSectionMeansNoCluster() {
        assertThat(ConfigReader.parse("server:\n  port: 9090\n", true, "f.yaml").cluster())
                .isNull();
        assertThat(ConfigReader.parse("cluster:\n", true, "f.yaml").clustered()).isFalse();
        assertThat(FlowConfig.DEFAULTS.clustered()).isFalse();
    }

    @Test
    void aClusterSectionIsParsedWithDefaultsForUnsetKeys() {
        FlowConfig yaml = ConfigReader.parse("""
                cluster:
                  name: blog
                  portBase: 6701
                  members: [10.0.0.5, "10.0.0.6:6701"]
                """, true, "f.yaml");
        FlowConfig json = ConfigReader.parse("""
                {"cluster": {"name": "blog", "portBase": 6701, "members": ["10.0.0.5", "10.0.0.6:6701"]}}
                """, false, "f.json");
        assertThat(yaml).isEqualTo(json);
        assertThat(yaml.cluster())
                .isEqualTo(new FlowConfig.Cluster("blog", "127.0.0.1", 6701, 3, List.of("10.0.0.5", "10.0.0.6:6701")));
        assertThat(ConfigReader.parse("cluster: {}\n", true, "f.yaml").cluster())
                .isEqualTo(FlowConfig.Cluster.DEFAULTS);
    }

    @Test
    void aBadClusterValueNamesItsKey() {
        assertBad("cluster:\n  portBase: 70000\n", "cluster.portBase", "must be from 1 to 65535, got 70000");
        assertBad("cluster:\n  portCount: 0\n", "cluster.portCount", "must be from 1 to 100");
        assertBad("cluster:\n  portBase: 65500\n  portCount: 50\n", "cluster.portCount", "run past 65535");
        assertBad("cluster:\n  name: ' '\n", "cluster.name", "must not be blank");
        assertBad("cluster:\n  bindAddress: 'a b'\n", "cluster.bindAddress", "without spaces");
        assertBad("cluster:\n  members: 10.0.0.5\n", "cluster.members", "must be a list of strings");
        assertBad("cluster:\n  members: []\n", "cluster.members", "at least one member");
        assertBad("cluster:\n  members: [a, 7]\n", "cluster.members[1]", "must be a string");
        assertBad("cluster:\n  members: [a, '']\n", "cluster.members[1]", "host or host:port");
        assertBad("cluster:\n  member: [a]\n", "cluster.member", "did you mean members?");
        assertBad("cluster: 5\n", "cluster", "must be an object");
    }

    private static void assertBad(String yaml, String key, String message) {
        assertThatThrownBy(() -> ConfigReader.parse(yaml, true, "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("f.yaml: " + key)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
}

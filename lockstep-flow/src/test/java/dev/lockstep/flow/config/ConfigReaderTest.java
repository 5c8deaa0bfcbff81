package dev.lockstep.flow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    @TempDir
    Path dir;

    @Test
    void yamlAndJsonGiveTheSameConfigurationAndUnsetKeysKeepTheirDefaults() throws Exception {
        Path yaml = dir.resolve("flow.yaml");
        Files.writeString(yaml, """
                server:
                  port: 9090
                  readTimeout: 250ms
                pools:
                  effectQueue: 128
                  computeQueue: 32
                database:
                  url: jdbc:postgresql://127.0.0.1:5432/flow
                  user: flow
                observability:
                  debugHeader: true
                """);
        Path json = dir.resolve("flow.json");
        Files.writeString(json, """
                {"server": {"port": 9090, "readTimeout": "PT0.25S"}, "pools": {"effectQueue": 128, "computeQueue": 32},
                 "database": {"url": "jdbc:postgresql://127.0.0.1:5432/flow", "user": "flow"},
                 "observability": {"debugHeader": true}}
                """);
        FlowConfig a = ConfigReader.read(yaml);
        FlowConfig b = ConfigReader.read(json);
        assertThat(a).isEqualTo(b);
        assertThat(a.server().port()).isEqualTo(9090);
        assertThat(a.server().readTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(a.server().host()).isEqualTo("127.0.0.1");
        assertThat(a.server().idleTimeout()).isEqualTo(FlowConfig.Server.DEFAULTS.idleTimeout());
        assertThat(a.pools().effectQueue()).isEqualTo(128);
        assertThat(a.pools().computeQueue()).isEqualTo(32);
        assertThat(a.pools().perTargetInFlight()).isEqualTo(64);
        assertThat(a.database().postgres()).isTrue();
        assertThat(a.observability().debugHeader()).isTrue();
    }

    @Test
    void anEmptyFileIsTheDefaults() {
        assertThat(ConfigReader.parse("", true, "empty.yaml")).isEqualTo(FlowConfig.DEFAULTS);
        assertThat(ConfigReader.parse("{}", false, "empty.json")).isEqualTo(FlowConfig.DEFAULTS);
    }

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOne() {
        assertThatThrownBy(() -> ConfigReader.parse("server:\n  prot: 1\n", true, "f.yaml"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.key()).isEqualTo("server.prot"))
                .hasMessageContaining("f.yaml: server.prot: unknown key (did you mean port?)");
        assertThatThrownBy(() -> ConfigReader.parse("{\"sever\": {}}", false, "f.json"))
                .hasMessageContaining("f.json: sever: unknown key (did you mean server?)");
    }

    @Test
    void valuesOfTheWrongTypeOrOutOfRangeNameTheKey() {
        assertThatThrownBy(() -> ConfigReader.parse("{\"server\": {\"port\": 70000}}", false, "f.json"))
                .hasMessageContaining("server.port: must be from 0 to 65535, got 70000");
        assertThatThrownBy(() -> ConfigReader.parse("{\"server\": {\"port\": \"80\"}}", false, "f.json"))
                .hasMessageContaining("server.port: must be a whole number, got \"80\"");
        assertThatThrownBy(() -> ConfigReader.parse("{\"server\": {\"idleTimeout\": \"soon\"}}", false, "f.json"))
                .hasMessageContaining("server.idleTimeout: must be a duration");
        assertThatThrownBy(() -> ConfigReader.parse("{\"observability\": {\"trace\": \"yes\"}}", false, "f.json"))
                .hasMessageContaining("observability.trace: must be true or false");
        assertThatThrownBy(() -> ConfigReader.parse("{\"database\": {\"url\": \"jdbc:mysql://x\"}}", false, "f.json"))
                .hasMessageContaining("database.url: must be a jdbc:sqlite: or jdbc:postgresql: URL");
        assertThatThrownBy(() -> ConfigReader.parse("{\"server\": {\"backend\": \"epoll\"}}", false, "f.json"))
                .hasMessageContaining("server.backend: must be one of [auto, io_uring, nio], got \"epoll\"");
        assertThat(ConfigReader.parse("server:\n  backend: nio\n", true, "f.yaml")
                        .server()
                        .backend())
                .isEqualTo("nio");
        assertThatThrownBy(() -> ConfigReader.parse("{\"pools\": 3}", false, "f.json"))
                .hasMessageContaining("pools must be an object");
    }

    @Test
    void brokenSyntaxNamesTheLine() {
        assertThatThrownBy(() -> ConfigReader.parse("{\"server\": {\"port\": }", false, "f.json"))
                .hasMessageContaining("f.json: not valid JSON at line 1");
        assertThatThrownBy(() -> ConfigReader.parse("server:\n  port: [1,\n", true, "f.yaml"))
                .hasMessageContaining("f.yaml: not valid YAML");
    }

    @Test
    void durationsTakeUnitsIsoOrMilliseconds() {
        assertThat(ConfigReader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigReader.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigReader.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConfigReader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigReader.parseDuration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigReader.parseDuration("ten")).isNull();
    }
}

package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON contract, the table and the chart, on a synthetic report. */
class ReportOutputTest {
    @TempDir
    Path dir;

    static Report sample(boolean complete) {
        Pairing.Outcome o = Pairing.pair(List.of(
                new Measurement("b.F.ours", "avgt", "ms", 40, List.of(Side.ours("fib30"))),
                new Measurement("b.F.fjp", "avgt", "ms", 44, List.of(Side.peer("fib30", "ForkJoinPool"))),
                new Measurement("b.Q.ours", "thrpt", "ops/us", 30, List.of(Side.ours("mpmc"))),
                new Measurement("b.Q.jct", "thrpt", "ops/us", 20, List.of(Side.peer("mpmc", "JCTools"))),
                new Measurement("b.L.ours", "avgt", "us", 5, List.of(Side.ours("lonely"))),
                new Measurement("b.O.peer", "avgt", "us", 7, List.of(Side.peer("orphan", "P3")))));
        return new Report(
                "core",
                true,
                "2025-11-21T05:03:00Z",
                complete,
                new Machine(2, "25.0.3", "Linux 6.8.0", "amd64", "OpenJDK 64-Bit Server VM", null),
                RunSettings.quick(),
                null,
                o.rows(),
                o.unpaired(),
                o.warnings());
    }

    @Test
    void jsonHasTheContractsShape() throws Exception {
        Path file = dir.resolve("out/core.json");
        JsonReport.write(sample(true), file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.get("suite").asText()).isEqualTo("core");
        assertThat(root.get("quick").isBoolean()).isTrue();
        assertThat(root.get("quick").asBoolean()).isTrue();
        assertThat(root.get("machine").get("cores").asInt()).isEqualTo(2);
        assertThat(root.get("machine").get("jdk").asText()).isEqualTo("25.0.3");
        assertThat(root.get("machine").get("os").asText()).isEqualTo("Linux 6.8.0");
        assertThat(root.get("machine").has("cpu")).isFalse();
        assertThat(root.get("date").asText()).isEqualTo("2025-11-21T05:03:00Z");
        JsonNode results = root.get("results");
        assertThat(results.isArray()).isTrue();
        assertThat(results).hasSize(3);
        JsonNode fib = results.get(0);
        assertThat(fib.get("name").asText()).isEqualTo("fib30");
        assertThat(fib.get("unit").asText()).isEqualTo("ms");
        assertThat(fib.get("better").asText()).isEqualTo("lower");
        assertThat(fib.get("ours").isNumber()).isTrue();
        assertThat(fib.get("ours").asDouble()).isEqualTo(40.0);
        assertThat(fib.get("peer").asText()).isEqualTo("ForkJoinPool");
        assertThat(fib.get("peerValue").asDouble()).isEqualTo(44.0);
        assertThat(fib.get("peerSource").asText()).isEqualTo("measured");
        assertThat(fib.has("oursError")).isFalse(); // NaN error is left out, not written as NaN
        JsonNode lonely = results.get(1);
        assertThat(lonely.get("name").asText()).isEqualTo("lonely");
        assertThat(lonely.has("peer")).isFalse();
        assertThat(lonely.has("peerValue")).isFalse();
        assertThat(results.get(2).get("better").asText()).isEqualTo("higher");
        assertThat(results.get(2).get("unit").asText()).isEqualTo("ops/us");
        assertThat(root.get("unpaired")).hasSize(1);
        assertThat(root.get("unpaired").get(0).get("peer").asText()).isEqualTo("P3");
        assertThat(root.get("warnings")).hasSize(2);
    }

    @Test
    void jsonReadsBackToTheSameReport() throws Exception {
        Path file = dir.resolve("core.json");
        Report report = sample(false);
        JsonReport.write(report, file);
        assertThat(JsonReport.read(file)).isEqualTo(report);
    }

    @Test
    void jsonWithAMissingFieldIsNamed() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"suite": "core", "quick": true, "machine": {"cores": 2, "jdk": "25", "os": "Linux"},
                 "results": [{"name": "x", "unit": "ms", "ours": 1}]}
                """);
        assertThatThrownBy(() -> JsonReport.read(file))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("results[0]")
                .hasMessageContaining("'better'");
    }

    @Test
    void tableShowsEveryColumnAndEveryIrregularity() {
        StringWriter text = new StringWriter();
        Table.print(sample(false), new PrintWriter(text));
        String t = text.toString();
        assertThat(t).contains("name", "ours", "peer", "peer value", "ratio", "unit", "better");
        assertThat(t).containsPattern("fib30 +40 +ForkJoinPool +44 +1\\.10x +ms +lower");
        assertThat(t).containsPattern("mpmc +30 +JCTools +20 +1\\.50x +ops/us +higher");
        assertThat(t).contains("(no peer)", "unpaired values", "b.O.peer", "warnings:", "INCOMPLETE");
    }

    @Test
    void plotWritesAPng() throws Exception {
        Path file = dir.resolve("charts/core.png");
        Plot.write(sample(true), file);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PNG");
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
    }

    @Test
    void plotTurnsLogarithmicWhenRatiosSpanMoreThanTwentyfold() {
        assertThat(Plot.logarithmic(List.of(1.1, 0.9, 1.5))).isFalse();
        assertThat(Plot.logarithmic(List.of(0.06, 1.0))).isFalse(); // 16.7x: still linear
        assertThat(Plot.logarithmic(List.of(0.96, 281.0, 0.84))).isTrue();
        assertThat(Plot.logarithmic(List.of(0.04, 1.0))).isTrue(); // 25x below the peer
        assertThat(Plot.logarithmic(List.of(21.0))).isTrue(); // the peer's 1.0 counts
    }

    @Test
    void plotShortensLabelsOfACrowdedChart() {
        assertThat(Plot.crowded(10)).isFalse();
        assertThat(Plot.crowded(11)).isTrue(); // the sync suite has 35 groups
    }

    @Test
    void plotWithoutAnyPairRefuses() {
        Report lonely = new Report(
                "core",
                true,
                "2025-11-21T05:03:00Z",
                true,
                new Machine(2, "25.0.3", "Linux", null, null, null),
                null,
                null,
                List.of(ResultRow.oursOnly("lonely", "ms", "lower", 1, null, "b")),
                List.of(),
                List.of());
        assertThatThrownBy(() -> Plot.write(lonely, dir.resolve("x.png")))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("nothing to plot");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    /** With --gc each side's bytes per operation appear in the table and the JSON, and read back. */
    static Report withAlloc() {
        Pairing.Outcome o = Pairing.pair(List.of(
                new Measurement("b.T.ours", "avgt", "ns", 2.5, List.of(Side.ours("trace-disabled")))
                        .withAllocBytesPerOp(0.0),
                new Measurement("b.T.peer", "avgt", "ns", 2.4, List.of(Side.peer("trace-disabled", "no call")))
                        .withAllocBytesPerOp(24.0)));
        return new Report(
                "kernel",
                true,
                "2025-11-21T05:03:00Z",
                true,
                new Machine(2, "25.0.3", "Linux", null, null, null),
                RunSettings.quick(),
                null,
                o.rows(),
                o.unpaired(),
                o.warnings());
    }

    @Test
    void allocationFiguresAppearOnlyWhenMeasured() throws Exception {
        Path file = dir.resolve("kernel.json");
        Report report = withAlloc();
        JsonReport.write(report, file);
        JsonNode row = new ObjectMapper().readTree(file.toFile()).get("results").get(0);
        assertThat(row.get("oursAllocBytesPerOp").asDouble()).isEqualTo(0.0);
        assertThat(row.get("peerAllocBytesPerOp").asDouble()).isEqualTo(24.0);
        assertThat(JsonReport.read(file)).isEqualTo(report);
        StringWriter text = new StringWriter();
        Table.print(report, new PrintWriter(text));
        assertThat(text.toString())
                .containsPattern("name +ours +peer +peer value +ratio +unit +better +ours B/op +peer B/op")
                .containsPattern("trace-disabled +2\\.5 +no call +2\\.4 +0\\.96x +ns +lower +0\\.00 +24\\.00")
                .contains("B/op: bytes allocated per operation");

        Path plain = dir.resolve("core.json");
        JsonReport.write(sample(true), plain);
        JsonNode fib =
                new ObjectMapper().readTree(plain.toFile()).get("results").get(0);
        assertThat(fib.has("oursAllocBytesPerOp")).isFalse();
        assertThat(fib.has("peerAllocBytesPerOp")).isFalse();
        StringWriter without = new StringWriter();
        Table.print(sample(true), new PrintWriter(without));
        assertThat(without.toString()).doesNotContain("B/op");
    }

    @Test
    void numbersKeepFourSignificantDigits() {
        assertThat(Table.number(41.234)).isEqualTo("41.23");
        assertThat(Table.number(1234567)).isEqualTo("1235000");
        assertThat(Table.number(0.5)).isEqualTo("0.5");
        assertThat(Table.number(0.0001234)).isEqualTo("1.234e-04");
    }
}

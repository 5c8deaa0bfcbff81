package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BenchMain's arguments and errors; every case here runs no benchmark. */
class BenchMainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BenchMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void unknownSuiteListsTheValidOnes() {
        assertThat(run("nope", "--quick")).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString())
                .contains("unknown suite 'nope'")
                .contains("valid suites: core, kernel, sync, io, flow, patch, cluster")
                .doesNotContain("selftest");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingSuiteListsTheValidOnes() {
        assertThat(run("--quick")).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString()).contains("missing SUITE", "core, kernel, sync");
    }

    @Test
    void clusterSuiteIsADriverSuiteWithItsTwoResults() {
        // It was the last suite without benchmarks; now every valid suite has some.
        assertThat(run("cluster", "--list")).isEqualTo(BenchMain.OK);
        assertThat(out.toString())
                .contains("cluster-tiny-tasks  ours: DistributedEngine.submit")
                .contains("peer: Hazelcast IExecutorService")
                .contains("cluster-pi  ours: ")
                .contains("peer: local Engine");
    }

    @Test
    void filterMatchingNothingNamesWhatTheSuiteHas() {
        assertThat(run("selftest", "--filter", "zzz")).isEqualTo(BenchMain.NOTHING_TO_RUN);
        assertThat(err.toString()).contains("matches --filter 'zzz'", "SumBench.longSum", "SumBench.plainLoop");
    }

    @Test
    void listShowsSidesAndRunsNothing() {
        assertThat(run("selftest", "--list")).isEqualTo(BenchMain.OK);
        assertThat(out.toString())
                .contains("dev.lockstep.bench.selftest.SumBench.longSum  @Ours(sum1k)")
                .contains("dev.lockstep.bench.selftest.SumBench.plainLoop  @Peer(sum1k, plain loop)");
    }

    @Test
    void badNumbersAndDurationsAreUsageErrors() {
        assertThat(run("selftest", "--iterations", "0")).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString()).contains("--iterations must be 1 or more");
        assertThat(run("selftest", "--time", "fast")).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString()).contains("'fast' is not a duration");
        assertThat(run("selftest", "--frobnicate")).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString()).contains("--frobnicate");
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(run("--help")).isEqualTo(BenchMain.OK);
        assertThat(out.toString())
                .contains("--quick", "--json", "--plot", "--from-json", "--filter", "--gc", "--forks", "--iterations")
                .contains("core, kernel, sync, io, flow, patch, cluster");
    }

    @Test
    void fromJsonPrintsTheTableAndDrawsThePlotWithoutRunning() throws Exception {
        Path json = dir.resolve("saved.json");
        JsonReport.write(ReportOutputTest.sample(true), json);
        Path png = dir.resolve("redrawn.png");
        assertThat(run("--from-json", json.toString(), "--plot", png.toString()))
                .isEqualTo(BenchMain.OK);
        assertThat(out.toString()).contains("Lockstep bench: core (quick)", "fib30", "ForkJoinPool");
        assertThat(Files.size(png)).isGreaterThan(1000);
    }

    @Test
    void fromJsonRefusesJsonOutputAndAMismatchedSuite() throws Exception {
        Path json = dir.resolve("saved.json");
        JsonReport.write(ReportOutputTest.sample(true), json);
        assertThat(run(
                        "--from-json",
                        json.toString(),
                        "--json",
                        dir.resolve("x.json").toString()))
                .isEqualTo(BenchMain.USAGE);
        assertThat(run("io", "--from-json", json.toString())).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString()).contains("does not match suite 'core'");
    }

    @Test
    void brokenJsonIsAClearError() throws Exception {
        Path json = dir.resolve("broken.json");
        Files.writeString(json, "{\"suite\": ");
        assertThat(run("--from-json", json.toString())).isEqualTo(BenchMain.FAILED);
        assertThat(err.toString()).contains("broken.json is not valid JSON");
    }

    /**
     * The whole chain on the hidden suite: discovery, a real JMH fork with the GC profiler,
     * pairing, table, JSON and chart. One fork, no warmup, one 100 ms iteration per benchmark: a
     * few seconds.
     */
    @Test
    void selftestRunsEndToEnd() throws Exception {
        System.setProperty("jmh.ignoreLock", "true"); // other JMH runs on this machine must not fail the test
        Path json = dir.resolve("selftest.json");
        Path png = dir.resolve("selftest.png");
        Path log = dir.resolve("selftest.log");
        int code = run(
                "selftest",
                "--forks",
                "1",
                "--warmups",
                "0",
                "--iterations",
                "1",
                "--time",
                "100ms",
                "--json",
                json.toString(),
                "--plot",
                png.toString(),
                "--log",
                log.toString(),
                "--gc");
        assertThat(code).as("exit code; stderr: %s", err).isEqualTo(BenchMain.OK);
        assertThat(out.toString()).contains("sum1k", "plain loop", "ns", "lower", "ours B/op", "peer B/op");
        // Off a terminal (as under surefire) and without --verbose, the run is quiet until its table.
        assertThat(err.toString()).doesNotContain("[1/2]", "lockstep bench: suite");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("suite").asText()).isEqualTo("selftest");
        assertThat(root.get("quick").asBoolean()).isFalse();
        assertThat(root.get("complete").asBoolean()).isTrue();
        JsonNode row = root.get("results").get(0);
        assertThat(row.get("name").asText()).isEqualTo("sum1k");
        assertThat(row.get("peer").asText()).isEqualTo("plain loop");
        assertThat(row.get("ours").asDouble()).isPositive();
        assertThat(row.get("peerValue").asDouble()).isPositive();
        // summing a long[] allocates nothing; in one cold 100 ms iteration the GC profiler still sees a
        // few bytes per operation (the JIT, JMH itself), but far less than one object (16 bytes) each
        assertThat(row.get("oursAllocBytesPerOp").asDouble()).isBetween(0.0, 16.0);
        assertThat(row.get("peerAllocBytesPerOp").asDouble()).isBetween(0.0, 16.0);
        assertThat(root.get("warnings")).isEmpty();
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(Files.readString(log)).contains("SumBench.longSum", "SumBench.plainLoop");
    }
}

package dev.lockstep.bench.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.bench.BenchException;
import dev.lockstep.bench.ExternalSuite;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The flow suite's parts that need no server: names, wrk's command and report, the mapping. */
class FlowSuiteUnitTest {
    /** wrk 4.1.0's report with {@code --latency}, the 99% line and the run's length substituted. */
    static String report(String p99) {
        return """
                Running 2s test @ http://127.0.0.1:40527/hello
                  1 threads and 200 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     1.52ms  312.44us   9.87ms   88.10%
                    Req/Sec    66.31k     2.10k   69.12k    80.00%
                  Latency Distribution
                     50%    1.46ms
                     75%    1.61ms
                     90%    1.83ms
                     99%    %s
                  131960 requests in 2.00s, 14.60MB read
                Requests/sec:  65980.12
                Transfer/sec:      7.30MB
                """.replace("%s", p99);
    }

    @ParameterizedTest
    @CsvSource({"812.00us, 0.812", "2.71ms, 2.71", "1.20s, 1200", "1.50m, 90000", "7ms, 7"})
    void p99IsReadInEveryUnitOfWrk(String printed, double millis) {
        assertThat(FlowWrk.p99Millis(report(printed))).isCloseTo(millis, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aReportGivesRequestsRateAndP99() {
        FlowWrk.Result r = FlowWrk.parse(report("2.71ms"));
        assertThat(r.requests()).isEqualTo(131960);
        assertThat(r.requestsPerSecond()).isEqualTo(65980.12);
        assertThat(r.p99Millis()).isEqualTo(2.71);
    }

    @Test
    void theP99LineIsTakenFromTheDistributionNotFromTheThreadStats() {
        // "99%" also appears as a +/- Stdev figure before the distribution; only the distribution counts
        String out = report("3.00ms").replace("88.10%", "99.00%");
        assertThat(FlowWrk.p99Millis(out)).isEqualTo(3.0);
    }

    @Test
    void aReportWithoutLatencyDistributionFailsNamingTheOption() {
        String plain = report("1ms").replaceAll("(?s)  Latency Distribution.*?99%\\s+1ms\n", "");
        assertThatThrownBy(() -> FlowWrk.p99Millis(plain))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("--latency");
    }

    @Test
    void aDistributionWithoutA99LineFails() {
        String out = report("1ms").replace("     99%    1ms\n", "");
        assertThatThrownBy(() -> FlowWrk.p99Millis(out))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("no 99% line");
    }

    @Test
    void socketErrorsStillFailTheRun() {
        String out = report("1ms")
                .replace("Requests/sec", "  Socket errors: connect 0, read 3, write 0, timeout 0\nRequests/sec");
        assertThatThrownBy(() -> FlowWrk.parse(out))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("socket errors");
    }

    @Test
    void wrkCommandIsPinnedWithOneThreadLatencyAndTheScript() {
        List<String> c =
                FlowWrk.command("/usr/bin/wrk", 1, 200, 10, "127.0.0.1", 8080, "/sqlite?id=1", Path.of("s.lua"));
        assertThat(c)
                .containsExactly(
                        "taskset",
                        "-c",
                        "1",
                        "/usr/bin/wrk",
                        "-t1",
                        "-c200",
                        "-d10s",
                        "--timeout",
                        "10s",
                        "--latency",
                        "-s",
                        "s.lua",
                        "http://127.0.0.1:8080/sqlite?id=1");
        assertThat(FlowWrk.command("wrk", 1, 200, 2, "127.0.0.1", 1, "/hello", null))
                .doesNotContain("-s")
                .endsWith("http://127.0.0.1:1/hello");
    }

    @Test
    void theSqliteScriptWalksEveryRow() {
        assertThat(FlowWrk.SQLITE_SCRIPT).contains("i % " + Items.ROWS + " + 1").contains("/sqlite?id=");
    }

    @Test
    void resultNamesAreTheIssuesThenTheVertxPairing() {
        List<String> names = FlowSuite.SPECS.stream().map(FlowSuite.Spec::name).toList();
        assertThat(names)
                .containsExactly(
                        "flow-hello",
                        "flow-hello-p99",
                        "flow-hello-cpu",
                        "flow-need3",
                        "flow-need3-p99",
                        "flow-need3-cpu",
                        "flow-sqlite",
                        "flow-sqlite-p99",
                        "flow-sqlite-cpu",
                        "flow-hello-vertx",
                        "flow-hello-p99-vertx",
                        "flow-hello-cpu-vertx",
                        "flow-need3-vertx",
                        "flow-need3-p99-vertx",
                        "flow-need3-cpu-vertx",
                        "flow-sqlite-vertx",
                        "flow-sqlite-p99-vertx",
                        "flow-sqlite-cpu-vertx");
        assertThat(FlowSuite.SPECS.subList(0, 9)).allMatch(s -> s.peer() == FlowSuite.Server.HELIDON);
        assertThat(FlowSuite.SPECS.subList(9, 18)).allMatch(s -> s.peer() == FlowSuite.Server.VERTX);
        assertThat(new FlowSuite().results())
                .extracting(ExternalSuite.Result::peer)
                .containsOnly("Helidon 4.5.0 SE", "Vert.x 5.1.6");
    }

    @Test
    void aMissingLockstepServerFailsNamingTheClassBeforeAnythingRuns() {
        FlowSuite suite = new FlowSuite("dev.lockstep.bench.flow.NoSuchServer");
        StringWriter progress = new StringWriter();
        assertThatThrownBy(() ->
                        suite.measure(new ExternalSuite.Run(Set.of("flow-hello"), true, new PrintWriter(progress))))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("dev.lockstep.bench.flow.NoSuchServer")
                .hasMessageContaining("not on the classpath");
        assertThat(progress.toString()).isEmpty();
    }

    @Test
    void theDefaultLockstepSideIsTheNamedClass() {
        assertThat(FlowSuite.OURS_MAIN).isEqualTo("dev.lockstep.bench.flow.LockstepFlowServer");
        assertThat(new FlowSuite().results().getFirst().ours()).isEqualTo("LockstepFlowServer /hello");
    }

    @Test
    void onlyTheSelectedRoutesRunAndOursAlways() {
        List<FlowSuite.Spec> selected = FlowSuite.SPECS.stream()
                .filter(s -> s.name().equals("flow-need3-p99-vertx"))
                .toList();
        assertThat(FlowSuite.needs(selected))
                .isEqualTo(Map.of(
                        FlowSuite.Server.OURS, Set.of(FlowSuite.Route.NEED3),
                        FlowSuite.Server.VERTX, Set.of(FlowSuite.Route.NEED3)));
    }

    @Test
    void mappingTakesMediansAndNamesWhatIsMissing() {
        FlowSuite suite = new FlowSuite();
        FlowSuite.Samples samples = new FlowSuite.Samples();
        for (double v : new double[] {3, 1, 2}) {
            samples.add(FlowSuite.Server.OURS, FlowSuite.Route.HELLO, FlowSuite.Kind.RPS, v * 1000);
            samples.add(FlowSuite.Server.HELIDON, FlowSuite.Route.HELLO, FlowSuite.Kind.RPS, v * 100);
            samples.add(FlowSuite.Server.OURS, FlowSuite.Route.HELLO, FlowSuite.Kind.P99, v);
        }
        samples.failed(FlowSuite.Server.HELIDON, FlowSuite.Route.HELLO, "wrk saw socket errors");
        samples.failedToStart(FlowSuite.Server.VERTX, "VertxFlowServer did not start: boom");
        List<FlowSuite.Spec> selected = FlowSuite.SPECS.stream()
                .filter(s -> List.of("flow-hello", "flow-hello-p99", "flow-hello-vertx")
                        .contains(s.name()))
                .toList();
        ExternalSuite.Outcome o = suite.outcome(selected, samples, 3, "settings");
        // Helidon's hello failed once: its rows are missing even though two values exist
        assertThat(o.values()).isEmpty();
        assertThat(o.missing().get("flow-hello")).contains("Helidon").contains("socket errors");
        assertThat(o.missing().get("flow-hello-vertx")).contains("boom");

        FlowSuite.Samples ok = new FlowSuite.Samples();
        for (double v : new double[] {3, 1, 2}) {
            ok.add(FlowSuite.Server.OURS, FlowSuite.Route.HELLO, FlowSuite.Kind.CPU, v);
            ok.add(FlowSuite.Server.HELIDON, FlowSuite.Route.HELLO, FlowSuite.Kind.CPU, v * 2);
        }
        ExternalSuite.Outcome o2 = suite.outcome(
                FlowSuite.SPECS.stream()
                        .filter(s -> s.name().equals("flow-hello-cpu"))
                        .toList(),
                ok,
                3,
                "settings");
        assertThat(o2.values()).singleElement().satisfies(v -> {
            assertThat(v.ours()).isEqualTo(2.0);
            assertThat(v.peerValue()).isEqualTo(4.0);
            assertThat(v.unit()).isEqualTo("us/req");
            assertThat(v.better()).isEqualTo("lower");
            assertThat(v.peer()).isEqualTo("Helidon 4.5.0 SE");
        });
    }

    @Test
    void flowArgsRoundTripAndNameWhatIsWrong() {
        FlowArgs a = new FlowArgs(0, 9000, Path.of("/tmp/x.db"));
        assertThat(FlowArgs.parse(a.toArgs().toArray(String[]::new))).isEqualTo(a);
        assertThatThrownBy(() -> FlowArgs.parse("--port", "0", "--db", "x.db")).hasMessageContaining("--backend-port");
        assertThatThrownBy(() -> FlowArgs.parse("--backend-port", "70000", "--db", "x.db"))
                .hasMessageContaining("--backend-port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> FlowArgs.parse("--bogus", "1")).hasMessageContaining("--bogus");
    }

    @Test
    void itemsJsonEscapesAndIdsAreStrict() {
        assertThat(Items.json(7, "item-7")).isEqualTo("{\"id\":7,\"name\":\"item-7\"}");
        assertThat(Items.json(1, "a\"b\\c\n")).isEqualTo("{\"id\":1,\"name\":\"a\\\"b\\\\c\\u000a\"}");
        assertThat(Items.parseId("42")).isEqualTo(42);
        assertThat(Items.parseId("-1")).isEqualTo(-1);
        assertThat(Items.parseId("")).isEqualTo(-1);
        assertThat(Items.parseId(null)).isEqualTo(-1);
        assertThat(Items.parseId("1x")).isEqualTo(-1);
    }
}

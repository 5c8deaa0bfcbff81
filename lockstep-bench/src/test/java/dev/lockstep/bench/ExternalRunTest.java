package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suites measured by their own driver ({@link ExternalSuite}): selection, the rows their values
 * become, the incomplete mark for a result without a value, and the JSON they share with JMH
 * suites. A fake driver stands in for the io suite's servers; the io suite itself is only listed.
 */
class ExternalRunTest {
    @TempDir
    Path dir;

    /** Returns fixed values: a and b measured, c missing with a reason. */
    static final class FakeSuite implements ExternalSuite {
        Set<String> asked;

        @Override
        public List<Result> results() {
            return List.of(
                    new Result("a-c50", "ours a", "Peer A"),
                    new Result("b-rss", "ours b", "Peer B"),
                    new Result("c-echo", "ours c", "Peer C"));
        }

        @Override
        public Outcome measure(Run run) {
            asked = run.selected();
            List<Value> values = new java.util.ArrayList<>();
            if (asked.contains("a-c50")) {
                values.add(new Value("a-c50", "req/s", "higher", 200, "lockstep a", "Peer A", 100, "peer a"));
            }
            if (asked.contains("b-rss")) {
                values.add(new Value("b-rss", "MiB", "lower", 50, "lockstep b", "Peer B", 200, "peer b"));
            }
            return new Outcome(
                    values,
                    asked.contains("c-echo") ? Map.of("c-echo", "backend X is unavailable") : Map.of(),
                    "fake settings");
        }
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter());
    }

    @Test
    void valuesBecomeMeasuredRowsInDeclaredOrder() {
        FakeSuite fake = new FakeSuite();
        Report r = ExternalRun.measure(
                "fake", fake, ExternalRun.select(fake, Pattern.compile("a-|b-")), true, "a-|b-", sink());
        assertThat(fake.asked).containsExactlyInAnyOrder("a-c50", "b-rss");
        assertThat(r.complete()).isTrue();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.rows()).extracting(ResultRow::name).containsExactly("a-c50", "b-rss");
        ResultRow a = r.rows().getFirst();
        assertThat(a.peerSource()).isEqualTo(ResultRow.MEASURED);
        assertThat(a.ratio()).isEqualTo(2.0);
        assertThat(r.rows().get(1).ratio()).isEqualTo(4.0); // lower is better: peer/ours
        assertThat(a.oursBenchmark()).isEqualTo("lockstep a");
        assertThat(a.peerBenchmark()).isEqualTo("peer a");
    }

    @Test
    void aResultWithoutValueMakesTheReportIncompleteWithTheReason() {
        FakeSuite fake = new FakeSuite();
        Report r = ExternalRun.measure("fake", fake, ExternalRun.select(fake, null), false, null, sink());
        assertThat(r.complete()).isFalse();
        assertThat(r.rows()).hasSize(2);
        assertThat(r.warnings()).containsExactly("result c-echo was not measured: backend X is unavailable");
        StringWriter table = new StringWriter();
        Table.print(r, new PrintWriter(table));
        assertThat(table.toString()).contains("a-c50", "Peer A", "2.00x", "INCOMPLETE", "backend X is unavailable");
    }

    @Test
    void jsonKeepsTheContract() throws Exception {
        FakeSuite fake = new FakeSuite();
        Report r =
                ExternalRun.measure("fake", fake, ExternalRun.select(fake, Pattern.compile("a-")), true, "a-", sink());
        JsonNode root = new ObjectMapper().readTree(JsonReport.toJson(r));
        assertThat(root.get("suite").asText()).isEqualTo("fake");
        assertThat(root.get("quick").asBoolean()).isTrue();
        assertThat(root.get("machine").get("cores").asInt()).isPositive();
        JsonNode row = root.get("results").get(0);
        assertThat(row.get("name").asText()).isEqualTo("a-c50");
        assertThat(row.get("unit").asText()).isEqualTo("req/s");
        assertThat(row.get("better").asText()).isEqualTo("higher");
        assertThat(row.get("ours").asDouble()).isEqualTo(200);
        assertThat(row.get("peer").asText()).isEqualTo("Peer A");
        assertThat(row.get("peerValue").asDouble()).isEqualTo(100);
        assertThat(row.get("peerSource").asText()).isEqualTo("measured");
        Path file = dir.resolve("fake.json");
        JsonReport.write(r, file);
        assertThat(JsonReport.read(file).rows())
                .isEqualTo(r.rows().stream()
                        .map(x -> new ResultRow(
                                x.name(),
                                x.unit(),
                                x.better(),
                                x.ours(),
                                null,
                                x.peer(),
                                x.peerValue(),
                                null,
                                x.peerSource(),
                                x.oursBenchmark(),
                                x.peerBenchmark()))
                        .toList());
    }

    @Test
    void aDriverValueForAnUnselectedResultIsADriverBug() {
        ExternalSuite.Outcome o = new ExternalSuite.Outcome(
                List.of(new ExternalSuite.Value("zzz", "MB/s", "higher", 1, "o", "P", 1, "p")), Map.of(), "");
        assertThatThrownBy(() ->
                        ExternalRun.report("fake", List.of(new ExternalSuite.Result("a", "o", "P")), o, true, null))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("'zzz', which was not selected");
        assertThatThrownBy(() -> new ExternalSuite.Value("v", "MB/s", "sideways", 1, "o", "P", 1, "p"))
                .hasMessageContaining("better must be lower or higher");
    }

    // ---- through BenchMain, with the real io suite (listing and usage only: no load runs) ------

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BenchMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void ioSuiteListsItsResultsWithBothSides() {
        assertThat(run("io", "--list")).isEqualTo(BenchMain.OK);
        assertThat(out.toString())
                .contains("http-hello-c50  ours: lockstep io http-hello --backend io_uring  peer: Netty 4.2.18 epoll")
                .contains("http-hello-cpu", "http-hello-rss", "echo-64b", "echo-16k", "http-hello-c1000-vt");
    }

    @Test
    void ioSuiteFilterSelectsByName() {
        assertThat(run("io", "--list", "--filter", "^echo-")).isEqualTo(BenchMain.OK);
        assertThat(out.toString().lines()).allMatch(l -> l.startsWith("echo-")).hasSize(4);
        assertThat(run("io", "--filter", "nothing-like-this")).isEqualTo(BenchMain.NOTHING_TO_RUN);
        assertThat(err.toString()).contains("no result of suite 'io' matches", "http-hello-c50");
    }

    @Test
    void jmhOptionsAreRefusedForADriverSuite() {
        assertThat(run("io", "--quick", "--forks", "2", "--gc")).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString()).contains("measured by its own driver, not JMH", "--forks", "--gc");
    }
}

package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cold run (suite "fixturecold"): the steady-state run, then the cold benchmarks in fresh
 * JVMs, overriding the method's own {@code @Warmup}, {@code @Measurement} and {@code @Fork}. The
 * fixture throws when a cold fork calls it twice, so a complete run proves each shot was a first
 * call. One steady fork of one 100 ms iteration and two cold forks per parameter value: about ten
 * seconds.
 */
class ColdRunTest {
    @TempDir
    Path dir;

    @Test
    void coldBenchmarksRunOnceInEachFreshJvmAndAreNamedCold() throws Exception {
        System.setProperty("jmh.ignoreLock", "true");
        Suites.Plan plan = Suites.plan("fixturecold", null, Suites.all());
        assertThat(plan.coldRuns()).isEqualTo(2);
        Path log = dir.resolve("cold.log");
        Report report;
        try (ProgressDisplay p = ProgressDisplay.quiet(plan.runs())) {
            report = BenchMain.measure(
                    plan,
                    new RunSettings(1, 0, Duration.ofMillis(100), 1, Duration.ofMillis(100)).withColdForks(2),
                    log,
                    p,
                    true,
                    null);
        }
        assertThat(report.complete()).as("warnings: %s", report.warnings()).isTrue();
        assertThat(report.settings().coldForks()).isEqualTo(2);
        assertThat(report.rows())
                .extracting(ResultRow::name)
                .containsExactly("first-call-n1", "first-call-n1-cold", "first-call-n2", "first-call-n2-cold");
        assertThat(report.rows()).allSatisfy(r -> {
            assertThat(r.unit()).isEqualTo("us");
            assertThat(r.ours()).isPositive();
        });
        ResultRow cold2 = report.rows().get(3);
        assertThat(cold2.peer()).isEqualTo("Native");
        assertThat(cold2.peerSource()).isEqualTo("published");
        assertThat(cold2.peerValue()).isCloseTo(1000.0, within(1e-9)); // 1 ms in Lockstep's us
        assertThat(report.rows().get(1).peer()).isNull(); // n=1 has no figure
        String jmh = Files.readString(log);
        // the steady run first (the runner's settings), then the cold run, appended
        assertThat(jmh).contains("Benchmark mode: Average time", "Benchmark mode: Single shot invocation time");
        assertThat(jmh).contains("Warmup: <none>", "Measurement: 1 iterations, single-shot each");
        assertThat(jmh).doesNotContain("call 2 in a cold fork");
        assertThat(jmh.split("# Fork: 1 of 2", -1)).hasSize(3); // once per parameter value
        assertThat(jmh).doesNotContain("of 7");
        StringWriter table = new StringWriter();
        Table.print(report, new PrintWriter(table));
        assertThat(table.toString()).contains("cold: 2 forks x 1 shot", "first-call-n2-cold", "Native (published)");
    }
}

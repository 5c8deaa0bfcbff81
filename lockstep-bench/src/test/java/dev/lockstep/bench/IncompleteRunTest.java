package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark that throws leaves the run incomplete, and the report says so everywhere: the flag,
 * a warning naming the benchmark, the peer kept as unpaired, and INCOMPLETE in the table. Runs
 * two real JMH forks of one 100 ms iteration.
 */
class IncompleteRunTest {
    @TempDir
    Path dir;

    @Test
    void failedBenchmarkMakesTheRunIncompleteAndIsNamed() throws Exception {
        System.setProperty("jmh.ignoreLock", "true");
        Suites.Plan plan = Suites.plan("fixturefail", null, Suites.all());
        assertThat(plan.benchmarks()).hasSize(2);
        Path log = dir.resolve("fail.log");
        StringWriter progress = new StringWriter();
        Report report;
        try (ProgressDisplay p = ProgressDisplay.lines(plan.runs(), new PrintWriter(progress, true))) {
            report = BenchMain.measure(
                    plan, new RunSettings(1, 0, Duration.ofMillis(100), 1, Duration.ofMillis(100)), log, p, true, null);
        }
        assertThat(report.complete()).isFalse();
        assertThat(report.rows()).isEmpty();
        assertThat(report.warnings())
                .anySatisfy(w -> assertThat(w).contains("FailingBench.throwsAlways", "produced 0 of 1", "fail.log"))
                .anySatisfy(w -> assertThat(w).contains("'broken'", "no @Ours"));
        assertThat(report.unpaired()).singleElement().extracting(Unpaired::peer).isEqualTo("fine");
        assertThat(progress.toString()).contains("FAILED");
        assertThat(Files.readString(log)).contains("deliberate failure of the fixture benchmark");
        StringWriter table = new StringWriter();
        Table.print(report, new PrintWriter(table));
        assertThat(table.toString()).contains("INCOMPLETE");
    }
}

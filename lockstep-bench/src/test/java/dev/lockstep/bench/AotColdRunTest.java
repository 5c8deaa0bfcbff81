package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real AOT cold run (suite "fixtureaot"): the training JVM makes the cache once, both parameter
 * values' AOT forks start from it with {@code -XX:AOTMode=on} (a fork that could not use it would
 * fail to start, leaving the run incomplete), the results are named {@code -cold-aot}, and the
 * work directory is gone afterwards. One steady fork of 100 ms, one cold and two AOT forks per
 * parameter value: about fifteen seconds.
 */
@EnabledForJreRange(min = JRE.JAVA_25)
class AotColdRunTest {
    @TempDir
    Path dir;

    @Test
    void aotForksStartFromOneTrainedCacheAndAreNamedColdAot() throws Exception {
        System.setProperty("jmh.ignoreLock", "true");
        Suites.Plan plan = Suites.plan("fixtureaot", null, Suites.all());
        assertThat(plan.aotRuns()).isEqualTo(2);
        Path log = dir.resolve("aot.log");
        String classpath = System.getProperty("java.class.path");
        RunSettings settings = new RunSettings(1, 0, Duration.ofMillis(100), 1, Duration.ofMillis(100))
                .withColdForks(1)
                .withAotForks(2);
        Report report;
        try (ProgressDisplay p = ProgressDisplay.quiet(BenchMain.runs(plan, settings))) {
            report = BenchMain.measure(plan, settings, log, p, true, null);
        }
        assertThat(report.complete()).as("warnings: %s", report.warnings()).isTrue();
        assertThat(report.settings().aotForks()).isEqualTo(2);
        assertThat(report.rows())
                .extracting(ResultRow::name)
                .containsExactly(
                        "trained-n1",
                        "trained-n1-cold",
                        "trained-n1-cold-aot",
                        "trained-n2",
                        "trained-n2-cold",
                        "trained-n2-cold-aot");
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.ours()).isPositive());
        String jmh = Files.readString(log);
        assertThat(jmh.split("# AOT training: ", -1)).hasSize(2); // once for both parameter values
        assertThat(jmh).contains("AOTCache creation is complete");
        assertThat(jmh.split("-XX:AOTMode=on", -1)).hasSize(3); // JMH prints the VM options once per value
        assertThat(jmh.split("# Fork: 2 of 2", -1)).hasSize(3);
        assertThat(System.getProperty("java.class.path")).isEqualTo(classpath); // restored
        assertThat(dir.resolve("aot.log.aot")).doesNotExist();
        StringWriter table = new StringWriter();
        Table.print(report, new PrintWriter(table));
        assertThat(table.toString()).contains("cold-aot: 2 forks x 1 shot", "trained-n2-cold-aot");
    }
}

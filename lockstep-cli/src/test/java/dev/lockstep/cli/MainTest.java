package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level command: help, version, errors, and the demo tour. */
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: lockstep", "demo", "bench", "help", "--version");
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        assertThat(run()).isZero();
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString())
                .containsPattern("lockstep \\d+\\.\\d+\\.\\d+")
                .contains("JVM: " + Runtime.version());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }

    @Test
    void helpBenchShowsTheSynopsisWithoutStartingAJvm() {
        assertThat(run("help", "bench")).isZero();
        assertThat(out.toString())
                .contains("lockstep bench SUITE [--quick] [--json FILE] [--plot FILE.png]")
                .contains("core, kernel, sync, io, flow, patch, cluster");
    }

    @Test
    void demoRunsEveryStepOfTheTourAndChecksItsResults() {
        assertThat(run("demo", "--workers", "2")).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("fib(30) forked all the way down (no threshold) = 832,040")
                .contains("sum of 0..9,999,999 = 49,999,995,000,000")
                .contains("all(...) = [0, 10, 20, 30, 40]")
                .contains("= 42")
                .contains("checksum ok")
                .contains("0 in use")
                .contains("3 computations")
                .doesNotContain("did not give the expected result");
    }
}

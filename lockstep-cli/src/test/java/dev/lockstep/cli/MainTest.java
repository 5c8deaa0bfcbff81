package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        assertThat(out.toString()).contains("Usage: lockstep", "demo", "bench", "trace", "help", "--version");
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

    /** The tour, traced: its trace file is real input for {@code lockstep trace summary}. */
    @Test
    void demoRunsEveryStepOfTheTourAndChecksItsResults(@TempDir Path dir) {
        Path trace = dir.resolve("demo.jsonl");
        assertThat(run("demo", "--workers", "2", "--trace", trace.toString()))
                .as(out.toString())
                .isZero();
        assertThat(out.toString())
                .contains("fib(30) forked all the way down (no threshold) = 832,040")
                .contains("sum of 0..9,999,999 = 49,999,995,000,000")
                .contains("all(...) = [0, 10, 20, 30, 40]")
                .contains("= 42")
                .contains("checksum ok")
                .contains("0 in use")
                .contains("3 computations")
                .contains("CONTINUATION:   4 rounds, interleaving abcabcaca (round robin)")
                .contains("VIRTUAL_THREAD: 4 rounds, interleaving abcabcaca (round robin)")
                .contains("replayed: outputs identical")
                .containsPattern("one flipped bit, reported: replay log .* is damaged at byte offset [0-9]+")
                .doesNotContain("did not give the expected result")
                .contains("written to " + trace);
        TraceSnapshot s = TraceSnapshot.read(trace);
        assertThat(s.events())
                .filteredOn(e -> e.kind().type() == TraceKind.Type.SPAN)
                .extracting(TraceEvent::phase)
                .containsExactly(Collections.nCopies(9, List.of(TracePhase.BEGIN, TracePhase.END)).stream()
                        .flatMap(List::stream)
                        .toArray(TracePhase[]::new));
        assertThat(s.events())
                .filteredOn(e -> e.kind().name().equals("demo.chunk"))
                .hasSizeGreaterThan(100);
        assertThat(s.events())
                .filteredOn(e -> e.kind().name().equals("demo.cancelled"))
                .hasSize(1);
        assertThat(s.threads()).hasSizeGreaterThan(1);
        out.getBuffer().setLength(0);
        assertThat(run("trace", "summary", trace.toString())).isZero();
        assertThat(out.toString())
                .containsPattern("demo\\.fork-join +demo +span +2 +1")
                .containsPattern("demo\\.cache +demo +span +2 +1")
                .contains("top 10 durations:", "step=", "passed=1");
    }

    @Test
    void demoRefusesATraceFileItCannotName() {
        assertThat(run("demo", "--trace", "t.txt")).isEqualTo(2);
        assertThat(err.toString()).contains("--trace: cannot tell the trace format of t.txt");
    }
}

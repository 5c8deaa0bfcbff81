package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceSnapshot;
import dev.lockstep.core.trace.TraceThread;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lockstep trace summary} and {@code convert} on real files. */
class TraceCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    static final TraceKind STEP =
            TraceKind.describe("cli.step", "cli", TraceKind.Type.SPAN, "request", "step", "status");
    static final TraceKind MARK = TraceKind.describe("cli.mark", "cli", TraceKind.Type.INSTANT, "tick", "a", "b");

    private Path sample() {
        List<TraceEvent> events = List.of(
                new TraceEvent(STEP, TracePhase.BEGIN, 1_000, 0, 7, 1, "main", 0, 0),
                new TraceEvent(MARK, TracePhase.INSTANT, 1_500, 0, 3, 2, "worker-1", 0, 0),
                new TraceEvent(STEP, TracePhase.COMPLETE, 2_000, 3_000_000, 8, 2, "worker-1", 2, 201),
                new TraceEvent(STEP, TracePhase.END, 2_001_000, 0, 7, 1, "main", 1, 200),
                new TraceEvent(STEP, TracePhase.END, 4_000_000, 0, 9, 1, "main", 1, 500));
        TraceSnapshot s = new TraceSnapshot(
                5_000_000,
                1_700_000_000_000L,
                List.of(new TraceThread(1, "main", 5, 2, 0), new TraceThread(2, "worker-1", 2, 0, 0)),
                0,
                events);
        Path file = dir.resolve("sample.jsonl");
        s.write(file);
        return file;
    }

    @Test
    void summaryCountsKindsRanksSpansAndReportsWhatWasLost() {
        Path file = sample();
        assertThat(run("trace", "summary", file.toString(), "--top", "5"))
                .as(err.toString())
                .isZero();
        String text = out.toString();
        assertThat(text).contains("trace " + file + ": 5 events from 2 threads over 3.999 ms");
        assertThat(text)
                .contains("dropped: 2 (overwritten in full rings: 2, with released rings of finished threads: 0)");
        assertThat(text).contains("unmatched ends: 1; unclosed begins: 0");
        assertThat(text).contains("events were lost");
        assertThat(text).containsPattern("cli\\.step +cli +span +4 +2 +5\\.000 ms +3\\.000 ms");
        assertThat(text).containsPattern("cli\\.mark +cli +instant +1 +- +- +-");
        assertThat(text).contains("top 5 durations:");
        assertThat(text)
                .containsPattern(
                        "1 +cli\\.step +3\\.000 ms +\\+1\\.000 us +worker-1 \\(2\\) +request=8 +step=2 status=201");
        assertThat(text)
                .containsPattern("2 +cli\\.step +2\\.000 ms +\\+0 ns +main \\(1\\) +request=7 +step=1 status=200");
        assertThat(text).containsPattern("1 +main +5 +2 +0 +3");
    }

    @Test
    void convertWritesEachFormatFromTheExtensionOrTheOption() throws Exception {
        Path in = sample();
        Path chrome = dir.resolve("out.json");
        assertThat(run("trace", "convert", in.toString(), chrome.toString())).isZero();
        assertThat(out.toString()).contains("wrote 5 events from 2 threads to " + chrome, "ui.perfetto.dev");
        assertThat(Files.readString(chrome)).startsWith("{\"traceEvents\":[").contains("\"ph\":\"X\"");

        Path jfr = dir.resolve("out.jfr");
        assertThat(run("trace", "convert", in.toString(), jfr.toString())).isZero();
        assertThat(out.toString()).contains("jfr print --events dev.lockstep.Trace");

        Path back = dir.resolve("back.data");
        assertThat(run("trace", "convert", jfr.toString(), back.toString(), "--to", "jsonl"))
                .as(err.toString())
                .isZero();
        assertThat(TraceSnapshot.read(back)).isEqualTo(TraceSnapshot.read(in));
    }

    @Test
    void badInputNamesTheFileAndLine() throws Exception {
        Path in = sample();
        List<String> lines = Files.readAllLines(in);
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, lines.get(0) + "\n" + lines.get(1) + "\n{\"kind\": oops}\n");
        assertThat(run("trace", "summary", bad.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("lockstep trace: " + bad + ":3: column 10: a JSON value was expected, found 'o'");
        assertThat(run("trace", "convert", bad.toString(), dir.resolve("x.json").toString()))
                .isEqualTo(1);
        assertThat(dir.resolve("x.json")).doesNotExist();
        assertThat(run("trace", "summary", dir.resolve("missing.jsonl").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("missing.jsonl does not exist");
    }

    @Test
    void usageErrorsExitWithTwo() {
        Path in = sample();
        assertThat(run("trace", "convert", in.toString(), dir.resolve("out.txt").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("cannot tell the trace format of", "out.txt");
        assertThat(run("trace", "convert", in.toString(), "x", "--to", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown trace format 'xml'");
        assertThat(run("trace", "summary", in.toString(), "--top", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--top must be 0 or more");
        assertThat(run("trace", "summary")).isEqualTo(2);
    }

    @Test
    void helpNamesTheSubcommands() {
        assertThat(run("trace", "--help")).isZero();
        assertThat(out.toString()).contains("summary", "convert");
        assertThat(run("trace", "convert", "--help")).isZero();
        assertThat(out.toString()).contains("--to", "chrome://tracing");
    }

    @Test
    void durationsUseTheLargestUnitThatKeepsANumberAboveOne() {
        assertThat(TraceCommand.duration(999)).isEqualTo("999 ns");
        assertThat(TraceCommand.duration(1_500)).isEqualTo("1.500 us");
        assertThat(TraceCommand.duration(2_345_678)).isEqualTo("2.346 ms");
        assertThat(TraceCommand.duration(3_000_000_000L)).isEqualTo("3.000 s");
    }
}

package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lockstep patch record} then {@code replay}: two replays of one log dump the same frames. */
class PatchRecordCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void recordThenReplayDumpsTheSameFramesForAnyWorkerCount() throws Exception {
        Path patch = PatchCommandTest.example("spiral-5k.json");
        Path log = dir.resolve("run.log");
        assertThat(run("patch", "record", patch.toString(), "--frames", "30", "--log", log.toString()))
                .as(err.toString())
                .isZero();
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertThat(run("patch", "replay", log.toString(), "--dump", a.toString()))
                .as(err.toString())
                .isZero();
        assertThat(run("patch", "replay", log.toString(), "--dump", b.toString(), "--workers", "2"))
                .as(err.toString())
                .isZero();
        assertThat(Files.readAllLines(a)).hasSize(30).isEqualTo(Files.readAllLines(b));
    }

    @Test
    void aLogThatIsNotAPatchRecordingIsRefused() throws Exception {
        Path log = dir.resolve("missing.log");
        assertThat(run(
                        "patch",
                        "replay",
                        log.toString(),
                        "--dump",
                        dir.resolve("x.jsonl").toString()))
                .isNotZero();
    }
}

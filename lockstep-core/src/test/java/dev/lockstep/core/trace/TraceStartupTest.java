package dev.lockstep.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system properties, read when {@code Trace} initialises: in a real child JVM. */
class TraceStartupTest {
    @TempDir
    Path dir;

    /** The child: records three events and exits; the shutdown hook writes the file. */
    public static final class Recorder {
        public static void main(String[] args) {
            TraceKind k = TraceKind.register("startup.mark", "startup", TraceKind.Type.INSTANT);
            for (int i = 0; i < 3; i++) {
                Trace.instant(k, i);
            }
            System.out.println("enabled=" + Trace.isEnabled() + " capacity="
                    + (Trace.options() == null ? "-" : Trace.options().capacityPerThread()));
        }
    }

    private String run(String... properties) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(properties));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Recorder.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void traceFilePropertyEnablesTracingAndWritesTheTraceAtExit() throws Exception {
        Path file = dir.resolve("exit.jsonl");
        String out = run("-Dlockstep.trace.file=" + file, "-Dlockstep.trace.capacity=100");
        assertThat(out).contains("enabled=true capacity=128");
        TraceSnapshot s = TraceSnapshot.read(file);
        assertThat(s.events()).extracting(TraceEvent::logicalTime).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aMalformedPropertyIsReportedAndTracingStaysOff() throws Exception {
        Path file = dir.resolve("never.txt");
        String out = run("-Dlockstep.trace.file=" + file);
        assertThat(out).contains("lockstep: tracing stays off: cannot tell the trace format of", "enabled=false");
        assertThat(file).doesNotExist();
        assertThat(run("-Dlockstep.trace=yes")).contains("lockstep.trace=yes is not true/false/on/off");
        assertThat(run()).contains("enabled=false");
    }
}

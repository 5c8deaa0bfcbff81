package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress helper: a bar on a terminal, a silent counter elsewhere. */
class ProgressTest {
    @Test
    void silentProgressCountsAndShowsNothing() {
        try (Progress p = Progress.silent()) {
            p.message("step one");
            p.step();
            p.stepBy(2);
            assertThat(p.visible()).isFalse();
            assertThat(p.current()).isEqualTo(3);
            assertThat(p.currentMessage()).isEqualTo("step one");
        }
    }

    @Test
    void startOffATerminalIsSilent() {
        // Test JVMs run with redirected streams, so there is no terminal here.
        assertThat(Progress.onTerminal()).isFalse();
        try (Progress p = Progress.start("task", 5)) {
            assertThat(p.visible()).isFalse();
        }
    }

    @Test
    void barDrawsTheTaskAndTheCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = Progress.toStream("loading", 4, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            assertThat(p.visible()).isTrue();
            p.message("item");
            for (int i = 0; i < 4; i++) {
                p.step();
            }
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("loading", "4/4", "item");
    }
}

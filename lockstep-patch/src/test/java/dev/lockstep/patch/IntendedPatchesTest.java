package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Oscilla patches Oscilla itself refuses, compiled with their intended semantics. */
class IntendedPatchesTest {
    @Test
    void feedbackRotationDrawsTwoRings() {
        PatchProgram p = PatchCompiler.compile(OscillaPatches.load("feedback-rotation"), Compatibility.INTENDED);
        PatchPlayer player = PatchPlayer.builder(p).build();
        RenderFrame f = null;
        for (int i = 0; i < 3; i++) {
            f = player.tick();
        }
        assertThat(f.ops()).hasSize(2);
        assertThat(f.ops().get(0).count()).isEqualTo(24);
        assertThat(f.ops().get(1).count()).isEqualTo(16);
    }

    @Test
    void feedbackSimpleDrawsTwoRings() {
        PatchProgram p = PatchCompiler.compile(OscillaPatches.load("feedback-simple"), Compatibility.INTENDED);
        PatchPlayer player = PatchPlayer.builder(p).build();
        RenderFrame f = player.tick();
        assertThat(f.ops()).hasSize(2);
        assertThat(f.ops().get(0).count()).isEqualTo(16);
        assertThat(f.ops().get(1).count()).isEqualTo(12);
    }

    @Test
    void errorIsolationDemoFailsNamingBlockAndPort() {
        Patch broken = OscillaPatches.load("error-isolation-demo"); // skips here when the folder is absent
        assertThatThrownBy(() -> PatchCompiler.compile(broken, Compatibility.INTENDED))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.blockId()).isEqualTo("b3");
                    assertThat(e.port()).isEqualTo("columns");
                    assertThat(e.getMessage()).contains("b3", "GridLayout", "'columns'");
                });
    }
}

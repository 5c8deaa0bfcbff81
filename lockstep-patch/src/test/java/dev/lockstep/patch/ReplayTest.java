package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayTest {
    static final int TICKS = 600;

    /** mouse-spiral with 5000 lanes, so that a 1024-lane threshold splits its field steps. */
    static String patchJson() {
        return PatchEdits.of("mouse-spiral").param("b5", "count", 5000).json();
    }

    static PatchInputs inputsAt(PatchInputs in, int tick) {
        return in.set("mouse.x", Math.sin(tick * 0.05))
                .set("mouse.y", (tick % 97) / 97.0)
                .set("mouse.button.left.held", tick / 50 % 2);
    }

    static List<Long> record(Path log) {
        List<Long> hashes = new ArrayList<>();
        PatchInputs in = new PatchInputs();
        try (PatchRecorder r =
                PatchRecorder.open(log, patchJson(), "mouse-spiral-5k", Compatibility.INTENDED, 42, 16.667, 1)) {
            for (int t = 0; t < TICKS; t++) {
                hashes.add(r.tick(inputsAt(in, t)).hash());
            }
        }
        return hashes;
    }

    static List<Long> replay(Path log, int workers) {
        List<Long> hashes = new ArrayList<>();
        try (PatchReplay r = PatchReplay.open(log, workers, 1024)) {
            RenderFrame f;
            while ((f = r.next()) != null) {
                hashes.add(f.hash());
            }
            assertThat(r.hasNext()).isFalse();
        }
        return hashes;
    }

    @Test
    void twoRecordedRunsGiveTheSameFrames(@TempDir Path dir) {
        List<Long> a = record(dir.resolve("a.log"));
        List<Long> b = record(dir.resolve("b.log"));
        assertThat(a).hasSize(TICKS).isEqualTo(b);
        assertThat(a.stream().distinct().count()).as("frames differ over time").isGreaterThan(TICKS / 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void replayGivesBitIdenticalFramesForEveryWorkerCount(int workers, @TempDir Path dir) {
        Path log = dir.resolve("run.log");
        List<Long> recorded = record(log);
        assertThat(replay(log, workers)).isEqualTo(recorded);
    }

    @Test
    void inputsChangeTheFrames(@TempDir Path dir) {
        // a replay that ignored the logged inputs would give these frames, not the recorded ones
        List<Long> recorded = record(dir.resolve("run.log"));
        try (PatchPlayer p = PatchPlayer.builder(PatchCompiler.compile(Patch.parse(patchJson(), "x")))
                .seed(42)
                .build()) {
            List<Long> noInputs = new ArrayList<>();
            for (int t = 0; t < TICKS; t++) {
                noInputs.add(p.tick().hash());
            }
            assertThat(noInputs).isNotEqualTo(recorded);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void parallelLanesGiveTheSameBitsAsOneThread(int workers) {
        PatchProgram p = PatchCompiler.compile(OscillaPatches.load("golden-spiral"));
        try (PatchPlayer one = PatchPlayer.builder(p).seed(7).build();
                PatchPlayer many = PatchPlayer.builder(p)
                        .seed(7)
                        .workers(workers)
                        .parallelThreshold(512)
                        .build()) {
            for (int t = 0; t < TICKS; t++) {
                assertThat(many.tick().hash())
                        .as("tick " + t)
                        .isEqualTo(one.tick().hash());
            }
        }
    }
}

package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every patch in the repository's examples/ folder compiles and runs 3 frames with something drawn. */
class ExamplePatchesTest {
    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            Path c = p.resolve("examples");
            if (Files.isDirectory(c) && Files.exists(c.resolve("spiral-5k.json"))) {
                return c;
            }
        }
        throw new IllegalStateException(
                "examples/ not found above " + Path.of("").toAbsolutePath());
    }

    static Stream<String> names() throws IOException {
        try (Stream<Path> s = Files.list(examples())) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void theExpectedExamplesArePresent() throws IOException {
        assertThat(names().toList())
                .contains("spiral-5k.json", "spiral-50k.json", "spiral-500k.json", "grid-camera.json");
    }

    @ParameterizedTest
    @MethodSource("names")
    void compilesAndRunsThreeFrames(String name) {
        PatchProgram program = PatchCompiler.compile(Patch.load(examples().resolve(name)));
        PatchPlayer player = PatchPlayer.builder(program).build();
        long previous = 0;
        for (int f = 0; f < 3; f++) {
            RenderFrame frame = player.tickAt(f * 16.667);
            List<DrawOp> ops = frame.ops();
            assertThat(ops).as(name + " frame " + f).isNotEmpty();
            assertThat(ops.get(0).count()).as(name + " count").isPositive();
            long h = frame.hash();
            assertThat(h)
                    .as(name + " frame " + f + " differs from the previous")
                    .isNotEqualTo(previous);
            previous = h;
        }
    }

    @Test
    void instanceCountsAreTheFileNames() {
        for (var e : List.of(
                new Object[] {"spiral-5k.json", 5000},
                new Object[] {"spiral-50k.json", 50_000},
                new Object[] {"spiral-500k.json", 500_000},
                new Object[] {"grid-camera.json", 400})) {
            PatchProgram program = PatchCompiler.compile(Patch.load(examples().resolve((String) e[0])));
            RenderFrame frame = PatchPlayer.builder(program).build().tickAt(0);
            assertThat(frame.ops().get(0).count()).as((String) e[0]).isEqualTo((int) e[1]);
        }
    }
}

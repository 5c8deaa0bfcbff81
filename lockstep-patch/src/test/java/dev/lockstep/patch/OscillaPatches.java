package dev.lockstep.patch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Oscilla patches and reference frames are: {@code -Dlockstep.oscilla.patches=DIR}, else the
 * first {@code shared/patches/oscilla} found beside the working directory or one of its parents. Tests
 * that need them are skipped, with that message, when the folder is absent (a fresh clone elsewhere).
 */
final class OscillaPatches {
    private OscillaPatches() {}

    static Path dir() {
        String prop = System.getProperty("lockstep.oscilla.patches");
        if (prop != null) {
            return Files.isDirectory(Path.of(prop)) ? Path.of(prop) : null;
        }
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            Path c = p.resolveSibling("shared").resolve("patches").resolve("oscilla");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    /** The folder, or the test is skipped with a message saying where it looked. */
    static Path require() {
        Path d = dir();
        assumeTrue(
                d != null,
                "Oscilla patches not found: set -Dlockstep.oscilla.patches=DIR or put them in "
                        + "../shared/patches/oscilla beside the repository; tests that need them are skipped");
        return d;
    }

    static Patch load(String name) {
        return Patch.load(require().resolve(name + ".json"));
    }
}

package dev.lockstep.bench.patch;

import dev.lockstep.bench.AllocPerOp;
import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Percentile;
import dev.lockstep.bench.Published;
import dev.lockstep.patch.Patch;
import dev.lockstep.patch.PatchCompiler;
import dev.lockstep.patch.PatchPlayer;
import dev.lockstep.patch.RenderFrame;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One tick of a patch player per operation (see package-info for the results). The frame is
 * returned, so JMH consumes it; the player fills the same buffers every tick.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PatchBench {
    static final String OSCILLA = "Oscilla (Node, published)";
    static final String SOURCE = "Oscilla's own runtime (oscilla-animator-v2 at 4f2678d2) on its golden-spiral demo"
            + " (5000 instances), ms per frame in Node on a 2-core machine, as given in the patch issue"
            + " (shared/patches/oscilla)";

    /** A player on one example patch, ticked at frame · 16.667 ms. */
    abstract static class Player {
        PatchPlayer player;

        abstract String file();

        /** Worker threads for the field lanes (1: the ticking thread alone). */
        int workers() {
            return 1;
        }

        @Setup
        public void setup() {
            player = PatchPlayer.builder(
                            PatchCompiler.compile(Patch.load(examples().resolve(file()))))
                    .dtMs(16.667)
                    .workers(workers())
                    .build();
            for (int i = 0; i < 3; i++) {
                player.tick(); // compile-time constants and first-tick state out of the measurement
            }
        }

        RenderFrame tick() {
            return player.tick();
        }

        @org.openjdk.jmh.annotations.TearDown
        public void close() {
            player.close(); // stops the lane workers, if any
        }
    }

    /**
     * Oscilla's own golden-spiral patch when ../shared/patches/oscilla is beside the checkout (the
     * patch the published figures are for), else examples/spiral-5k.json, the same computation
     * (5000 instances through golden angle, polar, jitter and HSV) written for this repository.
     */
    @State(Scope.Thread)
    public static class Spiral5k extends Player {
        @Override
        String file() {
            Path shared = examples().getParent().resolveSibling("shared").resolve("patches/oscilla/golden-spiral.json");
            return Files.exists(shared) ? shared.toString() : "spiral-5k.json";
        }
    }

    @State(Scope.Thread)
    public static class Spiral50k extends Player {
        @Override
        String file() {
            return "spiral-50k.json";
        }
    }

    @State(Scope.Thread)
    public static class Spiral500k extends Player {
        @Override
        String file() {
            return "spiral-500k.json";
        }
    }

    @State(Scope.Thread)
    public static class Spiral50kW2 extends Spiral50k {
        @Override
        int workers() {
            return 2;
        }
    }

    @State(Scope.Thread)
    public static class Spiral500kW2 extends Spiral500k {
        @Override
        int workers() {
            return 2;
        }
    }

    @Benchmark
    @Ours("golden-spiral-5k")
    @Published(peer = OSCILLA, value = 1.18, unit = "ms", source = "median; " + SOURCE)
    public RenderFrame goldenSpiral5k(Spiral5k s) {
        return s.tick();
    }

    @Benchmark
    @Ours("golden-spiral-5k-p95")
    @Percentile(95)
    @Published(peer = OSCILLA, value = 4.9, unit = "ms", source = "95th percentile; " + SOURCE)
    public RenderFrame goldenSpiral5kP95(Spiral5k s) {
        return s.tick();
    }

    @Benchmark
    @Ours("instances-50k")
    public RenderFrame instances50k(Spiral50k s) {
        return s.tick();
    }

    @Benchmark
    @Ours("instances-500k")
    public RenderFrame instances500k(Spiral500k s) {
        return s.tick();
    }

    @Benchmark
    @Ours("instances-50k-w2")
    public RenderFrame instances50kW2(Spiral50kW2 s) {
        return s.tick();
    }

    @Benchmark
    @Ours("instances-500k-w2")
    public RenderFrame instances500kW2(Spiral500kW2 s) {
        return s.tick();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Ours("alloc-per-tick")
    @AllocPerOp
    public RenderFrame allocPerTick(Spiral5k s) {
        return s.tick();
    }

    /**
     * The examples folder: {@code -Dlockstep.patch.examples}, else {@code examples/} in the checkout
     * these classes were built in (target/classes is two levels below the module), else above the
     * working directory.
     */
    static Path examples() {
        String prop = System.getProperty("lockstep.patch.examples");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path classes = Path.of(PatchBench.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path p = classes; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve("examples").resolve("spiral-5k.json"))) {
                    return p.resolve("examples");
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("examples").resolve("spiral-5k.json"))) {
                return p.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/spiral-5k.json not found beside the bench classes or above "
                + Path.of("").toAbsolutePath() + "; set -Dlockstep.patch.examples=DIR");
    }
}

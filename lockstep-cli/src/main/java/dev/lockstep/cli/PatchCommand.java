package dev.lockstep.cli;

import dev.lockstep.patch.Compatibility;
import dev.lockstep.patch.FrameJson;
import dev.lockstep.patch.Patch;
import dev.lockstep.patch.PatchCompiler;
import dev.lockstep.patch.PatchException;
import dev.lockstep.patch.PatchPlayer;
import dev.lockstep.patch.PatchProgram;
import dev.lockstep.patch.RenderFrame;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep patch run} and {@code lockstep patch render}: load an Oscilla patch (persisted JSON),
 * compile it, tick it {@code --frames} times at {@code tAbsMs = frame · dt} and either dump the render
 * frames as JSON Lines ({@link FrameJson}, Oscilla's render frame v2) or rasterize them ({@link
 * FrameRaster}) to PNG files or an animated GIF. Exit codes: 0 done, 1 the patch cannot be read,
 * compiled or run (the message is the {@link PatchException}'s, naming the file, block and port), or
 * an output cannot be written; 2 bad usage.
 */
@Command(
        name = "patch",
        mixinStandardHelpOptions = true,
        description = "Run Oscilla animator patches: dump their render frames as JSON Lines, or render them to images.",
        subcommands = {
            PatchCommand.Run.class,
            PatchCommand.Render.class,
            PatchRecordCommand.Record.class,
            PatchRecordCommand.Replay.class
        })
final class PatchCommand implements Runnable {
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both subcommands take. */
    static final class Playback {
        @Parameters(index = "0", paramLabel = "PATCH", description = "An Oscilla patch file (persisted JSON form).")
        Path patch;

        @Option(names = "--frames", paramLabel = "N", required = true, description = "How many frames to tick.")
        int frames;

        @Option(
                names = "--dt",
                paramLabel = "MS",
                defaultValue = "16.667",
                description =
                        "Milliseconds between frames: frame f runs at tAbsMs = f * dt (default ${DEFAULT-VALUE}).")
        double dtMs;

        @Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "0",
                description = "Seed of the patch's random sources (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--oscilla",
                description = "Reproduce Oscilla's own runtime output, quirks included (Compatibility.OSCILLA).")
        boolean oscilla;

        void check(CommandSpec spec) {
            if (frames < 1) {
                throw new ParameterException(spec.commandLine(), "--frames must be 1 or more, not " + frames);
            }
            if (!(dtMs > 0) || Double.isInfinite(dtMs)) {
                throw new ParameterException(spec.commandLine(), "--dt must be a positive number of ms, not " + dtMs);
            }
        }

        /** Loads and compiles the patch; throws PatchException naming what is wrong. */
        PatchPlayer player() {
            Patch p = Patch.load(patch);
            PatchProgram program = PatchCompiler.compile(p, oscilla ? Compatibility.OSCILLA : Compatibility.INTENDED);
            return PatchPlayer.builder(program).seed(seed).dtMs(dtMs).build();
        }
    }

    private static int fail(CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lockstep patch: " + message);
        err.flush();
        return FAILED;
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Tick a patch and write one JSON line per frame (Oscilla's render frame v2).",
                "Each line: {frame, tAbsMs, version:2, ops:[{kind, geometry:{topologyId, params}, instances:{count,"
                        + " position, size, rotation, depth}, style:{fillColor (RGBA 0-255), fillRule}}]}."
            })
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Playback playback;

        @Option(
                names = "--dump",
                paramLabel = "FILE.jsonl",
                required = true,
                description = "The JSON Lines file to write.")
        Path dump;

        @Override
        public Integer call() {
            playback.check(spec);
            long start = System.nanoTime();
            long instances = 0;
            try (Progress progress = Progress.start("patch run", playback.frames)) {
                PatchPlayer player = playback.player();
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(dump), 1 << 16);
                        FrameJson json = new FrameJson(os)) {
                    for (int f = 0; f < playback.frames; f++) {
                        RenderFrame frame = player.tickAt(f * playback.dtMs);
                        json.write(f, frame);
                        instances +=
                                frame.ops().stream().mapToLong(op -> op.count()).sum();
                        progress.step();
                    }
                }
            } catch (PatchException e) {
                return fail(spec, e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                return fail(spec, "cannot write " + dump + ": " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    Locale.ROOT,
                    "wrote %d frames (%,d instances) to %s in %.1f ms%n",
                    playback.frames,
                    instances,
                    dump,
                    (System.nanoTime() - start) / 1e6);
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description = {
                "Tick a patch and rasterize its frames (antialiased Java2D) to PNG files or an animated GIF.",
                "Screen positions are Oscilla's: x and y in [0, 1], y = 0 at the top. Ellipse rx, ry and rect width,"
                        + " height are fractions of the image width, times each instance's size."
            })
    static final class Render implements Callable<Integer> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)[xX](\\d+)");

        @Spec
        CommandSpec spec;

        @Mixin
        Playback playback;

        @Option(
                names = "--size",
                paramLabel = "WxH",
                defaultValue = "512x512",
                description = "Image size in pixels (default ${DEFAULT-VALUE}).")
        String size;

        @Option(
                names = "--out",
                paramLabel = "DIR|FILE.gif",
                required = true,
                description = "A .gif file (animated, one frame per tick) or a directory for frame-00000.png, ...")
        Path out;

        @Override
        public Integer call() {
            playback.check(spec);
            if (System.getProperty("java.awt.headless") == null) {
                System.setProperty("java.awt.headless", "true"); // images only, never a window
            }
            Matcher m = SIZE.matcher(size);
            if (!m.matches()
                    || Integer.parseInt(m.group(1)) < 1
                    || Integer.parseInt(m.group(2)) < 1
                    || Integer.parseInt(m.group(1)) > 16384
                    || Integer.parseInt(m.group(2)) > 16384) {
                throw new ParameterException(
                        spec.commandLine(), "--size must be WxH in pixels (1 to 16384), not " + size);
            }
            int w = Integer.parseInt(m.group(1));
            int h = Integer.parseInt(m.group(2));
            boolean gif = out.getFileName() != null
                    && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif");
            long start = System.nanoTime();
            try (Progress progress = Progress.start("patch render", playback.frames)) {
                PatchPlayer player = playback.player();
                FrameRaster raster = new FrameRaster(w, h);
                if (gif) {
                    try (GifWriter writer = new GifWriter(out, playback.dtMs)) {
                        for (int f = 0; f < playback.frames; f++) {
                            writer.add(raster.draw(player.tickAt(f * playback.dtMs)));
                            progress.step();
                        }
                    }
                } else {
                    Files.createDirectories(out);
                    for (int f = 0; f < playback.frames; f++) {
                        BufferedImage img = raster.draw(player.tickAt(f * playback.dtMs));
                        Path file = out.resolve(String.format(Locale.ROOT, "frame-%05d.png", f));
                        if (!ImageIO.write(img, "png", file.toFile())) {
                            return fail(spec, "no PNG writer in this JVM");
                        }
                        progress.step();
                    }
                }
            } catch (PatchException e) {
                return fail(spec, e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                return fail(spec, "cannot write " + out + ": " + e.getMessage());
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf(
                    Locale.ROOT,
                    "rendered %d frames of %dx%d to %s in %.1f ms%n",
                    playback.frames,
                    w,
                    h,
                    out,
                    (System.nanoTime() - start) / 1e6);
            o.flush();
            return 0;
        }
    }
}

package dev.lockstep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.patch.Compatibility;
import dev.lockstep.patch.FrameJson;
import dev.lockstep.patch.PatchException;
import dev.lockstep.patch.PatchInputs;
import dev.lockstep.patch.PatchRecorder;
import dev.lockstep.patch.PatchReplay;
import dev.lockstep.patch.RenderFrame;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep patch record} and {@code lockstep patch replay}: record a run of a patch (patch text,
 * seed, dt and per-tick inputs) into a replay log, and replay a log into frames (JSON Lines), bit
 * for bit. Inputs come from a JSON Lines file, one object per line: {@code {"frame": 10, "mouse.x":
 * 0.5}} sets channels from that frame on (a channel keeps its value until set again).
 */
final class PatchRecordCommand {
    private PatchRecordCommand() {}

    @Command(
            name = "record",
            mixinStandardHelpOptions = true,
            description = "Run a patch and record its inputs into a replay log.")
    static final class Record implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATCH", description = "An Oscilla patch file (persisted JSON form).")
        Path patch;

        @Option(names = "--frames", paramLabel = "N", required = true, description = "How many frames to tick.")
        int frames;

        @Option(names = "--inputs", paramLabel = "FILE", description = "Input changes, JSON Lines.")
        Path inputs;

        @Option(names = "--log", paramLabel = "FILE", required = true, description = "The replay log to write.")
        Path log;

        @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--dt", defaultValue = "16.667", description = "Frame step in ms (default ${DEFAULT-VALUE}).")
        double dtMs;

        @Option(names = "--oscilla", description = "Oscilla compatibility mode.")
        boolean oscilla;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            if (frames < 0) {
                err.println("patch record: --frames must be >= 0, got " + frames);
                return 2;
            }
            List<JsonNode> changes = readInputs(inputs);
            Iterator<JsonNode> next = changes.iterator();
            JsonNode pending = next.hasNext() ? next.next() : null;
            PatchInputs in = new PatchInputs();
            try (PatchRecorder r = PatchRecorder.open(
                    log,
                    Files.readString(patch),
                    patch.toString(),
                    oscilla ? Compatibility.OSCILLA : Compatibility.INTENDED,
                    seed,
                    dtMs,
                    1)) {
                for (int f = 0; f < frames; f++) {
                    while (pending != null && pending.path("frame").asLong() <= f) {
                        for (Map.Entry<String, JsonNode> e : pending.properties()) {
                            if (!e.getKey().equals("frame")) {
                                in.set(e.getKey(), e.getValue().asDouble());
                            }
                        }
                        pending = next.hasNext() ? next.next() : null;
                    }
                    r.tick(in);
                }
            } catch (PatchException e) {
                err.println("patch record: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println("recorded " + frames + " frames of " + patch + " into " + log);
            return 0;
        }

        private static List<JsonNode> readInputs(Path file) throws IOException {
            List<JsonNode> out = new ArrayList<>();
            if (file == null) {
                return out;
            }
            ObjectMapper m = new ObjectMapper();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(m.readTree(line));
                }
            }
            out.sort((a, b) ->
                    Long.compare(a.path("frame").asLong(), b.path("frame").asLong()));
            return out;
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "Replay a recorded patch run and dump its frames as JSON Lines.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOG", description = "A log written by 'patch record'.")
        Path log;

        @Option(names = "--dump", paramLabel = "FILE.jsonl", required = true, description = "The JSON Lines file.")
        Path dump;

        @Option(names = "--workers", defaultValue = "1", description = "Lane workers (same bits for any count).")
        int workers;

        @Override
        public Integer call() throws IOException {
            long frames = 0;
            try (PatchReplay r = PatchReplay.open(log, workers);
                    OutputStream os = new BufferedOutputStream(Files.newOutputStream(dump), 1 << 16);
                    FrameJson json = new FrameJson(os)) {
                RenderFrame f;
                while ((f = r.next()) != null) {
                    json.write(frames++, f);
                }
            } catch (PatchException e) {
                spec.commandLine().getErr().println("patch replay: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println("replayed " + frames + " frames from " + log + " into " + dump);
            return 0;
        }
    }
}

package dev.lockstep.cli;

import dev.lockstep.core.random.RandomStreams;
import dev.lockstep.core.random.SplitRandom;
import dev.lockstep.core.replay.Durability;
import dev.lockstep.core.replay.ReplayCursor;
import dev.lockstep.core.replay.ReplayDamageException;
import dev.lockstep.core.replay.ReplayLog;
import dev.lockstep.core.replay.ReplayRecord;
import dev.lockstep.core.replay.ReplayRecorder;
import dev.lockstep.core.time.Clock;
import dev.lockstep.core.time.RecordingClock;
import dev.lockstep.core.time.ReplayClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's kernel steps (issue 3): a run recorded and replayed to the same output, and a
 * damaged log reported by offset. Kept apart from {@link DemoCommand} so that file stays small.
 */
final class KernelDemo {
    private KernelDemo() {}

    /** A tiny program whose output depends on a clock, a seeded stream and an input per tick. */
    private static List<Long> program(Clock clock, SplitRandom noise, InputSource inputs) {
        List<Long> out = new ArrayList<>();
        long acc = 0;
        long t0 = clock.nanoTime();
        for (long tick = 0; tick < 20; tick++) {
            long input = inputs.at(tick);
            long jitter = (clock.nanoTime() - t0) & 0xff; // depends on the real clock when recording
            acc = acc * 31 + input + noise.nextInt(1000) + jitter;
            out.add(acc);
        }
        return out;
    }

    @FunctionalInterface
    private interface InputSource {
        long at(long tick);
    }

    /** Records a run (clock readings and inputs) into a log, replays it, and checks the outputs match. */
    static boolean replay(PrintWriter out) throws IOException {
        Path dir = Files.createTempDirectory("lockstep-demo-replay");
        Path log = dir.resolve("run.log");
        try {
            long seed = 2026;
            List<Long> recorded;
            try (ReplayRecorder rec = ReplayLog.record(log, Durability.onClose())) {
                long[] tick = {0};
                Clock clock = new RecordingClock(Clock.system(), rec.clockListener("clock", () -> tick[0]));
                SplitRandom inputsRng = new SplitRandom(System.nanoTime()); // an outside world we cannot rerun
                recorded = program(clock, new RandomStreams(seed).stream("noise"), t -> {
                    tick[0] = t;
                    long v = inputsRng.nextInt(100);
                    rec.append(t, "input", v);
                    return v;
                });
            }
            List<Long> replayed;
            try (ReplayCursor cursor = ReplayLog.cursor(log)) {
                ReplayClock clock = new ReplayClock(ReplayLog.clockReadings(log, "clock"));
                replayed = program(clock, new RandomStreams(seed).stream("noise"), t -> {
                    for (ReplayRecord r : cursor.recordsAt(t)) {
                        if (r.source().equals("input")) {
                            return r.value(Long.class);
                        }
                    }
                    throw new IllegalStateException("no input recorded at tick " + t);
                });
            }
            out.printf(
                    "   recorded 20 ticks (%,d bytes: inputs and clock readings), replayed: outputs %s (last %d)%n",
                    Files.size(log), recorded.equals(replayed) ? "identical" : "DIFFERENT", replayed.getLast());

            byte[] bytes = Files.readAllBytes(log);
            bytes[bytes.length / 2] ^= 0x10;
            Path damaged = dir.resolve("damaged.log");
            Files.write(damaged, bytes);
            boolean reported = false;
            try {
                ReplayLog.verify(damaged);
            } catch (ReplayDamageException e) {
                reported = e.offset() >= 0;
                out.println("   one flipped bit, reported: " + e.getMessage());
            }
            return recorded.equals(replayed) && reported;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}

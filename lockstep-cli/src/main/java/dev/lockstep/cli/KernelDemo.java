package dev.lockstep.cli;

import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineBackend;
import dev.lockstep.core.coroutine.CoroutineState;
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

    /**
     * Three coroutines on each backend, resumed round robin by this thread: each appends its
     * name to a shared log and yields, a different number of times. The interleaving must be
     * exactly round robin, on both backends.
     */
    static boolean coroutines(PrintWriter out) {
        boolean ok = true;
        for (CoroutineBackend backend : CoroutineBackend.values()) {
            if (!backend.isAvailable()) {
                out.println("   " + backend + ": not available in this JVM");
                continue;
            }
            StringBuilder log = new StringBuilder();
            List<Coroutine<StringBuilder>> all = new ArrayList<>();
            int[] yields = {3, 1, 2};
            for (int i = 0; i < yields.length; i++) {
                String name = String.valueOf((char) ('a' + i));
                int n = yields[i];
                all.add(Coroutine.create(name, log, backend, self -> {
                    for (int k = 0; k <= n; k++) {
                        self.context().append(self.name());
                        if (k < n) {
                            Coroutine.yield();
                        }
                    }
                }));
            }
            int rounds = 0;
            while (all.stream().anyMatch(c -> c.state() != CoroutineState.DONE)) {
                rounds++;
                for (Coroutine<StringBuilder> c : all) {
                    if (c.state() != CoroutineState.DONE) {
                        c.resume();
                    }
                }
            }
            boolean same = log.toString().equals("abcabcaca");
            ok &= same;
            out.printf(
                    "   %-15s %d rounds, interleaving %s %s%s%n",
                    backend + ":",
                    rounds,
                    log,
                    same ? "(round robin)" : "(expected abcabcaca)",
                    backend == CoroutineBackend.defaultBackend() ? "  <- default here" : "");
        }
        return ok;
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

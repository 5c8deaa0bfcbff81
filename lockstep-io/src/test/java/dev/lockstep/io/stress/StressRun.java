package dev.lockstep.io.stress;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.Channel;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.PoolMode;
import dev.lockstep.io.stress.StressPlan.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs one seed: two runtimes of one backend on two platform threads, each running its side of
 * the seed's {@link StressPlan}, and a watchdog (the calling thread) with a wall-clock budget.
 *
 * <p>Outcomes: the first task failure (a byte mismatch names the step and the byte offset) stops
 * both runtimes and fails the run; a run over its budget fails with what each task was doing, after
 * {@link IoRuntime#stop()} on both runtimes from the watchdog (the run returns even if a loop does
 * not end); a run that ends with units of work not done fails too (a loop that returned early).
 * Every failure message starts with the seed and says how to rerun it.
 */
public final class StressRun {
    /** A deliberate fault, to show that the test catches it (the harness's own tests). */
    public enum Fault {
        NONE,
        /** Side A flips one byte of the first chunk it sends: the receiver must name its offset. */
        CORRUPT,
        /** Side A parks for good in its first segment: the watchdog must end the run. */
        HANG
    }

    /** What a run checked (both sides): bytes over TCP, bytes read back from files, TIMED_OUTs, CANCELLEDs. */
    public record Stats(long tcpBytes, long fileBytes, long timedOut, long cancelled) {
        public Stats plus(Stats o) {
            return new Stats(
                    tcpBytes + o.tcpBytes, fileBytes + o.fileBytes, timedOut + o.timedOut, cancelled + o.cancelled);
        }
    }

    private StressRun() {}

    /**
     * Runs {@code seed}; returns what it checked if every byte arrived as planned.
     *
     * @throws AssertionError naming the seed, and the step and byte offset of a mismatch, or the
     *     watchdog's dump
     */
    public static Stats run(
            BackendKind kind, long seed, StressPlan.Size size, Path root, Duration budget, Fault fault) {
        StressPlan plan = StressPlan.generate(seed, size);
        String name = "seed " + seed + " on " + kind + " (rerun: -Dlockstep.io.stress.seed=" + seed
                + (size == StressPlan.Size.LONG ? " -Dlockstep.stress=long" : "") + ")";
        Path dir = root.resolve("seed-" + seed);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IoRuntime[] rts = new IoRuntime[2];
        Channel<Integer> aToB = Channel.spsc(1);
        Channel<Integer> bToA = Channel.spsc(1);
        StressSide[] sides = new StressSide[2];
        for (Side s : Side.values()) {
            StressPlan.Settings set = plan.settings(s);
            rts[s.ordinal()] = IoRuntime.builder()
                    .name("stress-" + s + "-" + seed)
                    .backend(kind)
                    .pool(set.staticPool() ? PoolMode.STATIC : PoolMode.GROW, set.poolSize())
                    .blockingThreads(set.blockingThreads())
                    .onFailure((h, e) -> {
                        if (failure.compareAndSet(null, e)) {
                            rts[0].stop(); // the other side would wait for it forever
                            rts[1].stop();
                        }
                    })
                    .build();
            sides[s.ordinal()] = new StressSide(
                    plan,
                    s,
                    rts[s.ordinal()],
                    dir.resolve(s.name()),
                    s == Side.A ? bToA : aToB,
                    s == Side.A ? aToB : bToA,
                    fault);
        }
        try {
            if (Files.exists(dir)) {
                deleteTree(dir); // left by an earlier failed run of this seed
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CountDownLatch ended = new CountDownLatch(2);
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            threads[i] = Thread.ofPlatform()
                    .name(rts[i].name())
                    .daemon(true) // a loop that never ends must not keep the JVM alive
                    .start(() -> {
                        try {
                            sides[k].start();
                            rts[k].run();
                        } catch (RuntimeException | Error e) {
                            if (failure.compareAndSet(null, e)) {
                                rts[1 - k].stop();
                            }
                        } finally {
                            ended.countDown();
                        }
                    });
        }
        boolean inTime = await(ended, budget.toNanos());
        if (!inTime) {
            String dump = "watchdog: " + name + " not done within " + budget.toMillis() + " ms (" + plan.summary()
                    + "); what each task was doing:\n" + sides[0].dump() + sides[1].dump() + stacks(threads);
            rts[0].stop();
            rts[1].stop();
            boolean stopped = await(ended, TimeUnit.SECONDS.toNanos(10));
            throw new AssertionError(
                    dump + (stopped ? "both runtimes stopped" : "a loop did not end within 10 s of stop()"),
                    failure.get());
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new AssertionError(name + " failed: " + f.getMessage() + "\n  plan: " + plan.summary(), f);
        }
        for (Side s : Side.values()) {
            int done = sides[s.ordinal()].done.get();
            if (done != plan.units(s)) {
                throw new AssertionError(name + ": side " + s + "'s loop ended with " + done + " of " + plan.units(s)
                        + " units done\n" + sides[0].dump() + sides[1].dump());
            }
        }
        deleteTree(dir);
        StressSide a = sides[0];
        StressSide b = sides[1]; // their fields: written by the loops, which ended before the latch opened
        return new Stats(
                a.tcpChecked + b.tcpChecked,
                a.fileChecked + b.fileChecked,
                a.timedOut + b.timedOut,
                a.cancelled + b.cancelled);
    }

    private static boolean await(CountDownLatch latch, long nanos) {
        try {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the runtimes", e);
        }
    }

    private static String stacks(Thread[] threads) {
        StringBuilder sb = new StringBuilder();
        for (Thread t : threads) {
            sb.append("  loop thread ")
                    .append(t.getName())
                    .append(" (")
                    .append(t.getState())
                    .append(")\n");
            StackTraceElement[] st = t.getStackTrace();
            for (int i = 0; i < Math.min(12, st.length); i++) {
                sb.append("      at ").append(st[i]).append('\n');
            }
        }
        return sb.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

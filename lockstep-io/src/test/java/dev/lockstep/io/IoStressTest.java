package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.io.stress.StressPlan;
import dev.lockstep.io.stress.StressRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeded end-to-end stress test: per seed, two runtimes of one backend run random chains of
 * TCP and file operations against each other (plans in {@link StressPlan}, run by {@link
 * StressRun}), checking every byte, under a watchdog.
 *
 * <p>Seeds: 1..200 by default and in CI ({@code lockstep.stress=short}); with {@code
 * -Dlockstep.stress=long}, 2000 seeds with longer chains from a random base (printed, and named in
 * any failure), or from {@code -Dlockstep.io.stress.base=N}. One seed alone: {@code
 * -Dlockstep.io.stress.seed=N}. Each backend is one test (not one per seed, which would be 200
 * reports per backend); it stops at the first failing seed, whose message says how to rerun it.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES) // each seed has its own watchdog; this only bounds the whole
class IoStressTest {
    private static final boolean LONG = "long".equals(System.getProperty("lockstep.stress", "short"));
    private static final StressPlan.Size SIZE = LONG ? StressPlan.Size.LONG : StressPlan.Size.SHORT;
    private static final Duration BUDGET = Duration.ofSeconds(LONG ? 60 : 30);

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void randomChainsOfTcpAndFileOperationsArriveByteForByte(BackendKind kind) {
        assumeAvailable(kind);
        String one = System.getProperty("lockstep.io.stress.seed");
        long first;
        int count;
        if (one != null && !one.isBlank()) {
            first = Long.parseLong(one.trim());
            count = 1;
        } else if (LONG) {
            String base = System.getProperty("lockstep.io.stress.base");
            first = base != null
                    ? Long.parseLong(base.trim())
                    : ThreadLocalRandom.current().nextLong(1L << 40);
            count = 2000;
        } else {
            first = 1;
            count = 200;
        }
        System.out.printf("IoStressTest: %d seeds from %d (%s) on %s%n", count, first, SIZE, kind);
        long t0 = System.nanoTime();
        StressRun.Stats total = new StressRun.Stats(0, 0, 0, 0);
        for (long seed = first; seed < first + count; seed++) {
            total = total.plus(StressRun.run(kind, seed, SIZE, dir, BUDGET, StressRun.Fault.NONE));
        }
        System.out.printf(
                "IoStressTest: %d seeds from %d (%s) on %s in %.1f s: %.1f MiB checked over TCP and Unix sockets, %.1f MiB read"
                        + " back from files, %d TIMED_OUTs, %d CANCELLEDs%n",
                count,
                first,
                SIZE,
                kind,
                (System.nanoTime() - t0) / 1e9,
                total.tcpBytes() / 1048576.0,
                total.fileBytes() / 1048576.0,
                total.timedOut(),
                total.cancelled());
        assertThat(total.tcpBytes()).isPositive(); // the chains did move bytes
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aCorruptedByteFailsNamingTheSeedTheStepAndTheOffset(BackendKind kind) {
        assumeAvailable(kind);
        long seed = firstSeedWhereASends();
        assertThatThrownBy(() -> StressRun.run(kind, seed, SIZE, dir, BUDGET, StressRun.Fault.CORRUPT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("seed " + seed + " on " + kind)
                .hasMessageContaining("-Dlockstep.io.stress.seed=" + seed)
                .hasMessageMatching("(?s).*step \\d+ .*byte offset \\d+ differs.*");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aHungSideTripsTheWatchdogWhichNamesTheSeedAndStopsBothRuntimes(BackendKind kind) {
        assumeAvailable(kind);
        long seed = 7;
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> StressRun.run(kind, seed, SIZE, dir, Duration.ofSeconds(3), StressRun.Fault.HANG));
        assertThat(t)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("watchdog: seed " + seed + " on " + kind)
                .hasMessageContaining("fault HANG: parked for good")
                .hasMessageContaining("WAITING_TRIGGER")
                .hasMessageContaining("both runtimes stopped");
    }

    /** Skips, as the other suites do (through IoBackends), where {@code kind} cannot run here. */
    private static void assumeAvailable(BackendKind kind) {
        IoRuntime rt = IoBackends.runtime(kind);
        rt.stop();
        rt.run(); // a stopped loop only releases the backend
    }

    /** The first seed whose plan has a step in which side A sends a payload (CORRUPT flips it). */
    private static long firstSeedWhereASends() {
        for (long seed = 1; ; seed++) {
            boolean sends = StressPlan.generate(seed, SIZE).conns().stream()
                    .flatMap(c -> c.segments().stream())
                    .flatMap(g -> g.steps().stream())
                    .anyMatch(s -> s.from() == StressPlan.Side.A
                            && s.kind() != StressPlan.Kind.TIMEOUT
                            && s.kind() != StressPlan.Kind.RACE);
            if (sends) {
                return seed;
            }
        }
    }
}

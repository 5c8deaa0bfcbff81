package dev.lockstep.bench;

import java.time.Duration;

/**
 * How long JMH measures. Quick mode fits a suite of about 16 benchmarks into two minutes on two
 * cores: 1 fork, 2 warmup iterations of 500 ms, 3 measurement iterations of 1 s (about 5 s per
 * benchmark with the fork's start). Full mode is the one to quote: 2 forks, 3 warmup iterations
 * of 2 s and 5 measurement iterations of 2 s (about 35 s per benchmark). Both are JMH options,
 * so they override any {@code @Fork}, {@code @Warmup} or {@code @Measurement} on a class; each
 * number can be overridden again on the command line. {@link Cold} benchmarks run a second time,
 * each in {@code coldForks} fresh JVMs (quick 3, full 5) with one single shot and no warmup; those
 * with an AOT training class ({@link Cold#aotTraining()}) a third time, in {@code aotForks} fresh
 * JVMs started from the AOT cache (as many as the cold forks; on by default in full mode only).
 *
 * @param forks JMH forks (0 runs in the runner's own JVM: only for debugging)
 * @param warmupIterations warmup iterations per fork
 * @param warmupTime length of one warmup iteration
 * @param iterations measurement iterations per fork
 * @param iterationTime length of one measurement iteration
 * @param coldForks forks of a cold run, one single shot each; {@code null} when the run has no
 *     {@link Cold} benchmark (then absent from the summary and the JSON)
 * @param aotForks forks of the AOT cold run, one single shot each; {@code null} when there is none
 *     (then absent from the summary and the JSON)
 */
record RunSettings(
        int forks,
        int warmupIterations,
        Duration warmupTime,
        int iterations,
        Duration iterationTime,
        Integer coldForks,
        Integer aotForks) {
    RunSettings {
        if (coldForks != null && coldForks < 1) {
            throw new IllegalArgumentException("--cold-forks must be 1 or more, not " + coldForks);
        }
        if (aotForks != null && aotForks < 1) {
            throw new IllegalArgumentException("AOT cold forks must be 1 or more, not " + aotForks);
        }
        if (forks < 0) {
            throw new IllegalArgumentException("--forks must be 0 or more, not " + forks);
        }
        if (warmupIterations < 0) {
            throw new IllegalArgumentException("--warmups must be 0 or more, not " + warmupIterations);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be 1 or more, not " + iterations);
        }
        if (warmupTime.isNegative() || warmupTime.isZero() || iterationTime.isNegative() || iterationTime.isZero()) {
            throw new IllegalArgumentException(
                    "iteration times must be positive, not " + warmupTime + " and " + iterationTime);
        }
    }

    /** Settings without cold runs. */
    RunSettings(int forks, int warmupIterations, Duration warmupTime, int iterations, Duration iterationTime) {
        this(forks, warmupIterations, warmupTime, iterations, iterationTime, null, null);
    }

    /** Settings without an AOT cold run. */
    RunSettings(
            int forks,
            int warmupIterations,
            Duration warmupTime,
            int iterations,
            Duration iterationTime,
            Integer coldForks) {
        this(forks, warmupIterations, warmupTime, iterations, iterationTime, coldForks, null);
    }

    static final int QUICK_COLD_FORKS = 3;
    static final int FULL_COLD_FORKS = 5;

    /** Quick mode, without cold runs (see {@link #withColdForks}). */
    static RunSettings quick() {
        return new RunSettings(1, 2, Duration.ofMillis(500), 3, Duration.ofSeconds(1));
    }

    /** Full mode, without cold runs. */
    static RunSettings full() {
        return new RunSettings(2, 3, Duration.ofSeconds(2), 5, Duration.ofSeconds(2));
    }

    RunSettings with(Integer forks, Integer warmups, Duration warmupTime, Integer iterations, Duration iterationTime) {
        return new RunSettings(
                forks != null ? forks : this.forks,
                warmups != null ? warmups : this.warmupIterations,
                warmupTime != null ? warmupTime : this.warmupTime,
                iterations != null ? iterations : this.iterations,
                iterationTime != null ? iterationTime : this.iterationTime,
                coldForks,
                aotForks);
    }

    /** The same settings with cold runs of {@code coldForks} forks ({@code null}: none). */
    RunSettings withColdForks(Integer coldForks) {
        return new RunSettings(forks, warmupIterations, warmupTime, iterations, iterationTime, coldForks, aotForks);
    }

    /** The same settings with AOT cold runs of {@code aotForks} forks ({@code null}: none). */
    RunSettings withAotForks(Integer aotForks) {
        return new RunSettings(forks, warmupIterations, warmupTime, iterations, iterationTime, coldForks, aotForks);
    }

    /** What quick mode aims to stay under on two cores (the contract says two minutes). */
    static final Duration QUICK_BUDGET = Duration.ofSeconds(90);

    /** A fork's start, JMH's set-up and the benchmark's, in the estimate of {@link #fitQuick}. */
    static final Duration FORK_COST = Duration.ofSeconds(1);

    /** Shortest iteration {@link #fitQuick} goes down to. */
    static final Duration SHORTEST = Duration.ofMillis(100);

    /**
     * Estimated wall-clock time of a run: every fork's start, warmup and measurement for the
     * steady runs, and one fork start per shot for the cold runs.
     */
    Duration estimate(long steadyRuns, long coldRuns) {
        return estimate(steadyRuns, coldRuns, 0);
    }

    /** As above, plus one fork start per shot of the AOT cold runs and one for each training. */
    Duration estimate(long steadyRuns, long coldRuns, long aotRuns) {
        long forkMs = FORK_COST.toMillis();
        long perFork = forkMs + warmupIterations * warmupTime.toMillis() + iterations * iterationTime.toMillis();
        long cold = coldForks == null ? 0 : coldRuns * coldForks * forkMs;
        long aot = aotForks == null || aotRuns == 0 ? 0 : (aotRuns * aotForks + 1) * forkMs;
        return Duration.ofMillis(steadyRuns * Math.max(1, forks) * perFork + cold + aot);
    }

    /**
     * Quick mode for a large suite: when the estimate exceeds {@link #QUICK_BUDGET}, warmup and
     * measurement iterations are shortened in proportion (not below {@link #SHORTEST}) so that the
     * run fits; counts of forks and iterations stay. Smaller suites (core, kernel) are unchanged.
     */
    RunSettings fitQuick(long steadyRuns, long coldRuns) {
        return fitQuick(steadyRuns, coldRuns, 0);
    }

    /** As above, with {@code aotRuns} AOT cold runs in the estimate. */
    RunSettings fitQuick(long steadyRuns, long coldRuns, long aotRuns) {
        Duration estimate = estimate(steadyRuns, coldRuns, aotRuns);
        if (estimate.compareTo(QUICK_BUDGET) <= 0) {
            return this;
        }
        long measuringMs = steadyRuns
                * Math.max(1, forks)
                * (warmupIterations * warmupTime.toMillis() + iterations * iterationTime.toMillis());
        long fixedMs = estimate.toMillis() - measuringMs;
        double scale = measuringMs == 0 ? 1 : Math.max(0, QUICK_BUDGET.toMillis() - fixedMs) / (double) measuringMs;
        return new RunSettings(
                forks,
                warmupIterations,
                scaled(warmupTime, scale),
                iterations,
                scaled(iterationTime, scale),
                coldForks,
                aotForks);
    }

    private static Duration scaled(Duration d, double scale) {
        long ms = (long) Math.floor(d.toMillis() * Math.min(1, scale) / 50.0) * 50; // whole 50 ms steps, down
        return Duration.ofMillis(Math.max(SHORTEST.toMillis(), ms));
    }

    /** Iterations one benchmark runs in total, warmup included: the progress bar's unit. */
    long iterationsPerBenchmark() {
        return (long) Math.max(1, forks) * (warmupIterations + iterations);
    }

    /** For titles and JSON: {@code 1 fork, 2x500ms warmup, 3x1s}. */
    String summary() {
        String warmup = warmupIterations == 0 ? "no warmup" : warmupIterations + "x" + text(warmupTime) + " warmup";
        return forks + (forks == 1 ? " fork, " : " forks, ") + warmup + ", " + iterations + "x" + text(iterationTime)
                + (coldForks == null
                        ? ""
                        : "; cold: " + coldForks + (coldForks == 1 ? " fork" : " forks") + " x 1 shot")
                + (aotForks == null
                        ? ""
                        : "; cold-aot: " + aotForks + (aotForks == 1 ? " fork" : " forks") + " x 1 shot");
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}

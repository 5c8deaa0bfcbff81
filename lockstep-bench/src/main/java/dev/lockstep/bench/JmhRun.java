package dev.lockstep.bench;

import dev.lockstep.core.Lockstep;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a {@link Suites.Plan} with JMH's Runner API. Each benchmark runs in forked JVMs started
 * from the JDK this runner runs on, with the runtime's flags ({@link Lockstep#JVM_FLAGS}),
 * {@code --sun-misc-unsafe-memory-access=allow} (JMH uses Unsafe) and {@code -Djava.awt.headless=true} appended to the JVM arguments JMH passes on. JMH's full text
 * output goes to a log file; {@link ProgressDisplay} hears of every iteration and every finished
 * benchmark. A benchmark that throws does not stop the run ({@code failOnError} is off): its
 * result is missing, and the caller reports the run as incomplete. With {@code gc}, JMH's {@link
 * GCProfiler} is attached to every fork and each measurement carries its {@code
 * gc.alloc.rate.norm} (bytes allocated per operation).
 *
 * <p>{@link #runCold} is the second run of a plan with {@link Cold} benchmarks: only those, in
 * single-shot mode with no warmup, one measurement iteration of one invocation, in {@link
 * RunSettings#coldForks()} forks. These are JMH options, so they override whatever {@code
 * @BenchmarkMode}, {@code @Warmup}, {@code @Measurement} or {@code @Fork} the method carries
 * (JMH gives options precedence over annotations; the steady-state run likewise overrides them
 * with the run's settings). Its output is appended to the same log.
 */
final class JmhRun {
    private JmhRun() {}

    /** JMH's GC profiler's secondary result: bytes allocated per operation. */
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    static Collection<RunResult> run(
            Suites.Plan plan, RunSettings settings, Path log, ProgressDisplay progress, boolean gc) {
        ChainedOptionsBuilder options = common().forks(settings.forks())
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.iterationTime().toMillis()));
        if (gc || plan.benchmarks().stream().anyMatch(Statistics::allocPerOp)) {
            options.addProfiler(GCProfiler.class);
        }
        return execute(options, plan.benchmarks(), plan.suite(), log, progress, false);
    }

    /**
     * The cold run: each {@link Cold} benchmark of the plan once per fork, as the first call in a
     * fresh JVM. No GC profiler: one invocation's allocation rate says nothing.
     */
    static Collection<RunResult> runCold(Suites.Plan plan, RunSettings settings, Path log, ProgressDisplay progress) {
        if (settings.coldForks() == null) {
            throw new IllegalArgumentException("a cold run needs coldForks in its settings");
        }
        return execute(coldOptions(settings.coldForks()), plan.cold(), plan.suite(), log, progress, true);
    }

    /**
     * The AOT cold run: the {@link Cold} benchmarks of the plan with an {@link
     * Cold#aotTraining()} class, as in {@link #runCold}, in {@link RunSettings#aotForks()} forks
     * that start from the cache their training class made ({@link AotCache}: one JMH run per
     * training class, forks on the jar-only classpath the cache was made with).
     */
    static Collection<RunResult> runColdAot(
            Suites.Plan plan, RunSettings settings, Path log, ProgressDisplay progress, AotCache aot) {
        if (settings.aotForks() == null) {
            throw new IllegalArgumentException("an AOT cold run needs aotForks in its settings");
        }
        Map<Class<?>, List<String>> byTraining = new LinkedHashMap<>();
        for (String benchmark : plan.expectedAot().keySet()) {
            byTraining
                    .computeIfAbsent(Side.aotTraining(benchmark), t -> new ArrayList<>())
                    .add(benchmark);
        }
        List<RunResult> results = new ArrayList<>();
        byTraining.forEach((training, benchmarks) -> {
            Path cache = aot.cacheFor(training);
            ChainedOptionsBuilder options = coldOptions(settings.aotForks()).jvmArgsAppend(aotJvmArgs(cache));
            results.addAll(aot.withClasspath(() -> execute(options, benchmarks, plan.suite(), log, progress, true)));
        });
        return results;
    }

    /** {@link #jvmArgs()} and the cache's: JMH keeps only the last jvmArgsAppend, so all in one. */
    static String[] aotJvmArgs(Path cache) {
        List<String> args = new ArrayList<>(Arrays.asList(jvmArgs()));
        args.addAll(AotCache.forkArgs(cache));
        return args.toArray(String[]::new);
    }

    /** The options of a cold run: single shot, no warmup, one iteration of one call, per fork. */
    static ChainedOptionsBuilder coldOptions(int forks) {
        return common().mode(Mode.SingleShotTime)
                .forks(forks)
                .warmupIterations(0)
                .warmupBatchSize(1)
                .measurementIterations(1)
                .measurementBatchSize(1);
    }

    private static ChainedOptionsBuilder common() {
        return new OptionsBuilder()
                .warmupForks(0)
                .jvm(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .jvmArgsAppend(jvmArgs())
                .shouldFailOnError(false)
                .verbosity(VerboseMode.NORMAL);
    }

    private static Collection<RunResult> execute(
            ChainedOptionsBuilder options,
            Collection<String> benchmarks,
            String suite,
            Path log,
            ProgressDisplay progress,
            boolean append) {
        for (String benchmark : benchmarks) {
            options.include("^" + Pattern.quote(benchmark) + "$");
        }
        try {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new BenchException("cannot create the directory of JMH's log " + log + ": " + e.getMessage(), e);
        }
        OpenOption[] open =
                append ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND} : new OpenOption[0];
        try (PrintStream logStream = new PrintStream(Files.newOutputStream(log, open), true, StandardCharsets.UTF_8)) {
            OutputFormat format = new ProgressFormat(
                    OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), progress);
            return new Runner(options.build(), format).run();
        } catch (RunnerException e) {
            throw new BenchException(
                    "JMH could not run suite '" + suite + "'" + (append ? " (cold run)" : "") + ": " + e.getMessage()
                            + " (JMH's log: " + log + ")",
                    e);
        } catch (IOException e) {
            throw new BenchException("cannot write JMH's log " + log + ": " + e.getMessage(), e);
        }
    }

    static String[] jvmArgs() {
        List<String> args = new ArrayList<>(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        args.add("--sun-misc-unsafe-memory-access=allow"); // JMH's own use of Unsafe; keeps the log clean
        args.add("-Djava.awt.headless=true");
        return args.toArray(String[]::new);
    }

    /**
     * Reduces a JMH result to a {@link Measurement}: the median, not the mean (or the method's
     * {@link Percentile}); with the GC profiler's median bytes per operation when it ran, which is
     * the value itself for an {@link AllocPerOp} method.
     */
    static Measurement measurement(RunResult r, List<Side> sides) {
        BenchmarkParams p = r.getParams();
        Result<?> primary = r.getPrimaryResult();
        TreeMap<String, String> params = new TreeMap<>();
        for (Object key : p.getParamsKeys()) {
            params.put((String) key, p.getParam((String) key));
        }
        if (Statistics.allocPerOp(p.getBenchmark())) {
            Double bytes = allocBytesPerOp(r);
            return new Measurement(
                    p.getBenchmark(),
                    p.getMode().shortLabel(),
                    params,
                    "B",
                    bytes == null ? Double.NaN : bytes,
                    Double.NaN,
                    primary.getStatistics().getN(),
                    sides,
                    bytes);
        }
        return new Measurement(
                p.getBenchmark(),
                p.getMode().shortLabel(),
                params,
                Units.shortUnit(primary.getScoreUnit()),
                primary.getStatistics().getPercentile(Statistics.percentile(p.getBenchmark())),
                primary.getScoreError(),
                primary.getStatistics().getN(),
                sides,
                allocBytesPerOp(r));
    }

    /** The median of {@value #ALLOC_NORM} (older JMH versions prefix the label with a dot), or null. */
    static Double allocBytesPerOp(RunResult r) {
        for (String key : r.getSecondaryResults().keySet()) {
            if (key.endsWith(ALLOC_NORM)) {
                Result<?> result = r.getSecondaryResults().get(key);
                double v = result.getStatistics().getPercentile(50);
                return Double.isFinite(v) ? v : null;
            }
        }
        return null;
    }

    /** JMH's text output to the log, with the progress display told of each step. */
    private static final class ProgressFormat implements OutputFormat {
        private final OutputFormat log;
        private final ProgressDisplay progress;

        ProgressFormat(OutputFormat log, ProgressDisplay progress) {
            this.log = log;
            this.progress = progress;
        }

        @Override
        public void iteration(BenchmarkParams b, org.openjdk.jmh.infra.IterationParams i, int n) {
            log.iteration(b, i, n);
        }

        @Override
        public void iterationResult(
                BenchmarkParams b,
                org.openjdk.jmh.infra.IterationParams i,
                int n,
                org.openjdk.jmh.results.IterationResult r) {
            log.iterationResult(b, i, n, r);
            progress.iterationDone();
        }

        @Override
        public void startBenchmark(BenchmarkParams b) {
            log.startBenchmark(b);
            progress.benchmarkStarted(b.getBenchmark(), b.getMode().shortLabel());
        }

        @Override
        public void endBenchmark(org.openjdk.jmh.results.BenchmarkResult r) {
            log.endBenchmark(r);
            if (r == null || r.getPrimaryResult() == null) {
                progress.benchmarkFinished(null, null);
            } else {
                Result<?> primary = r.getPrimaryResult();
                progress.benchmarkFinished(
                        primary.getStatistics().getPercentile(50), Units.shortUnit(primary.getScoreUnit()));
            }
        }

        @Override
        public void startRun() {
            log.startRun();
        }

        @Override
        public void endRun(Collection<RunResult> results) {
            log.endRun(results);
        }

        @Override
        public void print(String s) {
            log.print(s);
        }

        @Override
        public void println(String s) {
            log.println(s);
        }

        @Override
        public void flush() {
            log.flush();
        }

        @Override
        public void close() {
            log.close();
        }

        @Override
        public void verbosePrintln(String s) {
            log.verbosePrintln(s);
        }

        @Override
        public void write(int b) {
            log.write(b);
        }

        @Override
        public void write(byte[] b) throws IOException {
            log.write(b);
        }
    }
}

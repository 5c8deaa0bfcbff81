package dev.lockstep.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The runner behind {@code lockstep bench SUITE}: discovers the suite's JMH benchmarks, runs them
 * with the Runner API, pairs each {@link Ours} median with its {@link Peer} medians, prints a
 * table and optionally writes the JSON of DESIGN.md's output contract and a PNG chart. The CLI
 * starts it in a child JVM (the CLI does not depend on this module); it also runs on its own:
 * {@code java -cp ... dev.lockstep.bench.BenchMain core --quick}.
 *
 * <p>Suites measured outside JMH: a suite whose workload is not a method call in a loop (the io
 * suite: servers in their own pinned JVMs under wrk) has a driver, an {@link ExternalSuite}
 * registered in {@link Suites#external}. For such a suite the runner selects the driver's declared
 * results with {@code --filter}, lists them with {@code --list}, hands the selection and
 * {@code --quick} to the driver, and turns the values it returns into the same {@link ResultRow}s
 * ({@link ExternalRun}), so the table, the JSON contract ({@code peerSource: measured}) and the
 * chart are those of every suite; a selected result the driver could not measure is a warning with
 * its reason and makes the report incomplete. JMH's options are refused for it.
 *
 * <p>Exit codes: 0 the run is complete; 1 a benchmark failed or the run could not go on (the
 * message says why); 2 bad usage (unknown suite, bad option); 3 nothing to run (the suite has no
 * benchmarks yet, or the filter matches none).
 */
@Command(
        name = "lockstep bench",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs a benchmark suite with JMH, Lockstep side by side with its peers in the same run, and prints"
                    + " medians and ratios (ratio > 1 means Lockstep is better).",
            "",
            "Suites: core, kernel, sync, io, flow, patch, cluster."
        },
        footer = {
            "",
            "Quick mode: 1 fork, 2x500ms warmup, 3x1s measurement, iterations shortened for a large suite so the"
                    + " run fits in about 90 s. Full mode: 2 forks, 3x2s warmup, 5x2s.",
            "@Cold benchmarks then run again as first runs in fresh JVMs (result NAME-cold): single shot,"
                    + " no warmup, in 3 forks (quick) or 5 (full); the median over forks is reported.",
            "With --aot (default in full mode), those naming an AOT training class run once more in fresh JVMs"
                    + " started from a JDK AOT cache made by that training (result NAME-cold-aot).",
            "JMH's own output goes to a log file (target/bench/SUITE-TIME.log under the Lockstep checkout).",
            "Exit codes: 0 complete, 1 a benchmark failed or an error, 2 bad usage, 3 nothing to run."
        })
public final class BenchMain implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOTHING_TO_RUN = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE", description = "The suite to run.")
    String suite;

    @Option(
            names = "--quick",
            description = "Short run (about 5 s per benchmark; a suite of ~16 in under two minutes on 2 cores).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON (the output contract).")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the results as a PNG bar chart.")
    Path plot;

    @Option(
            names = "--from-json",
            paramLabel = "FILE",
            description = "Run nothing: read a saved JSON, print its table and draw --plot from it.")
    Path fromJson;

    @Option(
            names = "--filter",
            paramLabel = "REGEX",
            description = "Run only results whose name or benchmark method matches (both sides of a result always"
                    + " run together).")
    Pattern filter;

    @Option(
            names = "--gc",
            description = "Attach JMH's GC profiler and show the bytes each side allocates per operation"
                    + " (gc.alloc.rate.norm) in the table and the JSON.")
    boolean gc;

    @Option(names = "--forks", paramLabel = "N", description = "JMH forks (quick 1, full 2).")
    Integer forks;

    @Option(names = "--warmups", paramLabel = "N", description = "Warmup iterations per fork (quick 2, full 3).")
    Integer warmups;

    @Option(
            names = "--warmup-time",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Length of a warmup iteration, e.g. 500ms or 2s.")
    Duration warmupTime;

    @Option(
            names = "--cold-forks",
            paramLabel = "N",
            description = "Fresh JVMs per @Cold benchmark, one single shot each (quick 3, full 5).")
    Integer coldForks;

    @Option(
            names = "--aot",
            negatable = true,
            description = "Also run @Cold benchmarks that name an AOT training class from a JDK AOT cache made by"
                    + " that training (result NAME-cold-aot, as many forks as --cold-forks; JDK 25+). Default: on in"
                    + " full mode, off in quick mode.")
    Boolean aot;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "Measurement iterations per fork (quick 3, full 5).")
    Integer iterations;

    @Option(
            names = "--time",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Length of a measurement iteration, e.g. 1s or 100ms.")
    Duration iterationTime;

    @Option(
            names = {"-v", "--verbose"},
            description = "Off a terminal, print a line per finished benchmark on standard error"
                    + " (by default a run off a terminal is quiet until its table).")
    boolean verbose;

    @Option(names = "--log", paramLabel = "FILE", description = "Where JMH's own output goes.")
    Path log;

    @Option(names = "--list", description = "List the suite's benchmarks and their @Ours/@Peer sides; run nothing.")
    boolean list;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    private PrintWriter out;
    private PrintWriter err;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs the command with these streams; returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("lockstep bench: " + ex.getMessage());
            w.println("Try 'lockstep bench --help' for the options.");
            w.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter w = c.getErr();
            if (ex instanceof BenchException || ex instanceof IOException) {
                w.println("lockstep bench: " + ex.getMessage());
            } else {
                w.println("lockstep bench: unexpected failure:");
                ex.printStackTrace(w);
            }
            w.flush();
            return FAILED;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (fromJson != null) {
            return redraw();
        }
        if (suite == null) {
            throw usage("missing SUITE; valid suites: " + String.join(", ", Suites.VALID));
        }
        if (!Suites.known(suite)) {
            throw usage("unknown suite '" + suite + "'; valid suites: " + String.join(", ", Suites.VALID));
        }
        ExternalSuite external = Suites.external(suite);
        if (external != null) {
            return external(external);
        }
        RunSettings settings;
        try {
            settings = (quick ? RunSettings.quick() : RunSettings.full())
                    .with(forks, warmups, warmupTime, iterations, iterationTime)
                    .withColdForks(coldForks);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Suites.Plan plan = Suites.plan(suite, filter, Suites.all());
        if (plan.entries().isEmpty()) {
            return nothingToRun();
        }
        if (list) {
            plan.sides()
                    .forEach((benchmark, sides) -> out.println(benchmark + "  "
                            + describe(benchmark, sides, plan.cold().contains(benchmark))));
            out.flush();
            return OK;
        }
        settings = coldSettings(plan, settings, quick);
        settings = aotSettings(plan, settings, quick, aot);
        if (Boolean.TRUE.equals(aot) && settings.aotForks() == null) {
            err.println("lockstep bench: --aot: "
                    + (AotCache.supported()
                            ? "no selected @Cold benchmark names an AOT training class"
                            : "this JDK (" + Runtime.version().feature() + ") has no AOT cache; it needs "
                                    + AotCache.FIRST_JDK + " or later"));
            err.flush();
        }
        if (quick && warmupTime == null && iterationTime == null) {
            settings = settings.fitQuick(
                    plan.runs() - plan.coldRuns(), plan.coldRuns(), settings.aotForks() == null ? 0 : plan.aotRuns());
        }
        return measure(plan, settings);
    }

    /**
     * A suite measured by its own driver ({@link ExternalSuite}, see {@link ExternalRun}): JMH's
     * options are refused; the filter, {@code --list}, {@code --quick}, {@code --json} and
     * {@code --plot} work as for a JMH suite.
     */
    private int external(ExternalSuite driver) throws IOException {
        List<String> jmhOnly = new ArrayList<>();
        if (forks != null) {
            jmhOnly.add("--forks");
        }
        if (warmups != null) {
            jmhOnly.add("--warmups");
        }
        if (warmupTime != null) {
            jmhOnly.add("--warmup-time");
        }
        if (iterations != null) {
            jmhOnly.add("--iterations");
        }
        if (iterationTime != null) {
            jmhOnly.add("--time");
        }
        if (coldForks != null) {
            jmhOnly.add("--cold-forks");
        }
        if (aot != null) {
            jmhOnly.add("--aot");
        }
        if (gc) {
            jmhOnly.add("--gc");
        }
        if (!jmhOnly.isEmpty()) {
            throw usage("suite " + suite + " is measured by its own driver, not JMH; " + String.join(", ", jmhOnly)
                    + " do not apply to it");
        }
        List<ExternalSuite.Result> selected = ExternalRun.select(driver, filter);
        if (selected.isEmpty()) {
            err.println("lockstep bench: no result of suite '" + suite + "' matches --filter '" + filter.pattern()
                    + "'; the suite has: "
                    + String.join(
                            ", ",
                            driver.results().stream()
                                    .map(ExternalSuite.Result::name)
                                    .toList()));
            err.flush();
            return NOTHING_TO_RUN;
        }
        if (list) {
            selected.forEach(r -> out.println(r.name() + "  ours: " + r.ours() + "  peer: " + r.peer()));
            out.flush();
            return OK;
        }
        err.println("lockstep bench: suite " + suite + ", " + selected.size() + " results, measured by its own driver"
                + (quick ? " (quick)" : ""));
        err.flush();
        Report report =
                ExternalRun.measure(suite, driver, selected, quick, filter == null ? null : filter.pattern(), err);
        Table.print(report, out);
        writeOutputs(report);
        return report.complete() ? OK : FAILED;
    }

    private int measure(Suites.Plan plan, RunSettings settings) throws IOException {
        Path logFile = log != null ? log : defaultLog();
        boolean terminal = ProgressDisplay.onTerminal();
        if (terminal || verbose) {
            err.println("lockstep bench: suite " + suite + ", " + runs(plan, settings) + " benchmark runs, "
                    + settings.summary()
                    + (gc ? ", GC profiler" : "") + "; JMH's log: " + logFile);
            err.flush();
        }
        Report report;
        long iterations = (plan.runs() - plan.coldRuns()) * settings.iterationsPerBenchmark()
                + (settings.coldForks() == null ? 0 : plan.coldRuns() * settings.coldForks())
                + (settings.aotForks() == null ? 0 : plan.aotRuns() * settings.aotForks());
        long runs = runs(plan, settings);
        try (ProgressDisplay progress = terminal
                ? ProgressDisplay.bar(suite, runs, iterations)
                : verbose ? ProgressDisplay.lines(runs, err) : ProgressDisplay.quiet(runs)) {
            report = measure(plan, settings, logFile, progress, quick, filter == null ? null : filter.pattern(), gc);
        }
        Table.print(report, out);
        writeOutputs(report);
        return report.complete() ? OK : FAILED;
    }

    /** Results the run produces: the plan's, plus the AOT cold runs when the settings have them. */
    static long runs(Suites.Plan plan, RunSettings settings) {
        return plan.runs() + (settings.aotForks() == null ? 0 : plan.aotRuns());
    }

    /**
     * Runs the plan and builds the report: medians paired by result, and the run marked
     * incomplete, with a warning per benchmark, when a benchmark produced fewer results than
     * planned (it threw; JMH's log has the exception).
     */
    static Report measure(
            Suites.Plan plan,
            RunSettings settings,
            Path logFile,
            ProgressDisplay progress,
            boolean quick,
            String filter) {
        return measure(plan, settings, logFile, progress, quick, filter, false);
    }

    /**
     * As above; with {@code gc}, JMH's GC profiler runs too and the rows carry bytes per operation.
     * When the plan has {@link Cold} benchmarks, a second JMH run measures them as first runs in
     * fresh JVMs, and their sides become those of the {@code -cold} results; when the settings have
     * AOT forks, those with an AOT training class run a third time from the cache their training
     * made ({@link AotCache}, in a work directory beside the log, deleted after), as {@code
     * -cold-aot} results. A training that fails leaves its benchmarks' {@code -cold-aot} results
     * missing (the run is incomplete) rather than stopping the run.
     */
    static Report measure(
            Suites.Plan plan,
            RunSettings settings,
            Path logFile,
            ProgressDisplay progress,
            boolean quick,
            String filter,
            boolean gc) {
        RunSettings run = coldSettings(plan, settings, quick);
        List<Measurement> measurements = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        collect(
                JmhRun.run(plan, run, logFile, progress, gc),
                plan,
                plan.expected(),
                Kind.STEADY,
                logFile,
                measurements,
                missing);
        if (!plan.cold().isEmpty()) {
            collect(
                    JmhRun.runCold(plan, run, logFile, progress),
                    plan,
                    plan.expectedCold(),
                    Kind.COLD,
                    logFile,
                    measurements,
                    missing);
        }
        Map<String, Long> expectedAot = run.aotForks() == null ? Map.of() : plan.expectedAot();
        if (!expectedAot.isEmpty()) {
            Path work = logFile.toAbsolutePath().resolveSibling(logFile.getFileName() + ".aot");
            Collection<RunResult> results;
            try (AotCache aot = new AotCache(work, logFile)) {
                results = JmhRun.runColdAot(plan, run, logFile, progress, aot);
            } catch (BenchException e) {
                missing.add("the AOT cold run did not run: " + e.getMessage());
                results = List.of();
            }
            collect(results, plan, expectedAot, Kind.COLD_AOT, logFile, measurements, missing);
        }
        Pairing.Outcome outcome = Pairing.pair(measurements);
        List<String> warnings = new ArrayList<>(missing);
        warnings.addAll(outcome.warnings());
        return new Report(
                plan.suite(),
                quick,
                now(),
                missing.isEmpty(),
                Machine.current(),
                run,
                filter,
                outcome.rows(),
                outcome.unpaired(),
                warnings);
    }

    /**
     * The settings a plan runs with: cold forks only when it has {@link Cold} benchmarks, the
     * mode's default (quick 3, full 5) unless given.
     */
    static RunSettings coldSettings(Suites.Plan plan, RunSettings settings, boolean quick) {
        if (plan.cold().isEmpty()) {
            return settings.withColdForks(null);
        }
        if (settings.coldForks() != null) {
            return settings;
        }
        return settings.withColdForks(quick ? RunSettings.QUICK_COLD_FORKS : RunSettings.FULL_COLD_FORKS);
    }

    /**
     * The AOT settings of a plan: as many AOT forks as cold forks when some selected cold
     * benchmark names an AOT training class, the JDK has AOT caches, and {@code aot} asks for them
     * (null: full mode yes, quick mode no); otherwise none.
     */
    static RunSettings aotSettings(Suites.Plan plan, RunSettings settings, boolean quick, Boolean aot) {
        boolean on = aot != null ? aot : !quick;
        if (!on
                || settings.coldForks() == null
                || !AotCache.supported()
                || plan.expectedAot().isEmpty()) {
            return settings.withAotForks(null);
        }
        return settings.withAotForks(settings.coldForks());
    }

    /** Which JMH run a result came from: it decides the result's name suffix. */
    enum Kind {
        STEADY(""),
        COLD(" cold"),
        COLD_AOT(" cold-aot");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        Side side(Side s) {
            return switch (this) {
                case STEADY -> s;
                case COLD -> s.cold();
                case COLD_AOT -> s.coldAot();
            };
        }
    }

    /** Turns one JMH run's results into measurements, and names each benchmark that fell short. */
    private static void collect(
            Collection<RunResult> results,
            Suites.Plan plan,
            Map<String, Long> expected,
            Kind kind,
            Path logFile,
            List<Measurement> measurements,
            List<String> missing) {
        Map<String, Long> got = new HashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            got.merge(benchmark, 1L, Long::sum);
            List<Side> sides = plan.sides().getOrDefault(benchmark, List.of());
            measurements.add(
                    JmhRun.measurement(r, sides.stream().map(kind::side).toList()));
        }
        expected.forEach((benchmark, n) -> {
            long g = got.getOrDefault(benchmark, 0L);
            if (g < n) {
                missing.add("benchmark " + benchmark + " produced " + g + " of " + n + kind.label
                        + " results: it failed (the exception is in JMH's log, " + logFile + ")");
            }
        });
    }

    private int redraw() throws IOException {
        if (json != null) {
            throw usage("--from-json reads a saved run; it cannot be combined with --json");
        }
        Report report = JsonReport.read(fromJson.toAbsolutePath());
        if (suite != null && !suite.equals(report.suite())) {
            throw usage("SUITE '" + suite + "' does not match suite '" + report.suite() + "' in " + fromJson);
        }
        Table.print(report, out);
        writeOutputs(report);
        return OK;
    }

    private void writeOutputs(Report report) throws IOException {
        if (json != null) {
            Path file = json.toAbsolutePath();
            JsonReport.write(report, file);
            err.println("lockstep bench: wrote " + file);
        }
        if (plot != null) {
            Path file = plot.toAbsolutePath();
            Plot.write(report, file);
            err.println("lockstep bench: wrote " + file);
        }
        err.flush();
    }

    private int nothingToRun() {
        if (filter == null) {
            err.println("lockstep bench: suite '" + suite + "' has no benchmarks yet (no JMH @Benchmark method in"
                    + " package " + Suites.packageOf(suite) + ")");
        } else {
            Suites.Plan whole = Suites.plan(suite, null, Suites.all());
            err.println("lockstep bench: no benchmark of suite '" + suite + "' matches --filter '" + filter.pattern()
                    + "'"
                    + (whole.entries().isEmpty()
                            ? "; the suite has no benchmarks yet"
                            : "; the suite has: " + String.join(", ", whole.benchmarks())));
        }
        err.flush();
        return NOTHING_TO_RUN;
    }

    /** The annotations of one benchmark, as {@code --list} shows them. */
    static String describe(List<Side> sides, boolean cold) {
        if (sides.isEmpty()) {
            return "(no @Ours or @Peer)";
        }
        List<String> parts = new ArrayList<>();
        for (Side s : sides) {
            if (s.isPublished()) {
                PublishedFigure f = s.figure();
                parts.add("@Published(" + s.result() + ", " + s.peer() + ", "
                        + (f.params().isEmpty() ? "" : f.paramsText() + ": ") + Table.number(f.value()) + " " + f.unit()
                        + ")");
            } else {
                parts.add(s.isOurs() ? "@Ours(" + s.result() + ")" : "@Peer(" + s.result() + ", " + s.peer() + ")");
            }
        }
        return String.join(" ", parts) + (cold ? " @Cold" : "");
    }

    /** As above, naming the AOT training class of a cold benchmark that has one. */
    static String describe(String benchmark, List<Side> sides, boolean cold) {
        Class<?> training = cold ? Side.aotTraining(benchmark) : null;
        return describe(sides, cold) + (training == null ? "" : "(aotTraining = " + training.getSimpleName() + ")");
    }

    private Path defaultLog() {
        String home = System.getProperty("lockstep.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        return base.resolve("target")
                .resolve("bench")
                .resolve(suite + "-" + stamp + ".log")
                .toAbsolutePath();
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

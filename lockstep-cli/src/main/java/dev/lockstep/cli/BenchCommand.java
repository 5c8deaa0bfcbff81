package dev.lockstep.cli;

import dev.lockstep.core.Lockstep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code lockstep bench SUITE [options]}: runs a benchmark suite in a child JVM. The CLI does not
 * depend on lockstep-bench (DESIGN.md: nothing imports bench), so this command starts
 * {@code dev.lockstep.bench.BenchMain} by name, on the classpath the build leaves in
 * {@code lockstep-bench/target} (its classes plus {@code classpath.txt}), with the runtime's JVM
 * flags, the same JDK, the user's working directory (relative {@code --json} and {@code --plot}
 * paths resolve against it) and inherited standard streams. Every argument, {@code --help}
 * included, goes to BenchMain unchanged; its exit code is this command's.
 */
@Command(
        name = "bench",
        customSynopsis = "lockstep bench SUITE [--quick] [--json FILE] [--plot FILE.png] [--filter REGEX] [OPTIONS]",
        description = {
            "Run a benchmark suite, Lockstep side by side with its peers (JMH), in a child JVM.",
            "SUITE: core, kernel, sync, io, flow, patch, cluster.",
            "'lockstep bench --help' lists every option."
        })
final class BenchCommand implements Callable<Integer> {
    static final String MAIN_CLASS = "dev.lockstep.bench.BenchMain";

    /** Exit code when the benchmark classpath is missing or the child cannot start. */
    static final int CANNOT_START = 1;

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String home = System.getProperty("lockstep.home");
        if (home == null) {
            err.println("lockstep bench: the system property lockstep.home is not set; run the command through"
                    + " bin/lockstep, which sets it to the Lockstep checkout");
            err.flush();
            return CANNOT_START;
        }
        String javaHome = System.getProperty("lockstep.java.home", System.getProperty("java.home"));
        List<String> command;
        try {
            command = command(Path.of(home), Path.of(javaHome), args);
        } catch (IllegalStateException e) {
            err.println("lockstep bench: " + e.getMessage());
            err.flush();
            return CANNOT_START;
        }
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            Thread stop = new Thread(child::destroy, "lockstep-bench-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                return child.waitFor();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already shutting down; the hook stops the child
                }
            }
        } catch (IOException e) {
            err.println("lockstep bench: cannot start " + command.getFirst() + ": " + e.getMessage());
            err.flush();
            return CANNOT_START;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("lockstep bench: interrupted while the benchmarks ran");
            err.flush();
            return CANNOT_START;
        }
    }

    /**
     * The child's command line: {@code JAVA -flags -cp CLASSES:DEPS BenchMain args...}.
     *
     * @throws IllegalStateException naming the missing file when the benchmark module is not built
     */
    static List<String> command(Path home, Path javaHome, List<String> args) {
        Path bench = home.resolve("lockstep-bench").resolve("target");
        Path classes = bench.resolve("classes");
        Path deps = bench.resolve("classpath.txt");
        String rebuild = "; build it with bin/lockstep (which runs ./mvnw package when sources change) or"
                + " ./mvnw -pl lockstep-bench -am package -DskipTests";
        if (!Files.isRegularFile(deps)) {
            throw new IllegalStateException("the benchmark classpath " + deps + " is missing" + rebuild);
        }
        if (!Files.isRegularFile(classes.resolve("META-INF").resolve("BenchmarkList"))) {
            throw new IllegalStateException("the benchmark classes in " + classes
                    + " are missing or were compiled without JMH's annotation processor (no META-INF/BenchmarkList)"
                    + rebuild);
        }
        String classpath;
        try {
            classpath = Files.readString(deps, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the benchmark classpath " + deps + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        command.add("--sun-misc-unsafe-memory-access=allow"); // JMH uses sun.misc.Unsafe
        command.add("-Djava.awt.headless=true");
        command.add("-Dlockstep.home=" + home);
        command.add("-cp");
        command.add(classpath.isEmpty() ? classes.toString() : classes + java.io.File.pathSeparator + classpath);
        command.add(MAIN_CLASS);
        command.addAll(args);
        return command;
    }
}

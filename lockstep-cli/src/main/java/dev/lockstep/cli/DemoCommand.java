package dev.lockstep.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A short tour of what exists. For now it says which Lockstep modules are on the classpath and
 * how to run the benchmarks; the engine tour comes later and will use {@link Progress} for its
 * steps, as this placeholder already does.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "A short tour of Lockstep.")
final class DemoCommand implements Callable<Integer> {
    /** The modules of DESIGN.md, each with one line on what it is. */
    static final List<String[]> MODULES = List.of(
            new String[] {"core", "work-stealing engine, futures, task groups, structures, pools; the shared kernel"},
            new String[] {"sync", "synchronous reactive machine: instants, signals, processes"},
            new String[] {"io", "one I/O runtime per thread: io_uring through FFM, NIO fallback"},
            new String[] {"flow", "HTTP/1.1 server and request pipelines of effects"},
            new String[] {"patch", "dataflow patches compiled to slot programs, hot swap, replay"},
            new String[] {"cluster", "the engine across machines, on Hazelcast"});

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Lockstep demo (a placeholder: the engine tour is coming)");
        out.println("JVM: " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        out.println();
        out.println("modules on this classpath:");
        try (Progress progress = Progress.start("demo", MODULES.size())) {
            for (String[] m : MODULES) {
                progress.message(m[0]);
                out.printf("  %-8s %-9s %s%n", m[0], present(m[0]) ? "present" : "not yet", m[1]);
                progress.step();
            }
        }
        out.println();
        out.println("benchmarks: lockstep bench SUITE [--quick] [--json FILE] [--plot FILE.png]");
        out.flush();
        return 0;
    }

    /** Whether package {@code dev.lockstep.<module>} has classes on the classpath. */
    static boolean present(String module) {
        return DemoCommand.class.getClassLoader().getResource("dev/lockstep/" + module + "/") != null;
    }
}

package dev.lockstep.bench.sync;

import dev.lockstep.sync.Machine;
import dev.lockstep.sync.Program;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * One cold run by hand: builds the machine of one workload (not timed, like the benchmark's
 * {@code @Setup}), runs it once, checks it, and prints the elapsed ms. Run it in a fresh JVM, e.g.
 * {@code java $FLAGS -cp ... dev.lockstep.bench.sync.PpdpColdTiming b1 5000}.
 */
final class PpdpColdTiming {
    private PpdpColdTiming() {}

    private static final class Start {}

    private static final class End {}

    public static void main(String[] args) {
        if (args[0].equals("train")) { // train N REPS [workloads...]: an AOT training run
            int n = Integer.parseInt(args[1]);
            int reps = Integer.parseInt(args[2]);
            String[] ws = args.length > 3
                    ? java.util.Arrays.copyOfRange(args, 3, args.length)
                    : new String[] {"b1", "b2", "b3", "b4", "b5"};
            for (int r = 0; r < reps; r++) {
                for (String w : ws) {
                    run(w, n);
                }
            }
            return;
        }
        String w = args[0];
        int n = Integer.parseInt(args[1]);
        PpdpWorkloads.Named named = PpdpWorkloads.named(w);
        BiFunction<Integer, Probe, Program<Void, Void>> make = named.make();
        BiConsumer<Integer, Probe> check = named.check();
        int prime = Integer.getInteger("prime", 0);
        if (prime > 0) { // untimed: loads, links and initialises what the run needs, compiles ~nothing
            Probe q = new Probe();
            try (Machine<Void, Void> m = Machine.of(make.apply(prime, q))) {
                q.drive(m, PpdpWorkloads.LIMIT);
            }
            check.accept(prime, q);
        }
        Probe p = new Probe();
        Machine<Void, Void> m = Machine.of(make.apply(n, p));
        boolean stats = Boolean.getBoolean("stats");
        var classes = stats ? java.lang.management.ManagementFactory.getClassLoadingMXBean() : null;
        var jit = stats ? java.lang.management.ManagementFactory.getCompilationMXBean() : null;
        long c0 = stats ? classes.getTotalLoadedClassCount() : 0;
        long j0 = stats ? jit.getTotalCompilationTime() : 0;
        if (stats) {
            new Start(); // a mark in -Xlog:class+load
        }
        long t0 = System.nanoTime();
        p.drive(m, PpdpWorkloads.LIMIT);
        check.accept(n, p);
        long t1 = System.nanoTime();
        if (stats) {
            new End();
        }
        m.close();
        System.out.printf("%s n=%d cold %.2f ms%n", w, n, (t1 - t0) / 1e6);
        if (stats) {
            System.out.printf(
                    "classes loaded during the run %d, JIT time %d ms%n",
                    classes.getTotalLoadedClassCount() - c0, jit.getTotalCompilationTime() - j0);
        }
    }

    private static void run(String w, int n) {
        Probe q = new Probe();
        Program<Void, Void> program =
                switch (w) {
                    case "b1" -> PpdpWorkloads.b1(n, q);
                    case "b2" -> PpdpWorkloads.b2(n, q);
                    case "b3" -> PpdpWorkloads.b3(n, q);
                    case "b4" -> PpdpWorkloads.b4(n, q);
                    default -> PpdpWorkloads.b5(n, q);
                };
        try (Machine<Void, Void> m = Machine.of(program)) {
            q.drive(m, PpdpWorkloads.LIMIT);
        }
    }
}

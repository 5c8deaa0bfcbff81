package dev.lockstep.bench.sync;

import dev.lockstep.core.coroutine.CoroutineBackend;
import dev.lockstep.sync.Machine;
import dev.lockstep.sync.Program;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A plain timing loop over the PPDP workloads (not JMH, not a test): prints the median of a few
 * runs in ms per n. Run by hand, e.g. {@code java -cp ... dev.lockstep.bench.sync.PpdpTiming b4 b5}.
 */
final class PpdpTiming {
    private PpdpTiming() {}

    public static void main(String[] args) {
        int reps = Integer.getInteger("reps", 7);
        CoroutineBackend backend = CoroutineBackend.valueOf(System.getProperty("backend", "CONTINUATION"));
        for (String w : args) {
            PpdpWorkloads.Named named = PpdpWorkloads.named(w);
            BiFunction<Integer, Probe, Program<Void, Void>> make = named.make();
            BiConsumer<Integer, Probe> check = named.check();
            for (int n : new int[] {5000, 10000, 50000}) {
                double[] ms = new double[reps];
                for (int r = 0; r < reps; r++) {
                    Probe p = new Probe();
                    try (Machine<Void, Void> m =
                            Machine.builder(make.apply(n, p)).backend(backend).build()) {
                        long t0 = System.nanoTime();
                        p.drive(m, PpdpWorkloads.LIMIT);
                        ms[r] = (System.nanoTime() - t0) / 1e6;
                    }
                    check.accept(n, p);
                }
                double first = ms[0];
                java.util.Arrays.sort(ms);
                System.out.printf("%s n=%d first %.2f ms, median %.2f ms%n", w, n, first, ms[reps / 2]);
            }
        }
    }
}

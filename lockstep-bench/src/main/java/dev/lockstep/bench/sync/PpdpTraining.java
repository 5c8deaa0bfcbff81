package dev.lockstep.bench.sync;

import dev.lockstep.sync.Machine;
import dev.lockstep.sync.Program;

/**
 * The AOT training run of the PPDP cold results ({@code ppdp-b1-n5000-cold-aot} ...; see {@link
 * dev.lockstep.bench.Cold#aotTraining()}): each of the five workloads {@value #REPS} times at n =
 * {@value #N}, below every measured size (5000, 10000, 50000), checked like the benchmark checks
 * them. It loads, links and profiles the code a run needs (kernel, coroutines, the workloads'
 * lambdas) without ever running a measured size: the cache knows the program, not the run.
 */
public final class PpdpTraining {
    private PpdpTraining() {}

    /** The size the training runs, smaller than any measured one. */
    static final int N = 1000;

    /** Runs of each workload. */
    static final int REPS = 3;

    public static void main(String[] args) {
        for (int r = 0; r < REPS; r++) {
            run(PpdpWorkloads::b1, PpdpWorkloads::expectB1);
            run(PpdpWorkloads::b2, PpdpWorkloads::expectB2);
            run(PpdpWorkloads::b3, PpdpWorkloads::expectB3);
            run(PpdpWorkloads::b4, PpdpWorkloads::expectB4);
            run(PpdpWorkloads::b5, PpdpWorkloads::expectB5);
        }
    }

    private interface Workload {
        Program<Void, Void> program(int n, Probe probe);
    }

    private interface Check {
        void expect(int n, Probe probe);
    }

    private static void run(Workload w, Check check) {
        Probe p = new Probe();
        try (Machine<Void, Void> m = Machine.of(w.program(N, p))) {
            p.drive(m, PpdpWorkloads.LIMIT);
        }
        check.expect(N, p);
    }
}

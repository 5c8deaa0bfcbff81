package dev.lockstep.bench.sync;

import dev.lockstep.sync.Machine;

/**
 * What a workload's processes did, counted as they run, and the run's instants, so that each
 * benchmark can check its machine did the whole workload: a broken machine fails the benchmark
 * instead of producing a fast number. Processes of one machine run one at a time on the thread
 * driving it, so plain fields suffice.
 */
final class Probe {
    /** Wake-ups, leaves, guarded steps, pauses: whatever the workload counts. */
    long count;

    /** A second count, for workloads with two kinds of step. */
    long sum;

    /** Set by the code a workload runs last (after a watch, after the final await). */
    boolean done;

    /** Instants the machine ran. */
    long instants;

    /**
     * Steps {@code machine} until nothing is scheduled for the next instant or {@code limit}
     * instants have run; records and returns the number of instants.
     */
    long drive(Machine<?, ?> machine, long limit) {
        long n = 0;
        while (!machine.isFinished() && n < limit) {
            machine.step(null);
            n++;
        }
        instants = n;
        return n;
    }

    /**
     * Throws when the run did not do what the workload must do.
     *
     * @throws IllegalStateException naming the workload, what was expected and what happened
     */
    void expect(String workload, long instants, long count, boolean done) {
        if (this.instants != instants || this.count != count || this.done != done) {
            throw new IllegalStateException(workload + ": expected " + instants + " instants, count " + count
                    + (done ? ", done" : ", not done") + "; got " + this.instants + " instants, count " + this.count
                    + (this.done ? ", done" : ", not done"));
        }
    }

    /** As {@link #expect(String, long, long, boolean)}, with the second count too. */
    void expect(String workload, long instants, long count, long sum, boolean done) {
        expect(workload, instants, count, done);
        if (this.sum != sum) {
            throw new IllegalStateException(workload + ": expected sum " + sum + ", got " + this.sum);
        }
    }
}

package dev.lockstep.bench.sync;

import dev.lockstep.sync.Machine;
import dev.lockstep.sync.Program;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH state for one workload: a fresh machine per invocation, built in {@code @Setup} (not timed)
 * and closed in {@code @TearDown}, so the benchmark method times the machine's run only. A run
 * takes milliseconds, long enough for JMH's per-invocation setup to be harmless.
 */
public abstract class MachineRun {
    Machine<Void, Void> machine;
    Probe probe;

    /** The workload's program, counting into {@code probe}. */
    abstract Program<Void, Void> program(Probe probe);

    @Setup(Level.Invocation)
    public void build() {
        probe = new Probe();
        machine = Machine.of(program(probe));
    }

    @TearDown(Level.Invocation)
    public void close() {
        machine.close();
    }

    /** Runs the machine to its end (or {@code limit} instants) and returns the probe. */
    Probe run(long limit) {
        probe.drive(machine, limit);
        return probe;
    }
}

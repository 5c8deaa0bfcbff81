package dev.lockstep.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * A log of "instant:event" lines that processes append to, and a runner in a chosen setup. The
 * log is written through {@link Sync#effect}, so it has the sequential order in parallel setups too.
 */
final class SyncTestSupport {
    final List<String> log = new ArrayList<>();

    void log(Sync s, String event) {
        s.effect(() -> log.add(s.instant() + ":" + event));
    }

    static <I, O> Machine<I, O> machine(SyncSetup setup, Program<I, O> program, long maxInstants) {
        return setup.builder(program).maxInstants(maxInstants).build();
    }

    /** Runs a program without inputs until it finishes (or 50 instants) and closes the machine. */
    static <I, O> Timeline<I, O> runToEnd(SyncSetup setup, Program<I, O> program) {
        try (Machine<I, O> m = machine(setup, program, 50)) {
            return m.run();
        }
    }
}

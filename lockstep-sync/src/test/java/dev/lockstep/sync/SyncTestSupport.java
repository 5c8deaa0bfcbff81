package dev.lockstep.sync;

import dev.lockstep.core.coroutine.CoroutineBackend;
import java.util.ArrayList;
import java.util.List;

/** A log of "instant:event" lines that processes append to, and a runner on a chosen backend. */
final class SyncTestSupport {
    final List<String> log = new ArrayList<>();

    void log(Sync s, String event) {
        log.add(s.instant() + ":" + event);
    }

    static <I, O> Machine<I, O> machine(CoroutineBackend backend, Program<I, O> program, long maxInstants) {
        return Machine.builder(program)
                .backend(backend)
                .maxInstants(maxInstants)
                .build();
    }

    /** Runs a program without inputs until it finishes (or 50 instants) and closes the machine. */
    static <I, O> Timeline<I, O> runToEnd(CoroutineBackend backend, Program<I, O> program) {
        try (Machine<I, O> m = machine(backend, program, 50)) {
            return m.run();
        }
    }
}

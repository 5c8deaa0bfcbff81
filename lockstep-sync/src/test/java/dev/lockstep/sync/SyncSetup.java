package dev.lockstep.sync;

import dev.lockstep.core.Engine;
import dev.lockstep.core.coroutine.CoroutineBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the machine suites vary: the coroutine backend, and sequential or parallel instants at 1, 2
 * and 4 engine workers. Every test program gives the same per-instant outputs and logs in each
 * setup; the parallel ones share one engine per worker count (its threads are daemons).
 */
record SyncSetup(CoroutineBackend backend, int workers) {
    static final int[] WORKERS = {0, 1, 2, 4};
    private static final Engine[] ENGINES = new Engine[5];

    /** Every backend, sequential and at 1, 2 and 4 workers. */
    static Stream<SyncSetup> all() {
        List<SyncSetup> all = new ArrayList<>();
        for (CoroutineBackend b : CoroutineBackend.values()) {
            for (int w : WORKERS) {
                all.add(new SyncSetup(b, w));
            }
        }
        return all.stream();
    }

    /** Every backend, sequential and at 2 workers (for the slower suites). */
    static Stream<SyncSetup> sequentialAndTwoWorkers() {
        return all().filter(s -> s.workers == 0 || s.workers == 2);
    }

    /** Every backend at 1, 2 and 4 workers. */
    static Stream<SyncSetup> parallelOnly() {
        return all().filter(s -> s.workers > 0);
    }

    /** The sequential and the parallel setups on the default backend. */
    static Stream<SyncSetup> parallelism() {
        return Stream.of(0, 1, 2, 4).map(w -> new SyncSetup(CoroutineBackend.defaultBackend(), w));
    }

    <I, O> Machine.Builder<I, O> builder(Program<I, O> program) {
        return Machine.builder(program).backend(backend).engine(workers == 0 ? null : engine(workers));
    }

    static synchronized Engine engine(int workers) {
        if (ENGINES[workers] == null) {
            ENGINES[workers] = Engine.builder()
                    .name("sync-test-" + workers)
                    .workers(workers)
                    .build();
        }
        return ENGINES[workers];
    }

    @Override
    public String toString() {
        return backend + (workers == 0 ? "-sequential" : "-" + workers + "-workers");
    }
}

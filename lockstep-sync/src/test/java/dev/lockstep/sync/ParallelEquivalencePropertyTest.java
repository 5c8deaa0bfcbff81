package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.coroutine.CoroutineBackend;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Parallel instants give exactly the sequential run: for random programs (branches that pause,
 * emit, await, test presence, suspend under {@code when}, are preempted by {@code watch}, fork,
 * and do real work between primitives) the outputs, every branch's log and every instant snapshot
 * are the same sequentially and at 1, 2 and 4 workers.
 */
class ParallelEquivalencePropertyTest {
    /** Branch scripts: each op is code * 10 + argument. */
    record Program(List<List<Integer>> branches) {}

    record Observed(List<Long> outputs, List<List<String>> branchLogs, List<InstantSnapshot> snapshots) {}

    @Provide
    Arbitrary<Program> programs() {
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 99);
        return op.list()
                .ofMinSize(1)
                .ofMaxSize(14)
                .list()
                .ofMinSize(2)
                .ofMaxSize(6)
                .map(Program::new);
    }

    @Property(tries = 150)
    void parallelRunsMatchTheSequentialRun(@ForAll("programs") Program p) {
        CoroutineBackend backend = CoroutineBackend.defaultBackend();
        Observed sequential = run(p, new SyncSetup(backend, 0));
        for (int workers : new int[] {1, 2, 4}) {
            Observed parallel = run(p, new SyncSetup(backend, workers));
            assertThat(parallel).as("%d workers", workers).isEqualTo(sequential);
        }
    }

    private static Observed run(Program prog, SyncSetup setup) {
        List<List<Integer>> scripts = prog.branches();
        int n = scripts.size();
        List<List<String>> logs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            logs.add(new ArrayList<>());
        }
        List<InstantSnapshot> snaps = new ArrayList<>();
        dev.lockstep.sync.Program<Long, Long> program = (s, in, out) -> {
            List<EventSignal<Long>> own = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                own.add(s.eventSignal("e" + i));
            }
            AggregateSignal<Long, Long> total = s.aggregateSignal("total", 0L, Long::sum);
            s.fork(q -> {
                while (true) {
                    q.emit(out, q.await(total));
                }
            });
            Process[] branches = new Process[n];
            for (int k = 0; k < n; k++) {
                int b = k;
                branches[k] = q -> script(q, b, scripts.get(b), own, total, logs.get(b));
            }
            s.parallel(branches);
        };
        try (Machine<Long, Long> m =
                setup.builder(program).maxInstants(40).onInstant(snaps::add).build()) {
            return new Observed(m.run().outputs(), logs, snaps);
        }
    }

    private static void script(
            Sync p,
            int b,
            List<Integer> ops,
            List<EventSignal<Long>> own,
            AggregateSignal<Long, Long> total,
            List<String> log)
            throws Exception {
        long[] acc = {b};
        long[] lastEmit = {-1};
        for (int op : ops) {
            int code = op / 10;
            int arg = op % 10;
            EventSignal<Long> other = own.get(arg % own.size());
            switch (code) {
                case 0 -> p.pause();
                case 1 -> emitOwn(p, own.get(b), acc, lastEmit, arg);
                case 2 -> acc[0] += p.awaitImmediate(other);
                case 3 -> acc[0] += p.await(other);
                case 4 -> p.presentThenElse(other, q -> acc[0] += 1, q -> acc[0] += 100);
                case 5 -> p.emit(total, acc[0]);
                case 6 ->
                    p.when(other, q -> {
                        acc[0] += 3;
                        q.pause();
                        acc[0] += ParallelInstantsTest.busy(200 * arg);
                    });
                case 7 ->
                    p.watch(other, q -> {
                        for (int i = 0; i < 3; i++) {
                            q.pause();
                            acc[0] += i;
                            emitOwn(q, own.get(b), acc, lastEmit, i);
                        }
                    });
                case 8 -> acc[0] += ParallelInstantsTest.busy(1000 * arg);
                default -> {
                    long v = acc[0];
                    p.fork(c -> {
                        c.pause();
                        c.emit(total, v + ParallelInstantsTest.busy(500));
                    });
                }
            }
            log.add(p.instant() + ":" + acc[0]);
        }
    }

    private static void emitOwn(Sync p, EventSignal<Long> own, long[] acc, long[] lastEmit, int arg) {
        if (lastEmit[0] != p.instant()) {
            lastEmit[0] = p.instant();
            p.emit(own, acc[0] * 7 + arg);
        }
    }
}

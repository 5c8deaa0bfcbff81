package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parallel instants (docs/sync.md): processes run their code between primitives on engine workers
 * while the machine applies the primitives in the sequential order. The semantic suites run in
 * every {@link SyncSetup}; these pin what is particular to the parallel mode.
 */
class ParallelInstantsTest {
    /**
     * Two branches whose segments can only finish if they overlap: each waits (bounded) for the
     * other's to start. Sequentially the first would wait out its bound; in parallel both meet.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void segmentsOfOneInstantRunAtTheSameTime(int workers) {
        CountDownLatch both = new CountDownLatch(2);
        boolean[] met = new boolean[2];
        try (Machine<Integer, Integer> m = Machine.<Integer, Integer>builder(
                        (s, in, out) -> s.parallel(p -> met[0] = meet(both), p -> met[1] = meet(both)))
                .workers(workers)
                .build()) {
            m.run();
            assertThat(m.workers()).isEqualTo(workers);
        }
        assertThat(met).containsExactly(true, true);
    }

    private static boolean meet(CountDownLatch both) {
        both.countDown();
        try {
            return both.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A parent writes a plain field after it forks, before it blocks; the child reads it first
     * thing. Sequentially the child runs after the parent blocks; in parallel the child is offered
     * to the workers only then.
     */
    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void writesBeforeTheParentBlocksAreSeenByTheChild(SyncSetup setup) {
        int[] shared = new int[1];
        Timeline<Integer, Integer> tl = SyncTestSupport.runToEnd(setup, (s, in, out) -> {
            for (int round = 1; round <= 20; round++) {
                EventSignal<Integer> seen = s.eventSignal("seen");
                s.fork(c -> c.emit(seen, shared[0]));
                busy(300_000); // gives a worker time to run the child early, were it offered now
                shared[0] = round;
                s.emit(out, s.await(seen));
            }
        });
        List<Integer> expected = new ArrayList<>();
        expected.add(null); // round r's child emits in instant r - 1, the parent outputs in instant r
        for (int round = 1; round <= 20; round++) {
            expected.add(round);
        }
        assertThat(tl.outputs()).containsExactlyElementsOf(expected);
    }

    /**
     * Many branches with real work over many instants, emitting into an aggregate: a coroutine
     * resumed by two threads at once would throw, and any reordering of a primitive would change
     * the sums.
     */
    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void aTaskIsResumedByOneThreadAtATime(SyncSetup setup) {
        Timeline<Integer, List<Long>> tl = SyncTestSupport.runToEnd(setup, (s, in, out) -> {
            AggregateSignal<Long, List<Long>> all = s.aggregateSignal("all", List.of(), (acc, v) -> {
                List<Long> n = new ArrayList<>(acc);
                n.add(v);
                return n;
            });
            s.fork(p -> {
                while (true) {
                    p.emit(out, p.await(all));
                }
            });
            Process[] branches = new Process[16];
            for (int i = 0; i < branches.length; i++) {
                int id = i;
                branches[i] = p -> {
                    for (int k = 0; k < 10; k++) {
                        p.emit(all, busy(500 + 100 * id) * 100 + id);
                        p.pause();
                    }
                };
            }
            s.parallel(branches);
        });
        assertThat(tl.outputs()).hasSize(11); // emissions in instants 0..9, sums out in 1..10
        for (int k = 0; k < 10; k++) {
            List<Long> sums = tl.outputs().get(k + 1);
            assertThat(sums).hasSize(16);
            for (int id = 0; id < 16; id++) {
                assertThat(sums.get(id) % 100).isEqualTo(id); // emitted in branch order, every instant
            }
        }
    }

    /**
     * An abort drops a task queued after the aborter even though its segment already ran ahead:
     * the child reaches its emission on a worker while main waits for it, and main then aborts it.
     * The emission never takes effect.
     */
    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#parallelOnly")
    void anAbortDropsATaskThatRanAheadAndItsPrimitivesNeverTakeEffect(SyncSetup setup) {
        SyncTestSupport t = new SyncTestSupport();
        CountDownLatch childAtEmit = new CountDownLatch(1);
        boolean[] childRanAhead = new boolean[1];
        SyncTestSupport.runToEnd(setup, (s, in, out) -> {
            Kill k = s.newKill();
            EventSignal<Integer> x = s.eventSignal("x");
            s.fork(p -> p.withKill(k, q -> {
                q.fork(c -> {
                    c.pause();
                    childAtEmit.countDown();
                    c.emit(x, 1); // a worker stops here, before the primitive; it never takes effect
                    t.log(c, "child after abort");
                });
                q.pause();
                q.pause();
            }));
            s.pause();
            childRanAhead[0] = childAtEmit.await(30, TimeUnit.SECONDS);
            busy(100_000);
            s.abort(k); // drops the child before its turn
            s.presentThenElse(x, q -> t.log(q, "present"), q -> t.log(q, "absent"));
        });
        assertThat(childRanAhead[0]).isTrue();
        assertThat(t.log).containsExactly("2:absent");
    }

    @Test
    void aMachineOnAClosedEngineSaysSo() {
        Engine e = Engine.builder().workers(1).build();
        e.close();
        assertThatThrownBy(() -> {
                    try (Machine<Integer, Integer> m = Machine.<Integer, Integer>builder((s, in, out) -> s.pause())
                            .engine(e)
                            .build()) {
                        m.step(null);
                    }
                })
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("is shut down (instant 0)");
    }

    @Test
    void negativeWorkersAreRefused() {
        assertThatThrownBy(() ->
                        Machine.<Integer, Integer>builder((s, in, out) -> {}).workers(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers must be >= 0, got -1");
    }

    /** Deterministic busy work: a value that depends on every iteration. */
    static long busy(int iterations) {
        long h = 1125899906842597L;
        for (int i = 0; i < iterations; i++) {
            h = 31 * h + (h >>> 7) + i;
        }
        return Math.abs(h % 1000);
    }
}

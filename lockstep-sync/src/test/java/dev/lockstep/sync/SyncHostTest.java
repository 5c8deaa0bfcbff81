package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.replay.Codecs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The host API: timelines, snapshots, errors, the barrier workload, record and replay. */
class SyncHostTest {
    @TempDir
    Path dir;

    /** Emits the running sum of the inputs seen so far, in the instant of each input. */
    static final Program<Integer, Integer> RUNNING_SUM = (s, in, out) -> {
        int sum = 0;
        while (true) {
            sum += s.awaitImmediate(in);
            s.emit(out, sum);
            s.pause();
        }
    };

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void timelineOverInputsGivesTheRunningSum(SyncSetup b) {
        List<Integer> seen = new ArrayList<>();
        try (Machine<Integer, Integer> m =
                b.builder(RUNNING_SUM).onOutput(seen::add).build()) {
            List<Integer> outputs = new ArrayList<>();
            for (Integer input : Arrays.asList(1, null, 2, 3)) {
                outputs.add(m.step(input).output());
            }
            assertThat(outputs).containsExactly(1, null, 3, 6);
            assertThat(seen).containsExactly(1, 3, 6);
        }
        try (Machine<Integer, Integer> m = b.builder(RUNNING_SUM).build()) {
            // run(inputs) runs one instant per input: the timeline is exactly the inputs'
            Timeline<Integer, Integer> tl = m.run(Arrays.asList(1, null, 2, 3));
            assertThat(tl.outputs()).containsExactly(1, null, 3, 6);
            assertThat(tl.inputs()).containsExactly(1, null, 2, 3);
            assertThat(tl.instants()).extracting(InstantRecord::instant).containsExactly(0L, 1L, 2L, 3L);
            assertThat(m.isFinished()).isFalse(); // the pause after the last output is scheduled
            // run() goes on while something is scheduled: the pause resumes in instant 4, where the
            // process blocks on the input and the run ends
            assertThat(m.run().outputs()).containsExactly((Integer) null);
            assertThat(m.isFinished()).isTrue(); // it only awaits the input: nothing scheduled
            assertThat(m.run().size()).isZero();
            assertThat(m.step(4).output()).isEqualTo(10); // but an input still wakes it
        }
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void instantSnapshotContract(SyncSetup b) {
        List<InstantSnapshot> snaps = new ArrayList<>();
        try (Machine<Integer, Integer> m = b.<Integer, Integer>builder((s, in, out) -> {
                    EventSignal<Boolean> g = s.eventSignal("g");
                    EventSignal<Boolean> x = s.eventSignal("x");
                    s.fork(p -> p.when(g, q -> {})); // guard-blocked until g
                    s.fork(p -> p.await(x)); // waits: neither counted nor kept alive
                    s.fork(p -> {
                        p.pause();
                        p.emit(g, true);
                    });
                    s.emit(out, 1);
                    s.pause();
                })
                .onInstant(snaps::add)
                .build()) {
            m.run();
            // instant 0: main, 3 forks run (4 steps) + the guard-blocked one; main and the
            // emitter paused; output present. instant 1: main and emitter resume, g is emitted and
            // wakes the guarded process (3 steps).
            assertThat(snaps).containsExactly(new InstantSnapshot(0, 4, 1, 2, 1), new InstantSnapshot(1, 3, 0, 0, 1));
            assertThat(m.isFinished()).isTrue();
            assertThat(m.liveProcesses()).isEqualTo(1); // the one awaiting x
        }
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void fanOutBarrierOf48BranchesTimes4Pauses(SyncSetup b) {
        int[] counts = new int[6];
        try (Machine<Integer, Integer> m = b.<Integer, Integer>builder((s, in, out) -> {
                    Process[] branches = new Process[48];
                    for (int i = 0; i < 48; i++) {
                        branches[i] = p -> {
                            for (int k = 0; k < 4; k++) {
                                p.effect(() -> counts[(int) p.instant()]++); // shared: in the sequential order
                                p.pause();
                            }
                        };
                    }
                    s.parallel(branches);
                    s.emit(out, (int) s.instant());
                })
                .build()) {
            Timeline<Integer, Integer> tl = m.run();
            assertThat(tl.outputs()).containsExactly(null, null, null, null, 4);
            assertThat(counts).containsExactly(48, 48, 48, 48, 0, 0);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void doubleEmissionIsAnError(SyncSetup b) {
        try (Machine<Integer, Integer> m = b.<Integer, Integer>builder((s, in, out) -> {
                    EventSignal<Integer> x = s.eventSignal("x");
                    s.pause();
                    s.pause();
                    s.pause();
                    s.emit(x, 1);
                    s.emit(x, 2);
                })
                .build()) {
            assertThatThrownBy(() -> m.run())
                    .isInstanceOf(SyncException.class)
                    .hasMessage("event signal 'x' emitted twice in instant 3");
            assertThatThrownBy(() -> m.step(null))
                    .isInstanceOf(SyncException.class)
                    .hasMessageContaining("failed in instant 3");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void selfJoinIsAnError(SyncSetup b) {
        ProcessHandle[] self = new ProcessHandle[1];
        try (Machine<Integer, Integer> m = b.<Integer, Integer>builder((s, in, out) -> {
                    self[0] = s.fork(p -> {
                        p.pause();
                        p.join(self[0]);
                    });
                })
                .build()) {
            assertThatThrownBy(() -> m.run())
                    .isInstanceOf(SyncException.class)
                    .hasMessage("process 'process-1' cannot join itself (instant 1)");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void joinContinuesInTheInstantTheChildEnds(SyncSetup b) {
        SyncTestSupport t = new SyncTestSupport();
        SyncTestSupport.runToEnd(b, (s, in, out) -> {
            ProcessHandle h = s.fork(p -> {
                p.pause();
                p.pause();
                t.log(p, "child ends");
            });
            s.join(h);
            t.log(s, "joined");
            s.join(h); // already over: returns at once
            t.log(s, "joined again");
        });
        assertThat(t.log).containsExactly("2:child ends", "2:joined", "2:joined again");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void replayGivesAnIdenticalTimeline(SyncSetup b) {
        Path log = dir.resolve("run-" + b + ".log");
        Program<Long, Long> program = (s, in, out) -> {
            AggregateSignal<Long, Long> total = s.aggregateSignal("total", 0L, Long::sum);
            s.fork(p -> p.loop(q -> {
                long v = q.awaitImmediate(in);
                q.emit(total, v);
                q.emit(total, v * 10);
            }));
            s.loop(q -> q.emit(out, q.await(total) + q.instant()));
        };
        List<Long> inputs = Arrays.asList(1L, null, 2L, 3L, null, null, 5L);
        Timeline<Long, Long> recorded = b.builder(program).maxInstants(12).record(inputs, log, Codecs.LONG);
        Timeline<Long, Long> replayed = b.builder(program).maxInstants(12).replay(log, Codecs.LONG);
        assertThat(replayed).isEqualTo(recorded);
        // instant 3's total (33) is delivered while main is paused: nobody awaits it. After instant 8
        // both processes only wait for signals and no input remains: the run ends.
        assertThat(recorded.outputs()).containsExactly(null, 12L, null, 25L, null, null, null, 62L, null);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void primitivesOutsideAProcessAreRefused(SyncSetup b) {
        Sync[] leaked = new Sync[1];
        try (Machine<Integer, Integer> m = SyncTestSupport.machine(b, (s, in, out) -> leaked[0] = s, 5)) {
            m.run();
            assertThatThrownBy(() -> leaked[0].pause())
                    .isInstanceOf(SyncException.class)
                    .hasMessageContaining("outside the processes");
        }
    }
}

package dev.lockstep.sync;

import static dev.lockstep.sync.SyncTestSupport.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.coroutine.CoroutineException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tasks that have not started run on the kernel's runners (Continuation backend) and get a
 * coroutine only when they block (Kernel, runner section): nothing of it may be observable, so
 * each case gives the same log, steps and errors on both backends, sequential or parallel.
 */
class SyncRunnerTest {
    private final SyncTestSupport t = new SyncTestSupport();

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void notStartedTasksRunInQueueOrderAroundBlockedOnes(SyncSetup b) {
        InstantSnapshot snap;
        try (Machine<Void, Void> m = machine(
                b,
                (s, in, out) -> {
                    EventSignal<Boolean> x = s.eventSignal("x");
                    s.parallel(
                            p -> t.log(p, "a"),
                            p -> {
                                t.log(p, "b1");
                                p.awaitImmediate(x); // blocks on its runner, which it then owns
                                t.log(p, "b2");
                            },
                            p -> {
                                t.log(p, "c");
                                p.emit(x, true);
                            },
                            p -> {
                                t.log(p, "d");
                                p.parallel(q -> t.log(q, "e"), q -> t.log(q, "f"));
                                t.log(p, "d end");
                            },
                            p -> t.log(p, "g"));
                    t.log(s, "main end");
                },
                5)) {
            snap = m.step(null).snapshot();
        }
        assertThat(t.log)
                .containsExactly("0:a", "0:b1", "0:c", "0:d", "0:g", "0:b2", "0:e", "0:f", "0:d end", "0:main end");
        // main 2 segments, a..g 5 first segments, b and d one more each, e and f one each
        assertThat(snap.current()).isEqualTo(11);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void aCheckedExceptionNamesTheProcessThatThrewIt(SyncSetup b) {
        try (Machine<Void, Void> m = machine(
                b,
                (s, in, out) -> s.parallel(p -> t.log(p, "a"), p -> {
                    throw new IOException("disk");
                }),
                5)) {
            assertThatThrownBy(() -> m.step(null))
                    .isInstanceOf(CoroutineException.class)
                    .hasMessageStartingWith("coroutine 'process-2' failed: java.io.IOException: disk")
                    .hasCauseInstanceOf(IOException.class);
        }
        assertThat(t.log).isEqualTo(List.of("0:a"));
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void aCheckedExceptionAfterBlockingNamesTheProcessThatThrewIt(SyncSetup b) {
        try (Machine<Void, Void> m = machine(
                b,
                (s, in, out) -> {
                    EventSignal<Boolean> x = s.eventSignal("x");
                    s.parallel(
                            p -> {
                                p.awaitImmediate(x);
                                throw new IOException("late");
                            },
                            p -> t.log(p, "b"),
                            p -> p.emit(x, true));
                },
                5)) {
            assertThatThrownBy(() -> m.step(null))
                    .isInstanceOf(CoroutineException.class)
                    .hasMessageStartingWith("coroutine 'process-1' failed: java.io.IOException: late");
        }
        assertThat(t.log).isEqualTo(List.of("0:b"));
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void aTaskKilledBeforeItStartsNeverRuns(SyncSetup b) {
        try (Machine<Void, Void> m = machine(
                b,
                (s, in, out) -> {
                    Kill k = s.newKill();
                    s.parallel(p -> p.withKill(k, q -> q.parallel(r -> r.abort(k), r -> t.log(r, "dropped"))), p -> {
                        t.log(p, "after");
                    });
                    t.log(s, "main end");
                },
                5)) {
            m.run();
        }
        assertThat(t.log).containsExactly("0:after", "1:main end");
    }
}

package dev.lockstep.sync;

import static dev.lockstep.sync.SyncTestSupport.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tens of thousands of nested {@code watch} and {@code when} levels: beyond the kernel's inline
 * nesting bound the bodies run as child tasks, and the per-instant results are those of the inline
 * semantics (docs/sync.md, implementation notes). The 50,000-level programs overflowed the
 * coroutine's stack before the bound.
 */
class SyncDeepNestingTest {
    private static final int DEEP = 50_000;
    private final SyncTestSupport t = new SyncTestSupport();

    /** Level k of n watches {@code a} when n - k is even (the outermost watches a), as ppdp-b5. */
    private static void watches(Sync s, int k, int n, EventSignal<Boolean> a, EventSignal<Boolean> b, Process body)
            throws Exception {
        if (k == 0) {
            body.run(s);
            return;
        }
        s.watch((n - k) % 2 == 0 ? a : b, q -> watches(q, k - 1, n, a, b, body));
    }

    /** A body that emits its step on the output and pauses, ten times. */
    private static Process steps(EventSignal<Integer> out) {
        return s -> {
            for (int i = 0; i < 10; i++) {
                s.emit(out, i);
                s.pause();
            }
        };
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#sequentialAndTwoWorkers")
    void fiftyThousandNestedWatchesPauseInsideAndTheOutermostKills(SyncSetup backend) {
        Timeline<Void, Integer> tl = runToEnd(backend, (s, in, out) -> {
            EventSignal<Boolean> a = s.eventSignal("a");
            EventSignal<Boolean> b = s.eventSignal("b");
            s.parallel(
                    p -> {
                        watches(p, DEEP, DEEP, a, b, steps(out));
                        p.emit(out, -1); // after the outermost watch: the instant after the trigger
                    },
                    p -> {
                        p.pause();
                        p.pause();
                        p.emit(a, true); // instant 2: the body still runs in it
                    });
        });
        assertThat(tl.outputs()).containsExactly(0, 1, 2, -1);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#sequentialAndTwoWorkers")
    void fiftyThousandNestedWatchesTheOutermostTriggeredLevelWins(SyncSetup backend) {
        Timeline<Void, Integer> tl = runToEnd(backend, (s, in, out) -> {
            EventSignal<Boolean> a = s.eventSignal("a");
            EventSignal<Boolean> b = s.eventSignal("b");
            s.parallel(
                    p -> {
                        watches(p, DEEP, DEEP, a, b, steps(out));
                        t.log(p, "after");
                        p.emit(out, -1);
                    },
                    p -> {
                        p.pause();
                        p.emit(b, true); // every second level triggers; the second outermost is the outermost of them
                    });
        });
        // the second level's continuation runs in instant 2 and returns from the outermost body there
        assertThat(tl.outputs()).containsExactly(0, 1, -1);
        assertThat(t.log).containsExactly("2:after");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#sequentialAndTwoWorkers")
    void fiftyThousandNestedWatchesWhoseBodyCompletesContinueInTheSameInstant(SyncSetup backend) {
        Timeline<Void, Integer> tl = runToEnd(backend, (s, in, out) -> {
            EventSignal<Boolean> a = s.eventSignal("a");
            EventSignal<Boolean> b = s.eventSignal("b");
            watches(s, DEEP, DEEP, a, b, q -> q.pause());
            s.emit(out, (int) s.instant());
        });
        assertThat(tl.outputs()).containsExactly(null, 1);
    }

    /** Level k of n is a {@code when} on g1 when k is even, g2 when odd. */
    private static void whens(Sync s, int k, EventSignal<Boolean> g1, EventSignal<Boolean> g2, Process body)
            throws Exception {
        if (k == 0) {
            body.run(s);
            return;
        }
        s.when(k % 2 == 0 ? g1 : g2, q -> whens(q, k - 1, g1, g2, body));
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#sequentialAndTwoWorkers")
    void fiftyThousandNestedWhensAreAConjunctionAcrossPauses(SyncSetup backend) {
        Timeline<Void, Integer> tl = runToEnd(backend, (s, in, out) -> {
            EventSignal<Boolean> g1 = s.eventSignal("g1");
            EventSignal<Boolean> g2 = s.eventSignal("g2");
            s.parallel(
                    p -> {
                        whens(p, DEEP, g1, g2, q -> {
                            for (int i = 0; i < 3; i++) {
                                q.emit(out, i);
                                q.pause();
                            }
                        });
                        p.emit(out, 100); // the instant the innermost body returns in
                    },
                    p -> {
                        // instants 0..5: both, g1 only, both, none, both, both
                        int[] pattern = {3, 1, 3, 0, 3, 3};
                        for (int bits : pattern) {
                            if ((bits & 1) != 0) {
                                p.emit(g1, true);
                            }
                            if ((bits & 2) != 0) {
                                p.emit(g2, true);
                            }
                            p.pause();
                        }
                    });
        });
        assertThat(tl.outputs()).containsExactly(0, null, 1, null, 2, 100, null);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#sequentialAndTwoWorkers")
    void aWatchInsideFiftyThousandAbsentWhensDoesNotReact(SyncSetup backend) {
        Timeline<Void, Integer> tl = runToEnd(backend, (s, in, out) -> {
            EventSignal<Boolean> g = s.eventSignal("g");
            EventSignal<Boolean> w = s.eventSignal("w");
            s.parallel(
                    p -> {
                        whens(
                                p,
                                DEEP,
                                g,
                                g,
                                q -> q.watch(w, r -> {
                                    for (int i = 0; i < 3; i++) {
                                        r.emit(out, i);
                                        r.pause();
                                    }
                                }));
                        p.emit(out, 100);
                    },
                    p -> {
                        p.emit(g, true); // instant 0: the body runs
                        p.pause();
                        p.emit(w, true); // instant 1: g absent, the watch does not trigger
                        p.pause();
                        p.emit(g, true); // instant 2
                        p.pause();
                        p.emit(g, true); // instant 3
                        p.emit(w, true); // triggers: the rest runs in instant 4, but g is absent there
                        p.pause();
                        p.pause();
                        p.emit(g, true); // instant 5
                    });
        });
        assertThat(tl.outputs()).containsExactly(0, null, 1, 2, null, 100);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#sequentialAndTwoWorkers")
    void anExceptionFromADeepBodyReachesTheCallerAsInline(SyncSetup backend) {
        runToEnd(backend, (s, in, out) -> {
            EventSignal<Boolean> a = s.eventSignal("a");
            try {
                watches(s, 1000, 1000, a, a, q -> {
                    q.pause();
                    throw new IllegalStateException("deep");
                });
            } catch (IllegalStateException e) {
                t.log(s, "caught " + e.getMessage());
            }
        });
        assertThat(t.log).containsExactly("1:caught deep");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#sequentialAndTwoWorkers")
    void anAbortFromADeepBodyPreemptsItsOwnerAsInline(SyncSetup backend) {
        runToEnd(backend, (s, in, out) -> {
            EventSignal<Boolean> a = s.eventSignal("a");
            Kill k = s.newKill();
            s.withKill(
                    k,
                    p -> watches(p, 1000, 1000, a, a, q -> {
                        q.pause();
                        t.log(q, "abort");
                        q.abort(k);
                        t.log(q, "not reached");
                    }));
            t.log(s, "after");
        });
        assertThat(t.log).containsExactly("1:abort", "2:after");
    }
}

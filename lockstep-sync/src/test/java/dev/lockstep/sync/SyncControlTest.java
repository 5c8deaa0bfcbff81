package dev.lockstep.sync;

import static dev.lockstep.sync.SyncTestSupport.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** when, watch, presentThenElse and kill scopes, each with its expected per-instant log. */
class SyncControlTest {
    private final SyncTestSupport t = new SyncTestSupport();

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void whenAroundAwaitImmediateResolvesInTheSameInstant(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> g = s.eventSignal("g");
            EventSignal<Integer> x = s.eventSignal("x");
            s.parallel(p -> p.when(g, q -> t.log(q, "got " + q.awaitImmediate(x))), p -> {
                p.emit(x, 1);
                p.emit(g, true);
            });
        });
        assertThat(t.log).containsExactly("0:got 1");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void whenAroundAwaitImmediateResolvesInTheNextInstant(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> g = s.eventSignal("g");
            EventSignal<Integer> x = s.eventSignal("x");
            s.parallel(p -> p.when(g, q -> t.log(q, "got " + q.awaitImmediate(x))), p -> {
                p.emit(x, 1); // instant 0: x present but g absent: the body does not run
                p.pause();
                p.emit(x, 2);
                p.emit(g, true); // instant 1: both present
            });
        });
        assertThat(t.log).containsExactly("1:got 2");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void whenSuspendsTheBodyAcrossItsPauses(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> g = s.eventSignal("g");
            s.parallel(
                    p -> p.when(g, q -> {
                        for (int i = 0; i < 3; i++) {
                            t.log(q, "step " + i);
                            q.pause();
                        }
                    }),
                    p -> {
                        boolean[] pattern = {true, false, true, false, false, true};
                        for (boolean on : pattern) {
                            if (on) {
                                p.emit(g, true);
                            }
                            p.pause();
                        }
                    });
        });
        assertThat(t.log).containsExactly("0:step 0", "2:step 1", "5:step 2");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void nestedWhenIsAConjunction(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> g1 = s.eventSignal("g1");
            EventSignal<Boolean> g2 = s.eventSignal("g2");
            s.parallel(
                    p -> p.when(
                            g1,
                            q -> q.when(g2, r -> {
                                t.log(r, "a");
                                r.pause();
                                t.log(r, "b");
                            })),
                    p -> {
                        p.emit(g1, true); // instant 0: g1 only
                        p.pause();
                        p.emit(g2, true); // instant 1: g2 only
                        p.pause();
                        p.emit(g2, true); // instant 2: both
                        p.emit(g1, true);
                        p.pause();
                        p.emit(g1, true); // instant 3: g1 only
                        p.pause();
                        p.emit(g1, true); // instant 4: both
                        p.emit(g2, true);
                    });
        });
        assertThat(t.log).containsExactly("2:a", "4:b");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void watchKillsAtTheEndOfTheTriggerInstant(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> stop = s.eventSignal("stop");
            s.parallel(
                    p -> {
                        p.watch(stop, q -> {
                            for (int i = 0; ; i++) {
                                t.log(q, "body " + i);
                                q.pause();
                            }
                        });
                        t.log(p, "after watch");
                    },
                    p -> {
                        p.pause();
                        p.pause();
                        p.emit(stop, true);
                    });
        });
        assertThat(t.log).containsExactly("0:body 0", "1:body 1", "2:body 2", "3:after watch");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void watchWhoseBodyCompletesContinuesInTheSameInstant(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> stop = s.eventSignal("stop");
            s.watch(stop, q -> {
                t.log(q, "body");
                q.pause();
                t.log(q, "body ends");
            });
            t.log(s, "after watch");
            s.pause();
            s.emit(stop, true); // too late: the watch is over
            t.log(s, "end");
        });
        assertThat(t.log).containsExactly("0:body", "1:body ends", "1:after watch", "2:end");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void nestedWatchTheOuterTriggerWins(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> outer = s.eventSignal("outer");
            EventSignal<Boolean> inner = s.eventSignal("inner");
            s.parallel(
                    p -> {
                        p.watch(outer, q -> {
                            q.watch(inner, r -> {
                                while (true) {
                                    t.log(r, "inner body");
                                    r.pause();
                                }
                            });
                            t.log(q, "after inner");
                            while (true) {
                                t.log(q, "outer body");
                                q.pause();
                            }
                        });
                        t.log(p, "after outer");
                    },
                    p -> {
                        p.emit(inner, true); // instant 0: inner fires
                        p.pause();
                        p.pause();
                        p.emit(outer, true); // instant 2: outer fires
                    });
        });
        assertThat(t.log)
                .containsExactly("0:inner body", "1:after inner", "1:outer body", "2:outer body", "3:after outer");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void watchInsideWhenDoesNotTriggerWhileSuspended(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> g = s.eventSignal("g");
            EventSignal<Boolean> stop = s.eventSignal("stop");
            s.parallel(
                    p -> p.when(g, q -> {
                        q.watch(stop, r -> {
                            while (true) {
                                t.log(r, "body");
                                r.pause();
                            }
                        });
                        t.log(q, "after watch");
                    }),
                    p -> {
                        p.emit(g, true); // 0: runs
                        p.pause();
                        p.emit(stop, true); // 1: g absent: suspended, stop ignored
                        p.pause();
                        p.emit(g, true); // 2: runs
                        p.pause();
                        p.emit(g, true); // 3: runs, and stop fires
                        p.emit(stop, true);
                        p.pause();
                        p.pause();
                        p.emit(g, true); // 5: the code after watch runs
                    });
        });
        assertThat(t.log).containsExactly("0:body", "2:body", "3:body", "5:after watch");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void whenInsideWatchIsKilledEvenWhileSuspended(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> g = s.eventSignal("g");
            EventSignal<Boolean> stop = s.eventSignal("stop");
            s.parallel(
                    p -> {
                        p.watch(
                                stop,
                                q -> q.when(g, r -> {
                                    while (true) {
                                        t.log(r, "body");
                                        r.pause();
                                    }
                                }));
                        t.log(p, "after watch");
                    },
                    p -> {
                        p.emit(g, true); // 0: runs
                        p.pause();
                        p.emit(stop, true); // 1: g absent, but stop kills the body
                    });
        });
        assertThat(t.log).containsExactly("0:body", "2:after watch");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void presentThenElseBothWays(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Boolean> x = s.eventSignal("x");
            s.parallel(
                    p -> {
                        p.presentThenElse(x, q -> t.log(q, "then"), q -> t.log(q, "else"));
                        p.pause();
                        p.presentThenElse(x, q -> t.log(q, "then"), q -> t.log(q, "else"));
                    },
                    p -> p.emit(x, true)); // instant 0 only, emitted after the first test started
        });
        // the else branch runs in the instant after the one x was absent in
        assertThat(t.log).containsExactly("0:then", "2:else");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void abortKillsTheBodyAndItsForkedProcesses(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            Kill k = s.newKill();
            s.parallel(
                    p -> {
                        p.withKill(k, q -> {
                            q.fork(r -> {
                                while (true) {
                                    t.log(r, "child");
                                    r.pause();
                                }
                            });
                            while (true) {
                                t.log(q, "body");
                                q.pause();
                            }
                        });
                        t.log(p, "after kill");
                    },
                    p -> {
                        p.pause();
                        t.log(p, "abort");
                        p.abort(k);
                    });
            t.log(s, "joined");
        });
        assertThat(t.log)
                // the child comes after the aborting process in instant 1's queue: it never runs again
                .containsExactly("0:body", "0:child", "1:body", "1:abort", "2:after kill", "2:joined");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void timeoutKillsASlowBodyAndSparesAFastOne(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            boolean fast = s.timeout(3, q -> q.pause(), q -> t.log(q, "fast timed out"));
            t.log(s, "fast " + fast);
            boolean slow = s.timeout(
                    2,
                    q -> {
                        while (true) {
                            q.pause();
                        }
                    },
                    q -> t.log(q, "slow timed out"));
            t.log(s, "slow " + slow);
        });
        assertThat(t.log).containsExactly("1:fast true", "4:slow timed out", "4:slow false");
    }
}

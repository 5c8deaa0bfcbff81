package dev.lockstep.bench.sync;

import dev.lockstep.sync.EventSignal;
import dev.lockstep.sync.Process;
import dev.lockstep.sync.Program;

/**
 * Tempo's core workloads (its {@code bench/core_bench.ml}), each at the largest complexity Tempo
 * measures and with Tempo's operation count, so that ns per operation compares with its published
 * per-operation figures. Each counts what it must do in a {@link Probe}; {@code expect...} checks
 * the run after it. Runs that Tempo bounds with an instant limit (guard-blocked processes keep a
 * run alive) use the same limit here.
 */
final class CoreWorkloads {
    private CoreWorkloads() {}

    static final int PAUSE_LOOP_N = 40_000; // operations: n pauses
    static final int EMIT_AWAIT_N = 8_000; // operations: 2n (n emits, n awaits)
    static final int AWAIT_IMMEDIATE_N = 4_000; // operations: n handshakes
    static final int WHEN_GUARD_N = 8_000; // operations: n guarded steps
    static final int WATCH_PREEMPT_N = 6_000; // operations: n (Tempo's count)
    static final int FANOUT_BRANCHES = 128; // operations: 40 pauses per branch
    static final int FANOUT_WORK = 40;
    static final int COMBINED_N = 6_000; // operations: 4n

    /** pause_loop: one process pausing n times; n + 1 instants. */
    static Program<Void, Void> pauseLoop(int n, Probe probe) {
        return (s, in, out) -> {
            for (int i = 0; i < n; i++) {
                s.pause();
                probe.count++;
            }
        };
    }

    static void expectPauseLoop(int n, Probe p) {
        p.expect("pause_loop n=" + n, n + 1, n, false);
    }

    /**
     * emit_await: an emitter emitting i then pausing, n times, beside an awaiter awaiting n times;
     * each await continues in the next instant with the value of the emission it saw.
     */
    static Program<Void, Void> emitAwait(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Integer> sig = s.eventSignal("s");
            s.parallel(
                    t -> {
                        for (int i = 1; i <= n; i++) {
                            t.emit(sig, i);
                            t.pause();
                        }
                    },
                    t -> {
                        for (int i = 0; i < n; i++) {
                            probe.sum += t.await(sig);
                            probe.count++;
                        }
                    });
        };
    }

    /** Every emission is received once: n awaits, the values summing to n(n+1)/2. */
    static void expectEmitAwait(int n, Probe p) {
        p.expect("emit_await n=" + n, n + 1, n, (long) n * (n + 1) / 2, false);
    }

    /** await_immediate: n times, an awaitImmediate and an emit in parallel, then a pause. */
    static Program<Void, Void> awaitImmediate(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Integer> sig = s.eventSignal("s");
            for (int i = 1; i <= n; i++) {
                int v = i;
                s.parallel(
                        t -> {
                            probe.sum += t.awaitImmediate(sig);
                            probe.count++;
                        },
                        t -> t.emit(sig, v));
                s.pause();
            }
        };
    }

    static void expectAwaitImmediate(int n, Probe p) {
        p.expect("await_immediate n=" + n, n + 1, n, (long) n * (n + 1) / 2, false);
    }

    /**
     * when_guard: an emitter emitting the guard in every second instant (i even), n instants, beside
     * a process running n times {@code when guard (count + 1); pause}. The guarded process steps
     * once per instant with the guard present; afterwards it stays blocked, and the run stops at
     * Tempo's limit of n + 4 instants.
     */
    static Program<Void, Void> whenGuard(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Boolean> g = s.eventSignal("g");
            Process step = t -> probe.count++;
            s.parallel(
                    t -> {
                        for (int i = 1; i <= n; i++) {
                            if (i % 2 == 0) {
                                t.emit(g, Boolean.TRUE);
                            }
                            t.pause();
                        }
                    },
                    t -> {
                        for (int i = 0; i < n; i++) {
                            t.when(g, step);
                            t.pause();
                        }
                    });
        };
    }

    static long whenGuardLimit(int n) {
        return n + 4;
    }

    static void expectWhenGuard(int n, Probe p) {
        p.expect("when_guard n=" + n, whenGuardLimit(n), n / 2, false);
    }

    /**
     * watch_preempt: a body pausing n times inside {@code watch stop}, beside a killer pausing
     * max(1, n/3) times, emitting stop and pausing once more. The body runs in instants 0 to n/3
     * and is killed at the end of instant n/3 (at n below 3 it ends first).
     */
    static Program<Void, Void> watchPreempt(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Boolean> stop = s.eventSignal("stop");
            int k = Math.max(1, n / 3);
            s.parallel(
                    t -> {
                        t.watch(stop, u -> {
                            for (int i = 0; i < n; i++) {
                                probe.count++;
                                u.pause();
                            }
                        });
                        probe.done = true;
                    },
                    t -> {
                        for (int i = 0; i < k; i++) {
                            t.pause();
                        }
                        t.emit(stop, Boolean.TRUE);
                        t.pause();
                    });
        };
    }

    static void expectWatchPreempt(int n, Probe p) {
        int k = Math.max(1, n / 3);
        p.expect("watch_preempt n=" + n, k + 2, Math.min(n, k + 1), true); // tiny n: the body ends first
    }

    /** parallel_fanout: b branches, each pausing 40 times; 41 instants. */
    static Program<Void, Void> parallelFanout(int branches, Probe probe) {
        return (s, in, out) -> {
            Process branch = t -> {
                for (int i = 0; i < FANOUT_WORK; i++) {
                    t.pause();
                }
                probe.count++;
            };
            Process[] all = new Process[branches];
            java.util.Arrays.fill(all, branch);
            s.parallel(all);
        };
    }

    static void expectParallelFanout(int branches, Probe p) {
        p.expect("parallel_fanout b=" + branches, FANOUT_WORK + 1, branches, false);
    }

    /**
     * combined: an emitter emitting tick every instant, gate every third and stop in the last of n;
     * beside it a watcher awaiting tick and pausing inside {@code watch stop}, and a guarded
     * counter as in when_guard on gate. Bounded by Tempo's limit of n + 12 instants.
     */
    static Program<Void, Void> combined(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Integer> tick = s.eventSignal("tick");
            EventSignal<Boolean> gate = s.eventSignal("gate");
            EventSignal<Boolean> stop = s.eventSignal("stop");
            Process step = t -> probe.count++;
            s.parallel(
                    t -> {
                        for (int i = 1; i <= n; i++) {
                            t.emit(tick, i);
                            if (i % 3 == 0) {
                                t.emit(gate, Boolean.TRUE);
                            }
                            if (i == n) {
                                t.emit(stop, Boolean.TRUE);
                            }
                            t.pause();
                        }
                    },
                    t -> {
                        t.watch(stop, u -> {
                            for (int i = 0; i < n; i++) {
                                u.await(tick);
                                probe.sum++;
                                u.pause();
                            }
                        });
                        probe.done = true;
                    },
                    t -> {
                        for (int i = 0; i < n; i++) {
                            t.when(gate, step);
                            t.pause();
                        }
                    });
        };
    }

    static long combinedLimit(int n) {
        return n + 12;
    }

    /**
     * The guarded counter steps once per gate (n/3); the watcher is preempted (it needs two
     * instants per await, so it cannot finish its n awaits in n instants) and has awaited a tick
     * at most once per two instants.
     */
    static void expectCombined(int n, Probe p) {
        p.expect("combined n=" + n, combinedLimit(n), n / 3, true);
        if (p.sum < n / 2 - 1 || p.sum > n / 2 + 1) {
            throw new IllegalStateException("combined n=" + n + ": expected about " + n / 2 + " awaits, got " + p.sum);
        }
    }
}

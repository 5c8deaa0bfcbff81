package dev.lockstep.bench.sync;

import dev.lockstep.sync.EventSignal;
import dev.lockstep.sync.Program;
import dev.lockstep.sync.Sync;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The five workloads of Tempo's PPDP comparison with ReactiveML, as issue 4 describes them, with
 * the same operation counts; each counts what it must do in a {@link Probe} and has an {@code
 * expect} that checks the run (instants, wake-ups, leaves) after it.
 */
final class PpdpWorkloads {
    /** A workload by its name ("b1".."b5"): how to build it and how to check its run. */
    record Named(BiFunction<Integer, Probe, Program<Void, Void>> make, BiConsumer<Integer, Probe> check) {}

    /** The workload called {@code name} ("b1".."b5"), for the plain timing mains. */
    static Named named(String name) {
        return switch (name) {
            case "b1" -> new Named(PpdpWorkloads::b1, PpdpWorkloads::expectB1);
            case "b2" -> new Named(PpdpWorkloads::b2, PpdpWorkloads::expectB2);
            case "b3" -> new Named(PpdpWorkloads::b3, PpdpWorkloads::expectB3);
            case "b4" -> new Named(PpdpWorkloads::b4, PpdpWorkloads::expectB4);
            case "b5" -> new Named(PpdpWorkloads::b5, PpdpWorkloads::expectB5);
            default -> throw new IllegalArgumentException("no PPDP workload '" + name + "' (b1..b5)");
        };
    }

    private PpdpWorkloads() {}

    private static final Boolean UNIT = Boolean.TRUE;

    /** Every workload ends by itself well within this many instants. */
    static final long LIMIT = 1_000_000;

    // ---- b1: propagation chains ----------------------------------------------------------------

    /**
     * {@code ppdp-b1}: N+2 signals; {@code chain k in out} is {@code emit out} when k = 0, else a
     * fresh signal {@code mid} and in parallel {@code link in mid} (awaitImmediate in; emit mid)
     * and {@code chain (k-1) mid out}; top level: {@code chain N start end}, {@code awaitImmediate
     * end} and {@code emit start} in parallel. N wake-ups, one instant.
     */
    static Program<Void, Void> b1(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Boolean> start = s.eventSignal("start");
            EventSignal<Boolean> end = s.eventSignal("end");
            s.parallel(
                    t -> chain(t, n, start, end, probe),
                    t -> {
                        t.awaitImmediate(end);
                        probe.done = true;
                    },
                    t -> t.emit(start, UNIT));
        };
    }

    private static void chain(Sync s, int k, EventSignal<Boolean> in, EventSignal<Boolean> out, Probe probe) {
        if (k == 0) {
            s.emit(out, UNIT);
            return;
        }
        EventSignal<Boolean> mid = s.eventSignal("mid");
        s.parallel(
                t -> {
                    t.awaitImmediate(in);
                    probe.count++;
                    t.emit(mid, UNIT);
                },
                t -> chain(t, k - 1, mid, out, probe));
    }

    static void expectB1(int n, Probe p) {
        p.expect("ppdp-b1 n=" + n, 1, n, true);
    }

    // ---- b2: broadcast expansion ---------------------------------------------------------------

    /**
     * {@code ppdp-b2}: N observers, each {@code awaitImmediate trigger}, built as nested binary
     * parallels, in parallel with one {@code emit trigger}; one instant.
     */
    static Program<Void, Void> b2(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Boolean> trigger = s.eventSignal("trigger");
            s.parallel(t -> observers(t, n, trigger, probe), t -> t.emit(trigger, UNIT));
        };
    }

    private static void observers(Sync s, int n, EventSignal<Boolean> trigger, Probe probe) {
        if (n == 1) {
            s.awaitImmediate(trigger);
            probe.count++;
            return;
        }
        int half = n / 2;
        s.parallel(t -> observers(t, half, trigger, probe), t -> observers(t, n - half, trigger, probe));
    }

    static void expectB2(int n, Probe p) {
        p.expect("ppdp-b2 n=" + n, 1, n, false);
    }

    // ---- b3: fork explosion --------------------------------------------------------------------

    /** d = floor(log2 n). */
    static int depth(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }

    /**
     * {@code ppdp-b3}: {@code tree k} is nothing when k = 0, else {@code pause} then two {@code
     * tree (k-1)} in parallel; 2^d leaves over d+1 instants, no signals.
     */
    static Program<Void, Void> b3(int n, Probe probe) {
        int d = depth(n);
        return (s, in, out) -> tree(s, d, probe);
    }

    private static void tree(Sync s, int k, Probe probe) {
        if (k == 0) {
            probe.count++;
            return;
        }
        s.pause();
        s.parallel(t -> tree(t, k - 1, probe), t -> tree(t, k - 1, probe));
    }

    static void expectB3(int n, Probe p) {
        int d = depth(n);
        p.expect("ppdp-b3 n=" + n, d + 1, 1L << d, false);
    }

    // ---- b4: guarded cascades ------------------------------------------------------------------

    /**
     * {@code ppdp-b4}: {@code guarded k done} is {@code emit done} when k = 0, else a fresh signal
     * {@code guard} and in parallel {@code when guard (guarded (k-1) done)} and {@code emit
     * guard}; the top level in parallel with {@code awaitImmediate done}; n nested suspensions
     * resolved in one instant.
     */
    static Program<Void, Void> b4(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Boolean> done = s.eventSignal("done");
            s.parallel(t -> guarded(t, n, done, probe), t -> {
                t.awaitImmediate(done);
                probe.done = true;
            });
        };
    }

    private static void guarded(Sync s, int k, EventSignal<Boolean> done, Probe probe) throws Exception {
        if (k == 0) {
            s.emit(done, UNIT);
            return;
        }
        EventSignal<Boolean> guard = s.eventSignal("guard");
        s.parallel(
                t -> t.when(guard, u -> {
                    probe.count++;
                    guarded(u, k - 1, done, probe);
                }),
                t -> t.emit(guard, UNIT));
    }

    static void expectB4(int n, Probe p) {
        p.expect("ppdp-b4 n=" + n, 1, n, true);
    }

    // ---- b5: nested preemption -----------------------------------------------------------------

    /**
     * {@code ppdp-b5}: n nested {@code watch} levels alternating on two signals around a body that
     * pauses n+3 times, in parallel with a killer that pauses once and emits the outer level's
     * signal; the outermost watch fires at the end of instant 1 and the program ends in instant 2.
     */
    static Program<Void, Void> b5(int n, Probe probe) {
        return (s, in, out) -> {
            EventSignal<Boolean> a = s.eventSignal("a");
            EventSignal<Boolean> b = s.eventSignal("b");
            s.parallel(
                    t -> {
                        nest(t, n, n, a, b, probe);
                        probe.done = true; // after the outermost watch: instant 2
                        probe.sum = t.instant();
                    },
                    t -> {
                        t.pause();
                        t.emit(a, UNIT);
                    });
        };
    }

    /** Level {@code k} of {@code n} (n is the outermost) watches {@code a} when n - k is even. */
    private static void nest(Sync s, int k, int n, EventSignal<Boolean> a, EventSignal<Boolean> b, Probe probe)
            throws Exception {
        if (k == 0) {
            for (int i = 0; i < n + 3; i++) {
                s.pause();
                probe.count++;
            }
            return;
        }
        s.watch((n - k) % 2 == 0 ? a : b, t -> nest(t, k - 1, n, a, b, probe));
    }

    /** The body resumes from its first pause in instant 1 (count 1) and is killed at its end. */
    static void expectB5(int n, Probe p) {
        p.expect("ppdp-b5 n=" + n, 3, 1, 2, true);
    }
}

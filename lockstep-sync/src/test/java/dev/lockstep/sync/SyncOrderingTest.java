package dev.lockstep.sync;

import static dev.lockstep.sync.SyncTestSupport.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two ordering invariants of {@code internal.Kernel}, over many instants and more processes
 * than a LIFO/FIFO mix-up could get right by chance.
 */
class SyncOrderingTest {
    private final SyncTestSupport t = new SyncTestSupport();
    private static final int N = 7;

    private static Process[] pausers(SyncTestSupport t, int instants) {
        Process[] ps = new Process[N];
        for (int i = 0; i < N; i++) {
            String name = "p" + i;
            ps[i] = p -> {
                for (int k = 0; k < instants; k++) {
                    t.log(p, name);
                    p.pause();
                }
            };
        }
        return ps;
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void nextQueueKeepsStableOrder(SyncSetup b) {
        int instants = 6;
        runToEnd(b, (s, in, out) -> s.parallel(pausers(t, instants)));
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < instants; k++) {
            for (int i = 0; i < N; i++) {
                expected.add(k + ":p" + i); // the same order every instant: no reversal at rollover
            }
        }
        assertThat(t.log).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void waitersWakeInRegistrationOrder(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Integer> x = s.eventSignal("x");
            EventSignal<Integer> y = s.eventSignal("y");
            Process[] ps = new Process[N + 1];
            for (int i = 0; i < N; i++) {
                String name = "w" + i;
                int delay = N - 1 - i; // registers in instant `delay`: w6 first, w0 last
                ps[i] = p -> {
                    for (int k = 0; k < delay; k++) {
                        p.pause();
                    }
                    t.log(p, name + " waits");
                    int v = p.await(x);
                    t.log(p, name + " got " + v);
                    t.log(p, name + " immediate " + p.awaitImmediate(y));
                };
            }
            ps[N] = p -> {
                for (int k = 0; k < N; k++) {
                    p.pause();
                }
                p.emit(x, 1); // instant N: every waiter is registered
                p.pause();
                t.log(p, "emit y");
                p.emit(y, 2); // instant N + 1, after the waiters re-registered on y
            };
            s.parallel(ps);
        });
        List<String> woken = t.log.stream()
                .filter(l -> l.contains(" got ") || l.contains(" immediate "))
                .toList();
        List<String> expected = new ArrayList<>();
        for (int i = N - 1; i >= 0; i--) {
            expected.add((N + 1) + ":w" + i + " got 1"); // registration order: w6 registered first
        }
        for (int i = N - 1; i >= 0; i--) {
            expected.add((N + 1) + ":w" + i + " immediate 2");
        }
        assertThat(woken).isEqualTo(expected);
    }
}

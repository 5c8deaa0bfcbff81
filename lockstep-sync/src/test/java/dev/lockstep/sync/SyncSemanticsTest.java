package dev.lockstep.sync;

import static dev.lockstep.sync.SyncTestSupport.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The instant semantics of docs/sync.md, each with its expected per-instant log, on both backends. */
class SyncSemanticsTest {
    private final SyncTestSupport t = new SyncTestSupport();

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void pauseContinuesInTheNextInstant(SyncSetup b) {
        Timeline<Integer, Integer> tl = runToEnd(b, (s, in, out) -> {
            t.log(s, "started");
            s.pause();
            t.log(s, "resumed");
            s.pause();
            t.log(s, "done");
        });
        assertThat(t.log).containsExactly("0:started", "1:resumed", "2:done");
        assertThat(tl.size()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void oneEmissionWakesSeveralAwaitersInRegistrationOrder(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<Integer> x = s.eventSignal("x");
            s.parallel(
                    p -> t.log(p, "a got " + p.await(x)),
                    p -> t.log(p, "b got " + p.await(x)),
                    p -> t.log(p, "c got " + p.await(x)),
                    p -> {
                        p.pause();
                        t.log(p, "emit");
                        p.emit(x, 7);
                    });
            t.log(s, "joined");
        });
        assertThat(t.log).containsExactly("1:emit", "2:a got 7", "2:b got 7", "2:c got 7", "2:joined");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void emitThenAwaitImmediateInOneInstant(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<String> x = s.eventSignal("x");
            s.emit(x, "v");
            t.log(s, "immediate " + s.awaitImmediate(x));
            t.log(s, "await " + s.await(x));
        });
        assertThat(t.log).containsExactly("0:immediate v", "1:await v");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void awaitImmediateWakesInTheEmittingInstant(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            EventSignal<String> x = s.eventSignal("x");
            s.parallel(p -> t.log(p, "got " + p.awaitImmediate(x)), p -> {
                p.pause();
                p.pause();
                p.emit(x, "late");
                t.log(p, "emitted");
            });
        });
        assertThat(t.log).containsExactly("2:emitted", "2:got late");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void aggregateSumAndListIncludingAWaiterRegisteredAfterEmissions(SyncSetup b) {
        runToEnd(b, (s, in, out) -> {
            AggregateSignal<Integer, Integer> sum = s.aggregateSignal("sum", 0, Integer::sum);
            AggregateSignal<String, List<String>> list = s.aggregateSignal("list", List.of(), (acc, e) -> {
                List<String> n = new ArrayList<>(acc);
                n.add(e);
                return List.copyOf(n);
            });
            s.parallel(
                    p -> t.log(p, "early sum " + p.await(sum)),
                    p -> {
                        p.emit(sum, 1);
                        p.emit(list, "a");
                        p.emit(sum, 2);
                    },
                    p -> {
                        p.emit(sum, 3);
                        p.emit(list, "b");
                        t.log(p, "late sum " + p.await(sum));
                        t.log(p, "list next instant " + p.await(list));
                    },
                    p -> t.log(p, "list " + p.await(list)));
        });
        assertThat(t.log).containsExactly("1:early sum 6", "1:late sum 6", "1:list [a, b]");
        // the list waiter registered in instant 1, where nothing is emitted any more: it never wakes
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.sync.SyncSetup#all")
    void tickTockOverTenInstants(SyncSetup b) {
        try (Machine<Integer, String> m = SyncTestSupport.machine(
                b,
                (s, in, out) -> {
                    EventSignal<Boolean> tick = s.eventSignal("tick");
                    EventSignal<Boolean> tock = s.eventSignal("tock");
                    s.parallel(
                            p -> {
                                while (true) {
                                    p.emit(tick, true);
                                    p.emit(out, "tick");
                                    p.await(tock);
                                }
                            },
                            p -> {
                                while (true) {
                                    p.await(tick);
                                    p.emit(tock, true);
                                    p.emit(out, "tock");
                                }
                            });
                },
                10)) {
            Timeline<Integer, String> tl = m.run();
            assertThat(tl.outputs())
                    .containsExactly("tick", "tock", "tick", "tock", "tick", "tock", "tick", "tock", "tick", "tock");
            assertThat(m.instant()).isEqualTo(10);
        }
    }
}

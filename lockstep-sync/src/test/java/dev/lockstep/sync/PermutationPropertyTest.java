package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A program whose parallel branches communicate only through signals gives the same outputs (and
 * the same per-branch observations) under every permutation of its branches.
 */
class PermutationPropertyTest {
    /** Branch scripts (ops encoded as code * 10 + argument) and a permutation of their indices. */
    record Case(List<List<Integer>> branches, List<Integer> order) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 59);
        Arbitrary<List<Integer>> branch = op.list().ofMinSize(1).ofMaxSize(12);
        return branch.list().ofMinSize(2).ofMaxSize(5).flatMap(bs -> {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < bs.size(); i++) {
                idx.add(i);
            }
            return Combinators.combine(Arbitraries.just(bs), Arbitraries.shuffle(idx))
                    .as(Case::new);
        });
    }

    @Property(tries = 200)
    void branchesCommunicatingThroughSignalsAreOrderIndependent(@ForAll("cases") Case c) {
        List<Integer> identity = new ArrayList<>();
        for (int i = 0; i < c.branches().size(); i++) {
            identity.add(i);
        }
        Observed a = run(c.branches(), identity);
        Observed b = run(c.branches(), c.order());
        assertThat(b).isEqualTo(a);
    }

    record Observed(List<Long> outputs, List<List<String>> branchLogs) {}

    private static Observed run(List<List<Integer>> scripts, List<Integer> order) {
        int n = scripts.size();
        List<List<String>> logs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            logs.add(new ArrayList<>());
        }
        Program<Long, Long> program = (s, in, out) -> {
            List<EventSignal<Long>> own = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                own.add(s.eventSignal("e" + i));
            }
            AggregateSignal<Long, Long> total = s.aggregateSignal("total", 0L, Long::sum);
            s.fork(p -> {
                while (true) {
                    p.emit(out, p.await(total));
                }
            });
            Process[] branches = new Process[n];
            for (int k = 0; k < n; k++) {
                int b = order.get(k);
                branches[k] = p -> script(p, b, scripts.get(b), own, total, logs.get(b));
            }
            s.parallel(branches);
        };
        try (Machine<Long, Long> m = Machine.builder(program).maxInstants(30).build()) {
            return new Observed(m.run().outputs(), logs);
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
        long lastEmit = -1;
        for (int op : ops) {
            int code = op / 10;
            int arg = op % 10;
            EventSignal<Long> other = own.get(arg % own.size());
            switch (code) {
                case 0 -> p.pause();
                case 1 -> {
                    if (lastEmit != p.instant()) {
                        lastEmit = p.instant();
                        p.emit(own.get(b), acc[0] * 7 + arg);
                    }
                }
                case 2 -> acc[0] += p.awaitImmediate(other);
                case 3 -> acc[0] += p.await(other);
                case 4 -> p.presentThenElse(other, q -> acc[0] += 1, q -> acc[0] += 100);
                default -> p.emit(total, acc[0]);
            }
            log.add(p.instant() + ":" + acc[0]);
        }
    }
}

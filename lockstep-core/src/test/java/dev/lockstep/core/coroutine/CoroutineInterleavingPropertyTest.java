package dev.lockstep.core.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * For any number of coroutines with any yield counts, yielding at any call depth, resumed round
 * robin on either backend, the trace is the model's: round r holds, in coroutine order, one entry
 * for every coroutine that yields at least r times; resume returns SUSPENDED until the round of
 * the coroutine's last entry, which returns DONE.
 */
class CoroutineInterleavingPropertyTest {

    private static void yieldAtDepth(int depth) {
        if (depth == 0) {
            Coroutine.yield();
        } else {
            yieldAtDepth(depth - 1);
        }
    }

    @Property(tries = 200)
    void roundRobinTraceMatchesTheModel(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 6) Integer> yields,
            @ForAll @IntRange(min = 0, max = 20) int depth,
            @ForAll CoroutineBackend backend) {
        List<String> trace = new ArrayList<>();
        List<Coroutine<Integer>> all = new ArrayList<>();
        for (int i = 0; i < yields.size(); i++) {
            int k = yields.get(i);
            all.add(Coroutine.create("p" + i, i, backend, self -> {
                for (int s = 0; s <= k; s++) {
                    trace.add(self.context() + ":" + s);
                    if (s < k) {
                        yieldAtDepth(depth);
                    }
                }
            }));
        }
        int max = yields.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> expected = new ArrayList<>();
        for (int r = 0; r <= max; r++) {
            for (int i = 0; i < all.size(); i++) {
                Coroutine<Integer> c = all.get(i);
                if (c.state() == CoroutineState.DONE) {
                    assertThat(yields.get(i)).isLessThan(r);
                    continue;
                }
                expected.add(i + ":" + r);
                CoroutineState s = c.resume();
                assertThat(s).isEqualTo(r < yields.get(i) ? CoroutineState.SUSPENDED : CoroutineState.DONE);
            }
        }
        assertThat(trace).isEqualTo(expected);
        assertThat(all).allMatch(c -> c.state() == CoroutineState.DONE);
    }
}

package dev.lockstep.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TimerHeap} against a sorted list, under random arming, removal from anywhere and polling. */
class TimerHeapTest {
    private record Armed(IoTaskRecord r, long at, long order) {}

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void indexAndPositionAgreeAfterEveryOperation(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TimerHeap heap = new TimerHeap();
        List<IoTaskRecord> idle = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            idle.add(new IoTaskRecord(null));
        }
        List<Armed> model = new ArrayList<>();
        long order = 0;
        long base = Long.MAX_VALUE - 500; // deadlines straddle the wrap of nanoTime readings
        for (int step = 0; step < 5_000; step++) {
            int op = rnd.nextInt(3);
            if (op == 0 && !idle.isEmpty()) {
                IoTaskRecord r = idle.remove(rnd.nextInt(idle.size()));
                long at = base + rnd.nextInt(1000); // overflows past Long.MAX_VALUE on purpose
                heap.add(r, at, rnd.nextBoolean());
                model.add(new Armed(r, at, order++));
            } else if (op == 1 && !model.isEmpty()) {
                Armed a = model.remove(rnd.nextInt(model.size()));
                heap.remove(a.r());
                heap.remove(a.r()); // a second remove is a no-op
                idle.add(a.r());
            } else if (!model.isEmpty()) {
                model.sort(Comparator.comparingLong((Armed a) -> a.at() - base).thenComparingLong(Armed::order));
                Armed first = model.remove(0);
                assertThat(heap.poll()).isSameAs(first.r());
                idle.add(first.r());
            }
            heap.check();
            assertThat(heap.size()).isEqualTo(model.size());
            for (Armed a : model) {
                assertThat(a.r().timerIndex).isNotNegative();
            }
            for (IoTaskRecord r : idle) {
                assertThat(r.timerIndex).isEqualTo(-1);
            }
        }
    }

    @Test
    void equalDeadlinesFireInArmingOrder() {
        TimerHeap heap = new TimerHeap();
        List<IoTaskRecord> rs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            IoTaskRecord r = new IoTaskRecord(null);
            rs.add(r);
            heap.add(r, 7, true);
        }
        for (IoTaskRecord r : rs) {
            assertThat(heap.poll()).isSameAs(r);
        }
        assertThat(heap.poll()).isNull();
    }

    @Test
    void clearForgetsEveryTimer() {
        TimerHeap heap = new TimerHeap();
        IoTaskRecord r = new IoTaskRecord(null);
        heap.add(r, 1, false);
        heap.clear();
        assertThat(heap.isEmpty()).isTrue();
        heap.add(r, 2, false); // it may be armed again
        assertThat(heap.peek()).isSameAs(r);
    }
}

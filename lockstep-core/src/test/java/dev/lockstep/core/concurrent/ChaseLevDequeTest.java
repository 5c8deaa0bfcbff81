package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ChaseLevDequeTest {
    @Test
    void ownerPopsLifoThievesStealFifo() {
        ChaseLevDeque<Integer> d = new ChaseLevDeque<>(4);
        for (int i = 0; i < 10; i++) {
            d.push(i);
        }
        assertThat(d.size()).isEqualTo(10);
        assertThat(d.capacity()).isGreaterThanOrEqualTo(10);
        assertThat(d.steal()).isEqualTo(0);
        assertThat(d.steal()).isEqualTo(1);
        assertThat(d.pop()).isEqualTo(9);
        assertThat(d.pop()).isEqualTo(8);
        List<Integer> rest = new ArrayList<>();
        for (Integer x; (x = d.pop()) != null; ) {
            rest.add(x);
        }
        assertThat(rest).containsExactly(7, 6, 5, 4, 3, 2);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.steal()).isNull();
    }

    @Test
    void stolenSlotsAreClearedByOwnerWithoutTouchingLiveElements() {
        ChaseLevDeque<Integer> d = new ChaseLevDeque<>(4);
        // Wrap around the ring many times with a mix of steals and pops; every element comes out once.
        int next = 0;
        List<Integer> out = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            d.push(next++);
            d.push(next++);
            d.push(next++);
            out.add(d.steal());
            out.add(d.steal());
        }
        for (Integer x; (x = d.pop()) != null; ) {
            out.add(x);
        }
        assertThat(out).doesNotContainNull().hasSize(next).doesNotHaveDuplicates();
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> new ChaseLevDeque<String>().push(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("null element");
    }

    @Test
    void everyElementIsTakenExactlyOnceUnderConcurrentSteals() throws Exception {
        int n = Boolean.getBoolean("long") ? 2_000_000 : 200_000;
        ChaseLevDeque<Integer> d = new ChaseLevDeque<>(2);
        ConcurrentLinkedQueue<Integer> stolen = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> thieves = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (!done.get() || !d.isEmpty()) {
                    Integer x = d.steal();
                    if (x != null) {
                        stolen.add(x);
                    }
                }
            });
            t.start();
            thieves.add(t);
        }
        List<Integer> popped = new ArrayList<>();
        start.countDown();
        for (int i = 0; i < n; i++) {
            d.push(i);
            if ((i & 3) == 0) {
                Integer x = d.pop();
                if (x != null) {
                    popped.add(x);
                }
            }
        }
        done.set(true);
        for (Thread t : thieves) {
            t.join();
        }
        Set<Integer> all = new HashSet<>(popped);
        for (Integer x : stolen) {
            assertThat(all.add(x)).as("element %s taken twice", x).isTrue();
        }
        assertThat(all).hasSize(n);
    }
}

package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class LockFreeStackTest {
    @Test
    void popsInLifoOrder() {
        LockFreeStack<Integer> s = new LockFreeStack<>();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.pop()).isNull();
        assertThat(s.peek()).isNull();
        for (int i = 0; i < 5; i++) {
            s.push(i);
        }
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.peek()).isEqualTo(4);
        List<Integer> out = new ArrayList<>();
        for (Integer x; (x = s.pop()) != null; ) {
            out.add(x);
        }
        assertThat(out).containsExactly(4, 3, 2, 1, 0);
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.size()).isZero();
        assertThat(s.toString()).contains("size=0");
    }

    @Test
    void nullIsRejectedWithAClearMessage() {
        LockFreeStack<String> s = new LockFreeStack<>();
        assertThatThrownBy(() -> s.push(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("does not accept null elements");
        assertThat(s.isEmpty()).isTrue();
    }

    /**
     * Threads push and pop concurrently (nodes are popped and fresh ones pushed at the same top
     * values, the pattern that produces ABA with recycled nodes); every pushed element is popped
     * exactly once ({@code nodesAreNeverRecycledSoNoAba}).
     */
    @Test
    void nodesAreNeverRecycledSoNoAba() throws Exception {
        LockFreeStack<Integer> s = new LockFreeStack<>();
        int threads = 4;
        int perThread = Stress.LONG ? 1_000_000 : 50_000;
        ConcurrentLinkedQueue<Integer> popped = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    s.push(base + i);
                    Integer x = s.pop(); // never null: this thread's push precedes it
                    popped.add(x == null ? -1 : x);
                }
            }));
        }
        for (Thread t : ts) {
            Threads.join(t);
        }
        assertThat(s.isEmpty()).isTrue();
        boolean[] seen = new boolean[threads * perThread];
        for (int x : popped) {
            assertThat(x).isNotNegative();
            assertThat(seen[x]).as("popped twice: %d", x).isFalse();
            seen[x] = true;
        }
        assertThat(popped).hasSize(threads * perThread);
    }
}

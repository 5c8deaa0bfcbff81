package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LevelPriorityQueueTest {
    @Test
    void pollServesTheHighestNonEmptyLevelFifoWithinALevel() {
        LevelPriorityQueue<String> q = PriorityTaskQueue.withLevels(3);
        assertThat(q.levels()).isEqualTo(3);
        q.add("low-1", 0);
        q.add("mid-1", 1);
        q.add("high-1", 2);
        q.add("low-2", 0);
        q.add("high-2", 2);
        q.add("mid-2", 1);
        assertThat(q.size()).isEqualTo(6);
        assertThat(q.size(2)).isEqualTo(2);
        List<String> out = new ArrayList<>();
        for (String x; (x = q.poll()) != null; ) {
            out.add(x);
        }
        assertThat(out).containsExactly("high-1", "high-2", "mid-1", "mid-2", "low-1", "low-2");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size()).isZero();
    }

    @Test
    void aHigherElementAddedLaterOvertakesLowerOnes() {
        LevelPriorityQueue<String> q = new LevelPriorityQueue<>(2);
        q.add("low-1", 0);
        q.add("low-2", 0);
        assertThat(q.poll()).isEqualTo("low-1");
        q.add("high", 1);
        assertThat(q.poll()).isEqualTo("high");
        assertThat(q.poll()).isEqualTo("low-2");
        assertThat(q.poll()).isNull();
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        LevelPriorityQueue<String> q = new LevelPriorityQueue<>(4);
        assertThatThrownBy(() -> q.add("x", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level 4 is not in [0, 3]");
        assertThatThrownBy(() -> q.add("x", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level -1");
        assertThatThrownBy(() -> q.add(null, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("does not accept null elements");
        assertThatThrownBy(() -> new LevelPriorityQueue<String>(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> new LevelPriorityQueue<String>(LevelPriorityQueue.MAX_LEVELS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(q.isEmpty()).isTrue();
    }

    /**
     * Producers add tagged sequences to every level while consumers poll: every element comes out
     * exactly once, and per producer and level a consumer sees increasing sequence numbers (FIFO
     * within a level).
     */
    @Test
    void concurrentAddersAndPollersLoseNothingAndKeepLevelFifo() throws Exception {
        int levels = 3;
        int producers = 2;
        int perProducer = Stress.LONG ? 500_000 : 30_000;
        LevelPriorityQueue<long[]> q = new LevelPriorityQueue<>(levels);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            ps.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    q.add(new long[] {id, i % levels, i}, i % levels);
                }
            }));
        }
        long total = (long) producers * perProducer;
        java.util.concurrent.atomic.AtomicLong polled = new java.util.concurrent.atomic.AtomicLong();
        boolean[][] seen = new boolean[producers][perProducer];
        List<Thread> cs = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            cs.add(Thread.ofPlatform().start(() -> {
                long[][] last = new long[producers][levels];
                for (long[] row : last) {
                    java.util.Arrays.fill(row, -1);
                }
                while (polled.get() < total) {
                    long[] x = q.poll();
                    if (x == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    polled.incrementAndGet();
                    int p = (int) x[0];
                    int level = (int) x[1];
                    if (x[2] <= last[p][level]) {
                        failure.compareAndSet(null, new AssertionError("level " + level + " not FIFO"));
                    }
                    last[p][level] = x[2];
                    synchronized (seen) {
                        if (seen[p][(int) x[2]]) {
                            failure.compareAndSet(null, new AssertionError("duplicate"));
                        }
                        seen[p][(int) x[2]] = true;
                    }
                }
            }));
        }
        for (Thread t : ps) {
            Threads.join(t);
        }
        for (Thread t : cs) {
            Threads.join(t);
        }
        assertThat(failure.get()).isNull();
        assertThat(polled.get()).isEqualTo(total);
        assertThat(q.isEmpty()).isTrue();
    }
}

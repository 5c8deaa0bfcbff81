package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** MpmcQueue beyond the shared {@link QueueSpecTest}: several producers and consumers at once. */
class MpmcQueueTest {
    private static final int PRODUCERS = 3;
    private static final int CONSUMERS = 3;

    /**
     * Every producer offers an increasing sequence tagged with its id; every consumer records what
     * it polls. Invariants: every element comes out exactly once ({@code everyClaimedSlotIsConsumed
     * ExactlyOnce}), and each consumer sees each producer's elements in increasing order (FIFO: a
     * consumer cannot overtake an earlier claim of the same producer).
     */
    @Test
    void everyClaimedSlotIsConsumedExactlyOnceAndPerProducerOrderHolds() throws Exception {
        int perProducer = Stress.LONG ? 2_000_000 : 100_000;
        MpmcQueue<Long> q = new MpmcQueue<>(8); // small: full and empty happen constantly
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            long tag = (long) p << 32;
            producers.add(Thread.ofPlatform().name("p" + p).start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    while (!q.offer(tag | i)) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        long total = (long) PRODUCERS * perProducer;
        boolean[][] seen = new boolean[PRODUCERS][perProducer];
        java.util.concurrent.atomic.AtomicLong polled = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            consumers.add(Thread.ofPlatform().name("c" + c).start(() -> {
                int[] last = new int[PRODUCERS];
                java.util.Arrays.fill(last, -1);
                while (polled.get() < total) {
                    Long x = q.poll();
                    if (x == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    polled.incrementAndGet();
                    int p = (int) (x >>> 32);
                    int i = (int) (long) x;
                    if (i <= last[p]) {
                        failure.compareAndSet(
                                null, new AssertionError("producer " + p + ": " + i + " after " + last[p]));
                    }
                    last[p] = i;
                    synchronized (seen) {
                        if (seen[p][i]) {
                            failure.compareAndSet(null, new AssertionError("duplicate " + p + "/" + i));
                        }
                        seen[p][i] = true;
                    }
                }
            }));
        }
        for (Thread t : producers) {
            Threads.join(t);
        }
        for (Thread t : consumers) {
            Threads.join(t);
        }
        assertThat(failure.get()).isNull();
        assertThat(polled.get()).isEqualTo(total);
        for (int p = 0; p < PRODUCERS; p++) {
            for (int i = 0; i < perProducer; i++) {
                assertThat(seen[p][i]).as("lost %d/%d", p, i).isTrue();
            }
        }
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size()).isZero();
    }

    @Test
    void capacityOneIsRoundedUpToTwo() {
        // with one slot "published in lap L" and "free in lap L+1" would be the same sequence value
        MpmcQueue<String> q = new MpmcQueue<>(1);
        assertThat(q.capacity()).isEqualTo(2);
        assertThat(q.offer("a")).isTrue();
        assertThat(q.offer("b")).isTrue();
        assertThat(q.offer("c")).isFalse();
        assertThat(q.poll()).isEqualTo("a");
        assertThat(q.toString()).contains("capacity=2", "size=1");
    }

    @Test
    void closeStopsOffersButNotPolls() {
        MpmcQueue<String> q = new MpmcQueue<>(4);
        q.offer("a");
        assertThat(q.close()).isTrue();
        assertThat(q.close()).isFalse();
        assertThat(q.isClosed()).isTrue();
        assertThat(q.offerOrClosed("b")).isEqualTo(MpmcQueue.CLOSED);
        assertThat(q.size()).isEqualTo(1); // the closed bit is not counted as elements
        assertThat(q.isEmpty()).isFalse();
        assertThat(q.poll()).isEqualTo("a");
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }
}

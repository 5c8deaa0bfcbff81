package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** SpscQueue beyond the shared {@link QueueSpecTest}. */
class SpscQueueTest {
    @Test
    void capacityOneWorks() {
        SpscQueue<String> q = new SpscQueue<>(1);
        assertThat(q.capacity()).isEqualTo(1);
        assertThat(q.offer("a")).isTrue();
        assertThat(q.offer("b")).isFalse();
        assertThat(q.poll()).isEqualTo("a");
        assertThat(q.poll()).isNull();
        assertThat(q.offer("b")).isTrue();
        assertThat(q.toString()).contains("capacity=1", "size=1");
    }

    /**
     * The producer's cached consumer index goes stale as soon as the consumer polls; offer must
     * refresh it before answering "full" ({@code cachedIndicesAreRefreshedBeforeFullOrEmpty}).
     */
    @Test
    void cachedIndicesAreRefreshedBeforeFullOrEmpty() {
        SpscQueue<Integer> q = new SpscQueue<>(2);
        q.offer(1);
        q.offer(2);
        assertThat(q.offer(3)).isFalse(); // cache now says consumer at 0
        assertThat(q.poll()).isEqualTo(1); // consumer at 1; producer's cache is stale
        assertThat(q.offer(3)).isTrue(); // refreshed
        assertThat(q.poll()).isEqualTo(2);
        assertThat(q.poll()).isEqualTo(3);
        assertThat(q.poll()).isNull(); // consumer's cache says producer at 3
        q.offer(4);
        assertThat(q.poll()).isEqualTo(4); // refreshed
    }

    /** One producer and one consumer thread, with a third thread reading size: it stays in range. */
    @Test
    void sizeFromAThirdThreadStaysWithinBounds() throws Exception {
        SpscQueue<Integer> q = new SpscQueue<>(4);
        int n = Stress.LONG ? 5_000_000 : 200_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                while (!q.offer(i)) {
                    Thread.onSpinWait();
                }
            }
        });
        Thread consumer = Thread.ofPlatform().start(() -> {
            for (int expected = 0; expected < n; ) {
                Integer x = q.poll();
                if (x == null) {
                    Thread.onSpinWait();
                } else if (x != expected++) {
                    failure.compareAndSet(null, new AssertionError("out of order: " + x));
                    return;
                }
            }
        });
        while (consumer.isAlive()) {
            int s = q.size();
            if (s < 0 || s > q.capacity()) {
                failure.compareAndSet(null, new AssertionError("size " + s));
            }
        }
        Threads.join(producer);
        Threads.join(consumer);
        assertThat(failure.get()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }
}

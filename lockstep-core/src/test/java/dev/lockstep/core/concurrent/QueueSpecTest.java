package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link BoundedQueue} contract, written once and run against every implementation (the habit
 * of JCTools' QueueSanityTest). Everything here uses at most one producer and one consumer thread,
 * so it holds for {@link SpscQueue} too; multi-producer behaviour is tested per class.
 */
class QueueSpecTest {
    /** Builds a queue for a requested capacity. */
    interface Factory extends IntFunction<BoundedQueue<Integer>> {}

    static Stream<Named<Factory>> queues() {
        return Stream.of(
                Named.of("MpmcQueue", (Factory) MpmcQueue::new),
                Named.of("BlockingMpmcQueue", (Factory) c -> new BlockingMpmcQueue<>("spec", c)),
                Named.of("SpscQueue", (Factory) SpscQueue::new));
    }

    @ParameterizedTest
    @MethodSource("queues")
    void pollsInOfferOrder(Factory factory) {
        BoundedQueue<Integer> q = factory.apply(8);
        for (int i = 0; i < 8; i++) {
            assertThat(q.offer(i)).isTrue();
        }
        for (int i = 0; i < 8; i++) {
            assertThat(q.poll()).isEqualTo(i);
        }
        assertThat(q.poll()).isNull();
    }

    @ParameterizedTest
    @MethodSource("queues")
    void offerReturnsFalseWhenFullAndTrueAgainAfterAPoll(Factory factory) {
        BoundedQueue<Integer> q = factory.apply(4);
        for (int i = 0; i < q.capacity(); i++) {
            assertThat(q.offer(i)).as("offer %d of %d", i, q.capacity()).isTrue();
        }
        assertThat(q.offer(99)).isFalse();
        assertThat(q.size()).isEqualTo(q.capacity());
        assertThat(q.poll()).isEqualTo(0);
        assertThat(q.offer(99)).isTrue();
        assertThat(q.offer(100)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("queues")
    void capacityIsAPowerOfTwoAtLeastTheRequest(Factory factory) {
        for (int requested : new int[] {2, 3, 5, 1000, 1024, 1025}) {
            int c = factory.apply(requested).capacity();
            assertThat(Integer.bitCount(c))
                    .as("capacity %d for %d", c, requested)
                    .isEqualTo(1);
            assertThat(c).isGreaterThanOrEqualTo(requested).isLessThan(2 * requested);
        }
        assertThat(factory.apply(1).capacity()).isBetween(1, 2);
    }

    @ParameterizedTest
    @MethodSource("queues")
    void invalidCapacityIsRejectedWithTheValue(Factory factory) {
        for (int bad : new int[] {0, -1, MpmcQueue.MAX_CAPACITY + 1}) {
            assertThatThrownBy(() -> factory.apply(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capacity")
                    .hasMessageContaining(String.valueOf(bad));
        }
    }

    @ParameterizedTest
    @MethodSource("queues")
    void nullIsRejectedWithAClearMessage(Factory factory) {
        BoundedQueue<Integer> q = factory.apply(4);
        assertThatThrownBy(() -> q.offer(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("does not accept null elements");
        assertThat(q.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("queues")
    void sizeAndIsEmptyFollowTheContents(Factory factory) {
        BoundedQueue<Integer> q = factory.apply(4);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size()).isZero();
        q.offer(1);
        q.offer(2);
        assertThat(q.isEmpty()).isFalse();
        assertThat(q.size()).isEqualTo(2);
        q.poll();
        q.poll();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size()).isZero();
    }

    @ParameterizedTest
    @MethodSource("queues")
    void slotsAreReusedAcrossManyLapsInOrder(Factory factory) {
        BoundedQueue<Integer> q = factory.apply(4);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 1000; round++) { // uneven batches: every phase of the ring
            int batch = 1 + round % q.capacity();
            for (int i = 0; i < batch; i++) {
                assertThat(q.offer(next++)).isTrue();
            }
            for (int i = 0; i < batch; i++) {
                assertThat(q.poll()).isEqualTo(expected++);
            }
        }
        assertThat(q.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("queues")
    void drainStopsAtTheLimitOrWhenEmpty(Factory factory) {
        BoundedQueue<Integer> q = factory.apply(8);
        for (int i = 0; i < 5; i++) {
            q.offer(i);
        }
        List<Integer> out = new ArrayList<>();
        assertThat(q.drain(out::add, 3)).isEqualTo(3);
        assertThat(out).containsExactly(0, 1, 2);
        assertThat(q.drain(out::add, 10)).isEqualTo(2);
        assertThat(out).containsExactly(0, 1, 2, 3, 4);
        assertThat(q.drain(out::add, 10)).isZero();
        assertThat(q.drain(out::add, 0)).isZero();
        assertThatThrownBy(() -> q.drain(out::add, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @ParameterizedTest
    @MethodSource("queues")
    void oneProducerThreadAndOneConsumerThreadTransferEverythingInOrder(Factory factory) throws Exception {
        BoundedQueue<Integer> q = factory.apply(16);
        int n = Stress.LONG ? 5_000_000 : 200_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                while (!q.offer(i)) {
                    Thread.onSpinWait();
                }
            }
        });
        int expected = 0;
        while (expected < n) {
            Integer x = q.poll();
            if (x == null) {
                Thread.onSpinWait();
                continue;
            }
            if (x != expected) {
                failure.set(new AssertionError("expected " + expected + " but polled " + x));
                break;
            }
            expected++;
        }
        producer.join();
        assertThat(failure.get()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }
}

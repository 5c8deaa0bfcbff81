package dev.lockstep.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class BlockingMpmcQueueTest {
    private static final long LONG_WAIT_SECONDS = 300; // a hang guard no passing run comes near

    private static Thread start(String name, ThrowingRunnable body, AtomicReference<Throwable> failure) {
        return Thread.ofPlatform().name(name).start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void putWaitsForRoomAndTakeWaitsForAnElement() throws Exception {
        BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("q", 2);
        q.put(1);
        q.put(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = start("producer", () -> q.put(3), failure);
        Threads.awaitParked(producer);
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.take()).isEqualTo(1); // frees a slot: the parked producer must be woken
        Threads.join(producer);
        assertThat(q.take()).isEqualTo(2);
        assertThat(q.take()).isEqualTo(3);

        AtomicInteger taken = new AtomicInteger();
        Thread consumer = start("consumer", () -> taken.set(q.take()), failure);
        Threads.awaitParked(consumer);
        q.put(7); // the parked consumer must be woken
        Threads.join(consumer);
        assertThat(taken.get()).isEqualTo(7);
        assertThat(failure.get()).isNull();
    }

    @Test
    void closeWakesBlockedProducersWithQueueClosedException() throws Exception {
        BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("orders", 2);
        q.put(1);
        q.put(2);
        List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(3);
        List<Thread> producers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int value = 10 + i;
            producers.add(Thread.ofPlatform().start(() -> {
                try {
                    if (value == 12) {
                        q.offer(value, LONG_WAIT_SECONDS, TimeUnit.SECONDS);
                    } else {
                        q.put(value);
                    }
                } catch (Throwable t) {
                    thrown.add(t);
                } finally {
                    done.countDown();
                }
            }));
        }
        Threads.awaitParked(producers.toArray(Thread[]::new));
        q.close();
        assertThat(done.await(LONG_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(thrown)
                .hasSize(3)
                .allSatisfy(t -> assertThat(t)
                        .isInstanceOf(QueueClosedException.class)
                        .hasMessageContaining("'orders'")
                        .hasMessageContaining("closed"));
        assertThat(((QueueClosedException) thrown.get(0)).queueName()).isEqualTo("orders");
        // what was in the queue before the close is still delivered
        assertThat(q.poll()).isEqualTo(1);
        assertThat(q.poll()).isEqualTo(2);
        assertThat(q.poll()).isNull();
    }

    @Test
    void closeWakesBlockedConsumersTakeThrowsTimedPollReturnsNull() throws Exception {
        BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("jobs", 4);
        AtomicReference<Throwable> takeResult = new AtomicReference<>();
        AtomicReference<Object> pollResult = new AtomicReference<>("not yet");
        CountDownLatch done = new CountDownLatch(2);
        Thread taker = Thread.ofPlatform().start(() -> {
            try {
                q.take();
            } catch (Throwable t) {
                takeResult.set(t);
            } finally {
                done.countDown();
            }
        });
        Thread poller = Thread.ofPlatform().start(() -> {
            try {
                pollResult.set(q.poll(LONG_WAIT_SECONDS, TimeUnit.SECONDS));
            } catch (Throwable t) {
                pollResult.set(t);
            } finally {
                done.countDown();
            }
        });
        Threads.awaitParked(taker, poller);
        q.close();
        assertThat(done.await(LONG_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(takeResult.get())
                .isInstanceOf(QueueClosedException.class)
                .hasMessageContaining("'jobs'")
                .hasMessageContaining("closed and drained");
        assertThat(pollResult.get()).isNull();
    }

    @Test
    void consumersDrainWhatRemainsAfterCloseThenSeeTheEnd() throws Exception {
        BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("drain", 8);
        q.put(1);
        q.put(2);
        q.put(3);
        q.close();
        q.close(); // idempotent
        assertThat(q.isClosed()).isTrue();
        assertThatThrownBy(() -> q.offer(4))
                .isInstanceOf(QueueClosedException.class)
                .hasMessageContaining("offer");
        assertThatThrownBy(() -> q.put(4))
                .isInstanceOf(QueueClosedException.class)
                .hasMessageContaining("put");
        assertThatThrownBy(() -> q.offer(4, 1, TimeUnit.SECONDS)).isInstanceOf(QueueClosedException.class);
        assertThat(q.take()).isEqualTo(1);
        assertThat(q.poll(1, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(q.poll()).isEqualTo(3);
        assertThat(q.poll()).isNull();
        assertThat(q.poll(LONG_WAIT_SECONDS, TimeUnit.SECONDS)).isNull(); // closed and empty: at once
        assertThatThrownBy(q::take).isInstanceOf(QueueClosedException.class);
        assertThat(q.toString()).contains("drain", "closed");
    }

    @Test
    void timedOfferAndPollReturnWhenTheTimeoutElapses() throws Exception {
        BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("timeouts", 2);
        assertThat(q.poll(5, TimeUnit.MILLISECONDS)).isNull();
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isNull();
        q.put(1);
        q.put(2);
        assertThat(q.offer(3, 5, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(q.offer(3, -1, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.poll(5, TimeUnit.MILLISECONDS)).isEqualTo(1);
        assertThat(q.offer(3, 5, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void interruptionIsHonouredWhileParked() throws Exception {
        BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("interrupts", 2);
        AtomicReference<Throwable> takeFailure = new AtomicReference<>();
        Thread taker = start("taker", q::take, takeFailure);
        Threads.awaitParked(taker);
        taker.interrupt();
        Threads.join(taker);
        assertThat(takeFailure.get()).isInstanceOf(InterruptedException.class);

        q.put(1);
        q.put(2);
        AtomicReference<Throwable> putFailure = new AtomicReference<>();
        Thread putter = start("putter", () -> q.put(3), putFailure);
        Threads.awaitParked(putter);
        putter.interrupt();
        Threads.join(putter);
        assertThat(putFailure.get()).isInstanceOf(InterruptedException.class);
        assertThat(q.size()).isEqualTo(2); // the interrupted put left nothing behind
    }

    @Test
    void interruptionIsHonouredBeforeParkingAndIgnoredWhenNoWaitIsNeeded() throws Exception {
        BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("pre-interrupted", 2);
        Thread.currentThread().interrupt();
        assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse(); // cleared by the exception, as the JDK does

        q.put(1);
        Thread.currentThread().interrupt();
        try {
            assertThat(q.take()).isEqualTo(1); // no wait needed: the element is returned
            assertThat(Thread.currentThread().isInterrupted()).isTrue(); // and the status kept
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void noWakeUpIsLostBetweenManyProducersAndConsumers() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(LONG_WAIT_SECONDS), () -> {
            int producers = 3;
            int consumers = 3;
            int perProducer = Stress.LONG ? 500_000 : 20_000;
            BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("wakeups", 2);
            ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> ps = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                ps.add(start(
                        "p" + p,
                        () -> {
                            for (int i = 0; i < perProducer; i++) {
                                if (i % 2 == 0) {
                                    q.put(base + i);
                                } else {
                                    while (!q.offer(base + i, 50, TimeUnit.MICROSECONDS)) {
                                        Thread.onSpinWait();
                                    }
                                }
                            }
                        },
                        failure));
            }
            List<Thread> cs = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                boolean timed = c == 0;
                cs.add(start(
                        "c" + c,
                        () -> {
                            while (true) {
                                if (timed) {
                                    Integer x = q.poll(50, TimeUnit.MICROSECONDS);
                                    if (x != null) {
                                        received.add(x);
                                    } else if (q.isClosed() && q.isEmpty()) {
                                        return;
                                    }
                                } else {
                                    try {
                                        received.add(q.take());
                                    } catch (QueueClosedException end) {
                                        return;
                                    }
                                }
                            }
                        },
                        failure));
            }
            for (Thread t : ps) {
                Threads.join(t);
            }
            q.close();
            for (Thread t : cs) {
                Threads.join(t);
            }
            assertThat(failure.get()).isNull();
            List<Integer> sorted = new ArrayList<>(received);
            Collections.sort(sorted);
            assertThat(sorted).hasSize(producers * perProducer);
            for (int i = 0; i < sorted.size(); i++) {
                assertThat(sorted.get(i)).isEqualTo(i);
            }
        });
    }

    @Test
    void everySuccessfulOfferIsDeliveredWhenCloseRacesWithProducers() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(LONG_WAIT_SECONDS), () -> {
            int rounds = Stress.LONG ? 200 : 20;
            for (int round = 0; round < rounds; round++) {
                BlockingMpmcQueue<Integer> q = new BlockingMpmcQueue<>("race", 4);
                ConcurrentLinkedQueue<Integer> offered = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    int base = p * 1_000_000;
                    threads.add(start(
                            "p" + p,
                            () -> {
                                for (int i = 0; ; i++) {
                                    try {
                                        q.put(base + i);
                                    } catch (QueueClosedException closed) {
                                        return; // base + i was not offered
                                    }
                                    offered.add(base + i);
                                }
                            },
                            failure));
                }
                threads.add(start(
                        "c",
                        () -> {
                            while (true) {
                                try {
                                    received.add(q.take());
                                } catch (QueueClosedException end) {
                                    return;
                                }
                            }
                        },
                        failure));
                while (received.size() < 100) {
                    Thread.onSpinWait();
                }
                q.close();
                for (Thread t : threads) {
                    Threads.join(t);
                }
                assertThat(failure.get()).isNull();
                assertThat(received).containsExactlyInAnyOrderElementsOf(offered);
            }
        });
    }
}

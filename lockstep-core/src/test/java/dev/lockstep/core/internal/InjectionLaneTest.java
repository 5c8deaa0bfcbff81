package dev.lockstep.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The injection lane: FIFO, exactly once, growth and wrap-around under concurrent takers. */
class InjectionLaneTest {
    /** A task that only carries its submission index. */
    static final class Numbered extends Task<Integer> {
        final int n;

        Numbered(int n) {
            this.n = n;
        }

        @Override
        protected Integer compute() {
            return n;
        }
    }

    private static void push(InjectionLane lane, Task<?> t) {
        while (!lane.tryLock()) {
            Thread.onSpinWait();
        }
        try {
            lane.push(t);
        } finally {
            lane.unlock();
        }
    }

    @Test
    void singleThreadFifoAcrossGrowthAndWrap() {
        InjectionLane lane = new InjectionLane(2);
        assertThat(lane.isEmpty()).isTrue();
        assertThat(lane.poll()).isNull();
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 200; round++) { // push 3, take 2: the lane grows and wraps
            for (int k = 0; k < 3; k++) {
                push(lane, new Numbered(next++));
            }
            for (int k = 0; k < 2; k++) {
                assertThat(((Numbered) lane.poll()).n).isEqualTo(expected++);
            }
        }
        for (Task<?> t; (t = lane.poll()) != null; ) {
            assertThat(((Numbered) t).n).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(next);
        assertThat(lane.isEmpty()).isTrue();
    }

    @Test
    void injectedTasksAreTakenExactlyOnceInOrder() throws Exception {
        race(new InjectionLane(4), Integer.MAX_VALUE); // small: many growths while takers race
    }

    @Test
    void producerNeverLapsHeadOnAFullLane() throws Exception {
        // the backlog is held at the capacity, so the producer keeps meeting a lane whose oldest
        // slot was just claimed but whose head has not moved yet
        race(new InjectionLane(8), 8);
    }

    private static void race(InjectionLane lane, int maxBacklog) throws Exception {
        int total = "long".equals(System.getProperty("lockstep.stress")) ? 5_000_000 : 500_000;
        java.util.concurrent.atomic.AtomicLong takenCount = new java.util.concurrent.atomic.AtomicLong();
        AtomicIntegerArray taken = new AtomicIntegerArray(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int takers = 3;
        int[] counts = new int[takers];
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean producerDone = new java.util.concurrent.atomic.AtomicBoolean();
        for (int c = 0; c < takers; c++) {
            int me = c;
            threads.add(Thread.ofPlatform().start(() -> {
                int last = -1;
                long idleSince = 0;
                try {
                    for (; ; ) {
                        boolean finished = producerDone.get() && lane.isEmpty(); // read before the poll
                        Task<?> t = lane.poll();
                        if (t == null) {
                            if (finished) {
                                return;
                            }
                            if (idleSince == 0) {
                                idleSince = System.nanoTime();
                            } else if (producerDone.get() && System.nanoTime() - idleSince > 10_000_000_000L) {
                                throw new AssertionError("tasks left behind an empty head slot");
                            }
                            Thread.onSpinWait();
                            continue;
                        }
                        idleSince = 0;
                        int n = ((Numbered) t).n;
                        if (n <= last) {
                            throw new AssertionError("taker " + me + " got " + n + " after " + last);
                        }
                        last = n;
                        taken.incrementAndGet(n);
                        takenCount.incrementAndGet();
                        counts[me]++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (int i = 0; i < total; i++) {
            while (i - takenCount.get() >= maxBacklog && failure.get() == null) {
                Thread.onSpinWait();
            }
            push(lane, new Numbered(i));
        }
        producerDone.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        int sum = 0;
        for (int c : counts) {
            sum += c;
        }
        assertThat(sum).isEqualTo(total);
        for (int i = 0; i < total; i++) {
            assertThat(taken.get(i)).as("task %d", i).isEqualTo(1);
        }
    }
}

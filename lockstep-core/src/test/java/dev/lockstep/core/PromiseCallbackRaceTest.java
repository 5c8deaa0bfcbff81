package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Pins the Dekker handshake of {@link Promise}'s completion against concurrent registration: a
 * completion that finds no callback skips closing the stack, so a registrant must re-check the
 * result after its push. Every callback must run exactly once, after the result is visible.
 */
class PromiseCallbackRaceTest {
    @Test
    void callbackRegisteredDuringCompletionRunsExactlyOnce() throws Exception {
        int rounds = "long".equals(System.getProperty("lockstep.stress")) ? 200_000 : 5_000;
        CyclicBarrier barrier = new CyclicBarrier(3);
        AtomicReference<Promise<Integer>> current = new AtomicReference<>();
        AtomicInteger[] runs = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger wrongValue = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable registrant0 = registrant(barrier, current, runs[0], wrongValue, rounds, failure);
        Runnable registrant1 = registrant(barrier, current, runs[1], wrongValue, rounds, failure);
        Thread r0 = Thread.ofPlatform().start(registrant0);
        Thread r1 = Thread.ofPlatform().start(registrant1);
        for (int i = 0; i < rounds; i++) {
            Promise<Integer> p = new Promise<>();
            current.set(p);
            barrier.await(); // start together
            p.complete(i);
            barrier.await(); // both registrants done with this round
            // every callback has run by now: either here, in complete, or in a registrant
            assertThat(runs[0].get()).as("round %d", i).isEqualTo(i + 1);
            assertThat(runs[1].get()).as("round %d", i).isEqualTo(i + 1);
        }
        r0.join();
        r1.join();
        assertThat(failure.get()).isNull();
        assertThat(wrongValue.get()).isZero();
    }

    private static Runnable registrant(
            CyclicBarrier barrier,
            AtomicReference<Promise<Integer>> current,
            AtomicInteger runs,
            AtomicInteger wrongValue,
            int rounds,
            AtomicReference<Throwable> failure) {
        return () -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    barrier.await();
                    int expected = i;
                    current.get().onComplete((v, e) -> {
                        if (v == null || v != expected) {
                            wrongValue.incrementAndGet();
                        }
                        runs.incrementAndGet();
                    });
                    barrier.await();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
    }
}

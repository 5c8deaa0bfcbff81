package dev.lockstep.core;

import static dev.lockstep.core.TestSupport.awaitBlocked;
import static dev.lockstep.core.TestSupport.rounds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.cancel.CancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PromiseTest {
    @Test
    void firstCallerWinsAndLaterOnesAreRefused() {
        Promise<String> p = new Promise<>();
        assertThat(p.isDone()).isFalse();
        assertThat(p.complete("a")).isTrue();
        assertThat(p.complete("b")).isFalse();
        assertThat(p.fail(new RuntimeException("x"))).isFalse();
        assertThat(p.cancel("late")).isFalse();
        assertThat(p.resultNow()).isEqualTo("a");
        assertThat(p.isSuccess()).isTrue();
        assertThat(p.isFailed()).isFalse();
        assertThat(p.isCancelled()).isFalse();
    }

    @Test
    void exactlyOneOfManyRacingCompletersWins() throws Exception {
        int threads = 4;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        for (int round = 0; round < rounds(500); round++) {
            Promise<Integer> p = new Promise<>();
            AtomicInteger callbackRuns = new AtomicInteger();
            AtomicReference<Object> seen = new AtomicReference<>();
            p.onComplete((v, e) -> {
                callbackRuns.incrementAndGet();
                seen.set(e != null ? e : v);
            });
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger winnerId = new AtomicInteger(-1);
            List<Thread> ts = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int id = k;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    boolean won =
                            switch (id % 3) {
                                case 0 -> p.complete(id);
                                case 1 -> p.fail(new IllegalStateException("t" + id));
                                default -> p.cancel("t" + id);
                            };
                    if (won) {
                        winners.incrementAndGet();
                        winnerId.set(id);
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            assertThat(winners.get()).as("round %d", round).isEqualTo(1);
            assertThat(callbackRuns.get()).as("round %d", round).isEqualTo(1);
            int w = winnerId.get();
            switch (w % 3) {
                case 0 -> assertThat(p.resultNow()).isEqualTo(w);
                case 1 -> assertThat(p.exceptionNow()).hasMessage("t" + w).isSameAs(seen.get());
                default -> assertThat(p.isCancelled()).isTrue();
            }
        }
    }

    @Test
    void callbackRegisteredDuringCompletionRunsExactlyOnce() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (int round = 0; round < rounds(2000); round++) {
            Promise<String> p = new Promise<>();
            AtomicInteger runs = new AtomicInteger();
            AtomicReference<String> value = new AtomicReference<>();
            Thread completer = Thread.ofPlatform().start(() -> {
                await(barrier);
                p.complete("v");
            });
            await(barrier);
            p.onComplete((v, e) -> {
                runs.incrementAndGet();
                value.set(v);
            });
            completer.join();
            assertThat(runs.get()).as("round %d", round).isEqualTo(1);
            assertThat(value.get()).isEqualTo("v"); // whoever ran it saw the result
        }
    }

    @Test
    void callbacksRunInRegistrationOrder() {
        Promise<String> p = new Promise<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int k = i;
            p.onComplete((v, e) -> order.add(k));
        }
        p.complete("x");
        p.onComplete((v, e) -> order.add(5)); // after completion: runs at once
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void callbackExceptionReachesUncaughtHandler() throws Exception {
        ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
        List<String> ran = new ArrayList<>();
        Promise<String> p = new Promise<>();
        RuntimeException boom = new RuntimeException("boom");
        p.onComplete((v, e) -> {
            throw boom;
        });
        p.onComplete((v, e) -> ran.add(v));
        Thread t = Thread.ofPlatform().unstarted(() -> p.complete("v"));
        t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
        t.start();
        t.join();
        assertThat(uncaught).containsExactly(boom);
        assertThat(ran).containsExactly("v"); // the throwing callback did not stop the next one
    }

    @Test
    void nullValuesAreValues() throws Exception {
        Promise<String> p = new Promise<>();
        AtomicReference<Object> cause = new AtomicReference<>("unset");
        AtomicReference<Object> value = new AtomicReference<>("unset");
        p.onComplete((v, e) -> {
            value.set(v);
            cause.set(e);
        });
        assertThat(p.complete(null)).isTrue();
        assertThat(p.complete("later")).isFalse();
        assertThat(p.isSuccess()).isTrue();
        assertThat(p.resultNow()).isNull();
        assertThat(p.await()).isNull();
        assertThat(p.join()).isNull();
        assertThat(value.get()).isNull();
        assertThat(cause.get()).isNull();
        assertThat(p.map(v -> v == null ? "was null" : v).resultNow()).isEqualTo("was null");
    }

    @Test
    void failureSurfacesAsTaskFailedExceptionWithTheCause() {
        IllegalStateException cause = new IllegalStateException("bad");
        Promise<String> p = Promise.failed(cause);
        assertThat(p.isFailed()).isTrue();
        assertThat(p.isCancelled()).isFalse();
        assertThat(p.exceptionNow()).isSameAs(cause);
        assertThatThrownBy(p::join).isInstanceOf(TaskFailedException.class).hasCause(cause);
        assertThatThrownBy(p::await).isInstanceOf(TaskFailedException.class).hasCause(cause);
        assertThatThrownBy(p::resultNow).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.fail(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void cancellationSurfacesAsCancelledExceptionWithTheReason() {
        Promise<String> p = new Promise<>();
        assertThat(p.cancel("user pressed stop")).isTrue();
        assertThat(p.isCancelled()).isTrue();
        assertThat(p.isFailed()).isFalse();
        assertThat(p.exceptionNow()).isInstanceOf(CancelledException.class);
        assertThatThrownBy(p::await)
                .isInstanceOfSatisfying(
                        CancelledException.class, e -> assertThat(e.reason()).isEqualTo("user pressed stop"))
                .hasCause(p.exceptionNow());
        assertThat(p.toString()).contains("cancelled: user pressed stop");
    }

    @Test
    void failingWithACancellationExceptionCancelsAndRunsOnCancelledOnce() {
        AtomicInteger onCancelled = new AtomicInteger();
        Promise<String> p = new Promise<>() {
            @Override
            protected void onCancelled() {
                onCancelled.incrementAndGet();
            }
        };
        assertThat(p.fail(new CancellationException("jdk style"))).isTrue();
        assertThat(p.isCancelled()).isTrue();
        assertThat(p.cancel()).isFalse();
        assertThat(onCancelled.get()).isEqualTo(1);
    }

    @Test
    void onCancelledRunsAfterTheCallbacks() {
        List<String> events = new ArrayList<>();
        Promise<String> p = new Promise<>() {
            @Override
            protected void onCancelled() {
                events.add("onCancelled");
            }
        };
        p.onComplete((v, e) -> events.add("callback"));
        p.cancel();
        assertThat(events).containsExactly("callback", "onCancelled");
    }

    @Test
    void awaitHonoursInterruption() throws Exception {
        Promise<String> p = new Promise<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                p.await();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(waiter);
        waiter.interrupt();
        waiter.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(p.isDone()).isFalse();
    }

    @Test
    void timedAwaitHonoursInterruption() throws Exception {
        Promise<String> p = new Promise<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                p.await(Duration.ofHours(1));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(waiter);
        waiter.interrupt();
        waiter.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void awaitWithAPendingInterruptThrowsAtOnce() {
        Promise<String> p = new Promise<>();
        Thread.currentThread().interrupt();
        assertThatThrownBy(p::await).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse(); // the status was consumed by the exception
    }

    @Test
    void timedAwaitTimesOutAndALaterCompletionStillWorks() throws Exception {
        Promise<String> p = new Promise<>();
        assertThatThrownBy(() -> p.await(Duration.ofMillis(20)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("PT0.02S");
        p.complete("late");
        assertThat(p.await(Duration.ofMillis(20))).isEqualTo("late");
    }

    @Test
    void awaitReturnsWhenCompletedFromAnotherThread() throws Exception {
        Promise<String> p = new Promise<>();
        Thread waiterThread = Thread.currentThread();
        Thread completer = Thread.ofPlatform().start(() -> {
            try {
                awaitBlocked(waiterThread);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            p.complete("done");
        });
        assertThat(p.await(Duration.ofSeconds(30))).isEqualTo("done");
        completer.join();
    }

    @Test
    void joinOutsideAWorkerIgnoresInterruptButKeepsTheStatus() throws Exception {
        Promise<String> p = new Promise<>();
        AtomicReference<String> got = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread joiner = Thread.ofPlatform().start(() -> {
            got.set(p.join());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        awaitBlocked(joiner);
        joiner.interrupt();
        awaitBlocked(joiner); // interrupted, yet waiting again
        p.complete("v");
        joiner.join();
        assertThat(got.get()).isEqualTo("v");
        assertThat(stillInterrupted.get()).isTrue();
    }

    @Test
    void cancelVersusCompleteFromTwoThreadsHasExactlyOneOutcome() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (int round = 0; round < rounds(2000); round++) {
            Promise<String> p = new Promise<>();
            AtomicInteger callbacks = new AtomicInteger();
            p.onComplete((v, e) -> callbacks.incrementAndGet());
            AtomicReference<Boolean> cancelWon = new AtomicReference<>();
            Thread canceller = Thread.ofPlatform().start(() -> {
                await(barrier);
                cancelWon.set(p.cancel("race"));
            });
            await(barrier);
            boolean completeWon = p.complete("value");
            canceller.join();
            assertThat(completeWon ^ cancelWon.get()).as("round %d", round).isTrue();
            assertThat(callbacks.get()).isEqualTo(1);
            assertThat(p.isCancelled()).isEqualTo(cancelWon.get());
            assertThat(p.isSuccess()).isEqualTo(completeWon);
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

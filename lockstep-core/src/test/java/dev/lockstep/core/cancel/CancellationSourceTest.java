package dev.lockstep.core.cancel;

import static dev.lockstep.core.TestSupport.rounds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CancellationSourceTest {
    @Test
    void cancelsOnceAndTheFirstReasonStays() {
        CancellationSource s = new CancellationSource();
        CancellationToken t = s.token();
        assertThat(t.isCancellationRequested()).isFalse();
        assertThat(t.reason()).isNull();
        assertThat(t.canBeCancelled()).isTrue();
        t.throwIfCancellationRequested(); // no-op
        assertThat(s.cancel("first")).isTrue();
        assertThat(s.cancel("second")).isFalse();
        assertThat(t.isCancellationRequested()).isTrue();
        assertThat(t.reason()).isEqualTo("first");
        assertThatThrownBy(t::throwIfCancellationRequested)
                .isInstanceOfSatisfying(
                        CancelledException.class, e -> assertThat(e.reason()).isEqualTo("first"))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void callbacksRunOnceInRegistrationOrderAfterTheReasonIsSet() {
        CancellationSource s = new CancellationSource();
        List<String> runs = new ArrayList<>();
        s.token().onCancel(() -> runs.add("a:" + s.token().reason()));
        s.token().onCancel(() -> runs.add("b:" + s.token().reason()));
        s.cancel("why");
        s.cancel("again");
        assertThat(runs).containsExactly("a:why", "b:why");
    }

    @Test
    void aCallbackRegisteredAfterCancellationRunsAtOnce() {
        CancellationSource s = new CancellationSource();
        s.cancel("done");
        AtomicInteger runs = new AtomicInteger();
        CancellationToken.Registration r = s.token().onCancel(runs::incrementAndGet);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(r.unregister()).isFalse();
    }

    @Test
    void unregisteredCallbacksNeverRun() {
        CancellationSource s = new CancellationSource();
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        AtomicInteger c = new AtomicInteger();
        CancellationToken.Registration ra = s.token().onCancel(a::incrementAndGet);
        CancellationToken.Registration rb = s.token().onCancel(b::incrementAndGet);
        CancellationToken.Registration rc = s.token().onCancel(c::incrementAndGet);
        assertThat(rb.unregister()).isTrue();
        assertThat(rb.unregister()).as("twice").isFalse();
        rc.close();
        s.cancel();
        assertThat(a.get()).isEqualTo(1);
        assertThat(b.get()).isZero();
        assertThat(c.get()).isZero();
        assertThat(ra.unregister()).as("after it ran").isFalse();
    }

    @Test
    void callbackExceptionsReachTheUncaughtHandlerAndOthersStillRun() throws Exception {
        CancellationSource s = new CancellationSource();
        ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
        AtomicInteger later = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom");
        s.token().onCancel(() -> {
            throw boom;
        });
        s.token().onCancel(later::incrementAndGet);
        Thread t = Thread.ofPlatform().unstarted(() -> s.cancel());
        t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
        t.start();
        t.join();
        assertThat(uncaught).containsExactly(boom);
        assertThat(later.get()).isEqualTo(1);
    }

    @Test
    void callbackRegisteredDuringCancellationRunsExactlyOnce() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (int round = 0; round < rounds(2000); round++) {
            CancellationSource s = new CancellationSource();
            AtomicInteger runs = new AtomicInteger();
            Thread canceller = Thread.ofPlatform().start(() -> {
                await(barrier);
                s.cancel("race");
            });
            await(barrier);
            s.token().onCancel(runs::incrementAndGet);
            canceller.join();
            assertThat(runs.get()).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    void unregisterRacingCancelEitherRemovesOrRunsNeverBoth() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (int round = 0; round < rounds(2000); round++) {
            CancellationSource s = new CancellationSource();
            AtomicInteger runs = new AtomicInteger();
            CancellationToken.Registration r = s.token().onCancel(runs::incrementAndGet);
            Thread canceller = Thread.ofPlatform().start(() -> {
                await(barrier);
                s.cancel("race");
            });
            await(barrier);
            boolean removed = r.unregister();
            canceller.join();
            assertThat(runs.get()).as("round %d", round).isEqualTo(removed ? 0 : 1);
        }
    }

    @Test
    void parentCancellationReachesChildrenAndGrandchildren() {
        CancellationSource parent = new CancellationSource();
        CancellationSource child = parent.newChild();
        CancellationSource grandchild = child.newChild();
        CancellationSource linked = CancellationSource.linkedTo(parent.token(), new CancellationSource().token());
        parent.cancel("parent stopped");
        assertThat(child.isCancellationRequested()).isTrue();
        assertThat(grandchild.token().reason()).isEqualTo("parent stopped");
        assertThat(linked.token().reason()).isEqualTo("parent stopped");
    }

    @Test
    void childCancellationDoesNotReachTheParent() {
        CancellationSource parent = new CancellationSource();
        CancellationSource child = parent.newChild();
        child.cancel("only me");
        assertThat(parent.isCancellationRequested()).isFalse();
    }

    @Test
    void aChildOfACancelledParentIsBornCancelled() {
        CancellationSource parent = new CancellationSource();
        parent.cancel("early");
        assertThat(parent.newChild().token().reason()).isEqualTo("early");
    }

    @Test
    void closingAChildUnlinksItFromTheParent() throws Exception {
        CancellationSource parent = new CancellationSource();
        CancellationSource child = parent.newChild();
        child.close();
        parent.cancel("after close");
        assertThat(child.isCancellationRequested()).isFalse();
        assertThat(child.cancel("explicit still works")).isTrue();

        WeakReference<CancellationSource> closedChild = closedChildOf(parent = new CancellationSource());
        assertThat(dev.lockstep.core.TestSupport.collected(closedChild)).isTrue();
    }

    private static WeakReference<CancellationSource> closedChildOf(CancellationSource parent) {
        CancellationSource child = parent.newChild();
        child.close(); // the parent's callback list must forget it
        return new WeakReference<>(child);
    }

    @Test
    void cancelAfterFiresByItself() throws Exception {
        CancellationSource s = new CancellationSource().cancelAfter(Duration.ofMillis(20));
        CountDownLatch fired = new CountDownLatch(1);
        s.token().onCancel(fired::countDown);
        assertThat(fired.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(s.token().reason()).isEqualTo("timed out after PT0.02S");
    }

    @Test
    void cancelAfterReachesAFutureThroughCancelOn() throws Exception {
        CancellationSource s = new CancellationSource();
        Promise<String> task = new Promise<>();
        task.cancelOn(s.token());
        s.cancelAfter(Duration.ofMillis(10));
        CountDownLatch done = new CountDownLatch(1);
        task.onComplete((v, e) -> done.countDown());
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(task.isCancelled()).isTrue();
    }

    @Test
    void closeDropsThePendingDeadline() throws Exception {
        int before = dev.lockstep.core.internal.SharedTimer.queuedTasks();
        CancellationSource s = new CancellationSource().cancelAfter(Duration.ofHours(1));
        assertThat(dev.lockstep.core.internal.SharedTimer.queuedTasks()).isGreaterThan(before);
        s.close();
        assertThat(dev.lockstep.core.TestSupport.eventually(
                        () -> dev.lockstep.core.internal.SharedTimer.queuedTasks() <= before))
                .isTrue();
        assertThat(s.isCancellationRequested()).isFalse();
        assertThatThrownBy(() -> s.cancelAfter(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void cancelAfterArgumentsAreChecked() {
        CancellationSource s = new CancellationSource();
        assertThatThrownBy(() -> s.cancelAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
        s.cancelAfter(Duration.ZERO);
        assertThat(s.token().reason()).isEqualTo("timed out after PT0S");
    }

    @Test
    void noneIsNeverCancelled() {
        CancellationToken none = CancellationToken.NONE;
        AtomicInteger runs = new AtomicInteger();
        assertThat(none.onCancel(runs::incrementAndGet).unregister()).isFalse();
        assertThat(none.isCancellationRequested()).isFalse();
        assertThat(none.canBeCancelled()).isFalse();
        assertThat(none.reason()).isNull();
        none.throwIfCancellationRequested();
        assertThat(runs.get()).isZero();
        Future<String> f = new Promise<String>().cancelOn(none);
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void cancelRacingCompleteOnAFutureHasExactlyOneOutcome() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (int round = 0; round < rounds(2000); round++) {
            CancellationSource s = new CancellationSource();
            Promise<String> p = new Promise<>();
            p.cancelOn(s.token());
            AtomicInteger callbacks = new AtomicInteger();
            AtomicReference<Boolean> completed = new AtomicReference<>();
            p.onComplete((v, e) -> callbacks.incrementAndGet());
            Thread completer = Thread.ofPlatform().start(() -> {
                await(barrier);
                completed.set(p.complete("v"));
            });
            await(barrier);
            s.cancel("race");
            completer.join();
            assertThat(callbacks.get()).as("round %d", round).isEqualTo(1);
            assertThat(p.isSuccess()).isEqualTo(completed.get());
            assertThat(p.isCancelled()).isEqualTo(!completed.get());
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

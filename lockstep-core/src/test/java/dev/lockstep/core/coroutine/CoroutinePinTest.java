package dev.lockstep.core.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.coroutine.CoroutinePinnedException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Yielding while pinned gives a {@link CoroutinePinnedException} naming the coroutine, the cause
 * and the frame, on both backends; and legal yields next to monitors are not refused. The test JVM
 * runs with assertions enabled, so the pin check is on ({@code pinCheckIsOnWhenAssertionsAre}).
 */
class CoroutinePinTest {
    private static final Object LOCK = new Object();

    /** Runs {@code body} in a coroutine and returns what its first yield threw (or null). */
    private static Throwable firstYieldOf(CoroutineBackend backend, ThrowingRunnable body) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Coroutine<Void> co = Coroutine.create("pinned", null, backend, self -> {
            try {
                body.run();
            } catch (CoroutinePinnedException e) {
                thrown.set(e);
            }
            Coroutine.yield(); // after the refusal the coroutine still works
        });
        assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        return thrown.get();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void pinCheckIsOnWhenAssertionsAre() {
        boolean assertions = false;
        assert assertions = true;
        assertThat(Coroutine.pinCheckEnabled()).isEqualTo(assertions).isTrue();
    }

    // ---- monitors ----------------------------------------------------------------------------

    @BothBackends
    void yieldInASynchronizedBlockIsRefusedNamingTheFrame(CoroutineBackend backend) {
        Throwable t = firstYieldOf(backend, () -> {
            synchronized (LOCK) {
                Coroutine.yield();
            }
        });
        assertThat(t).isInstanceOf(CoroutinePinnedException.class);
        CoroutinePinnedException e = (CoroutinePinnedException) t;
        assertThat(e.reason()).isEqualTo(Reason.MONITOR);
        assertThat(e.coroutine()).isEqualTo("pinned");
        assertThat(e.frame()).startsWith("synchronized block in " + CoroutinePinTest.class.getName() + ".lambda$");
        assertThat(e.getMessage())
                .contains("'pinned'", "holding a monitor", "CoroutinePinTest.java:")
                .doesNotContain("(Unknown Source)");
        assertThat(Thread.holdsLock(LOCK)).isFalse();
    }

    private synchronized void synchronizedYield() {
        Coroutine.yield();
    }

    @BothBackends
    void yieldInASynchronizedMethodIsRefused(CoroutineBackend backend) {
        Throwable t = firstYieldOf(backend, this::synchronizedYield);
        assertThat(t).isInstanceOf(CoroutinePinnedException.class);
        assertThat(((CoroutinePinnedException) t).reason()).isEqualTo(Reason.MONITOR);
        assertThat(((CoroutinePinnedException) t).frame())
                .startsWith("synchronized method " + CoroutinePinTest.class.getName() + ".synchronizedYield(");
    }

    private static void helperThatYields() {
        Coroutine.yield();
    }

    @BothBackends
    void aMonitorHeldByACallerFrameIsFound(CoroutineBackend backend) {
        Throwable t = firstYieldOf(backend, () -> {
            synchronized (LOCK) {
                helperThatYields();
            }
        });
        assertThat(t).isInstanceOf(CoroutinePinnedException.class);
        assertThat(((CoroutinePinnedException) t).reason()).isEqualTo(Reason.MONITOR);
    }

    @BothBackends
    void nestedMonitorsAndAMonitorInsideTryFinallyAreFound(CoroutineBackend backend) {
        Object other = new Object();
        Throwable t = firstYieldOf(backend, () -> {
            synchronized (LOCK) {
                synchronized (other) {
                    other.hashCode();
                }
                try {
                    Coroutine.yield(); // still inside the outer block
                } finally {
                    other.hashCode();
                }
            }
        });
        assertThat(t).isInstanceOf(CoroutinePinnedException.class);
    }

    @BothBackends
    void aJdkMonitorIsFound(CoroutineBackend backend) {
        List<Integer> list = Collections.synchronizedList(new ArrayList<>(List.of(1)));
        Throwable t = firstYieldOf(backend, () -> list.forEach(i -> Coroutine.yield()));
        assertThat(t).isInstanceOf(CoroutinePinnedException.class);
        assertThat(((CoroutinePinnedException) t).frame()).contains("java.util.Collections$SynchronizedCollection");
    }

    @BothBackends
    void yieldsAfterAMonitorWasReleasedAreAllowed(CoroutineBackend backend) {
        List<String> trace = new ArrayList<>();
        Coroutine<Void> co = Coroutine.create("free", null, backend, self -> {
            for (int i = 0; i < 2; i++) {
                synchronized (LOCK) {
                    trace.add("locked " + i);
                }
                Coroutine.yield(); // after the block, in a loop
            }
            try {
                synchronized (LOCK) {
                    throw new IllegalStateException("inside");
                }
            } catch (IllegalStateException e) {
                Coroutine.yield(); // in a handler reached from a synchronized block
            }
            Runnable r = Coroutine::yield;
            synchronized (LOCK) {
                trace.add("lambda made inside");
            }
            r.run();
        });
        assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        assertThat(trace).hasSize(3);
    }

    @BothBackends
    void aMonitorHeldByTheResumerIsNotTheCoroutines(CoroutineBackend backend) {
        Coroutine<Void> co = Coroutine.create("resumed-under-lock", null, backend, self -> Coroutine.yield());
        synchronized (LOCK) {
            assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        }
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
    }

    // ---- native frames -----------------------------------------------------------------------

    @BothBackends
    void yieldInAForeignUpcallIsRefusedNamingTheUpcall(CoroutineBackend backend) {
        AtomicReference<int[]> sorted = new AtomicReference<>();
        Coroutine<Void> co = Coroutine.create("ffm", null, backend, self -> {
            try {
                sorted.set(YieldingQsort.sort(3, 1, 2));
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        assertThat(sorted.get()).containsExactly(1, 2, 3);
        assertThat(YieldingQsort.upcallThrew()).isInstanceOf(CoroutinePinnedException.class);
        CoroutinePinnedException e = (CoroutinePinnedException) YieldingQsort.upcallThrew();
        assertThat(e.reason()).isEqualTo(Reason.NATIVE_FRAME);
        assertThat(e.frame())
                .startsWith("foreign function upcall into " + YieldingQsort.class.getName()
                        + ".compareAndYield(YieldingQsort.java:");
        assertThat(e.getMessage()).contains("'ffm'", "native frame");
    }

    /** Yields in its static initializer; one class per backend, since a class initializes once. */
    static final class YieldsInInitializerOnContinuation {
        static final Throwable THROWN = yieldCatching();
    }

    static final class YieldsInInitializerOnVirtualThread {
        static final Throwable THROWN = yieldCatching();
    }

    private static Throwable yieldCatching() {
        try {
            Coroutine.yield();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    @BothBackends
    void yieldInAClassInitializerIsRefused(CoroutineBackend backend) {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Coroutine.create(
                        "init",
                        null,
                        backend,
                        self -> seen.set(
                                backend == CoroutineBackend.CONTINUATION
                                        ? YieldsInInitializerOnContinuation.THROWN
                                        : YieldsInInitializerOnVirtualThread.THROWN))
                .resume();
        assertThat(seen.get()).isInstanceOf(CoroutinePinnedException.class);
        CoroutinePinnedException e = (CoroutinePinnedException) seen.get();
        assertThat(e.reason()).isEqualTo(Reason.NATIVE_FRAME);
        assertThat(e.frame())
                .startsWith("class initializer " + CoroutinePinTest.class.getName() + "$YieldsInInitializerOn");
        assertThat(e.frame()).contains(".<clinit>(");
    }
}

package dev.lockstep.core.coroutine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.TestSupport;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The coroutine contract, written once and run against both backends: states, what comes out of
 * resume, context, nesting, cross-thread resume, close, misuse, the strict handoff.
 */
class CoroutineContractTest {

    private static Coroutine<List<String>> tracing(CoroutineBackend backend, int yields) {
        return Coroutine.create("tracer", new ArrayList<>(), backend, self -> {
            for (int i = 0; i < yields; i++) {
                self.context().add("before " + i);
                Coroutine.yield();
                self.context().add("after " + i);
            }
            self.context().add("end");
        });
    }

    // ---- states ------------------------------------------------------------------------------

    @BothBackends
    void newCoroutineRunsNothingUntilResumed(CoroutineBackend backend) {
        Coroutine<List<String>> co = tracing(backend, 2);
        assertThat(co.state()).isEqualTo(CoroutineState.NEW);
        assertThat(co.context()).isEmpty();
        assertThat(co.backend()).isEqualTo(backend);
        assertThat(co.name()).isEqualTo("tracer");
    }

    @BothBackends
    void resumeRunsToEachYieldThenToTheEnd(CoroutineBackend backend) {
        Coroutine<List<String>> co = tracing(backend, 2);
        assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.state()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.context()).containsExactly("before 0");
        assertThat(co.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.context()).containsExactly("before 0", "after 0", "before 1");
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        assertThat(co.state()).isEqualTo(CoroutineState.DONE);
        assertThat(co.context()).containsExactly("before 0", "after 0", "before 1", "after 1", "end");
        assertThat(co.failure()).isNull();
    }

    @BothBackends
    void bodyWithoutYieldIsDoneAfterOneResume(CoroutineBackend backend) {
        Coroutine<List<String>> co = tracing(backend, 0);
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        assertThat(co.context()).containsExactly("end");
    }

    @BothBackends
    void stateIsRunningInsideTheBodyAndSelfIsTheCoroutine(CoroutineBackend backend) {
        AtomicReference<Object> seen = new AtomicReference<>();
        List<CoroutineState> states = new ArrayList<>();
        Coroutine<String> co = Coroutine.create("self", "ctx", backend, self -> {
            states.add(self.state());
            seen.set(Coroutine.current());
            assertThat(self.context()).isEqualTo("ctx");
        });
        co.resume();
        assertThat(states).containsExactly(CoroutineState.RUNNING);
        assertThat(seen.get()).isSameAs(co);
    }

    @Test
    void currentIsNullOutsideAnyCoroutine() {
        assertThat(Coroutine.current()).isNull();
    }

    @BothBackends
    void continuationBodyRunsOnTheResumingThreadAndVirtualThreadBodyOnItsOwn(CoroutineBackend backend) {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Coroutine.create("where", null, backend, self -> ran.set(Thread.currentThread()))
                .resume();
        if (backend == CoroutineBackend.CONTINUATION) {
            assertThat(ran.get()).isSameAs(Thread.currentThread());
        } else {
            assertThat(ran.get()).isNotSameAs(Thread.currentThread());
            assertThat(ran.get().isVirtual()).isTrue();
            assertThat(ran.get().getName()).isEqualTo("where");
        }
    }

    // ---- exceptions out of resume ----------------------------------------------------------

    @BothBackends
    void runtimeExceptionComesOutOfResumeAsIs(CoroutineBackend backend) {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Coroutine<Void> co = Coroutine.create("thrower", null, backend, self -> {
            Coroutine.yield();
            throw boom;
        });
        co.resume();
        assertThatThrownBy(co::resume).isSameAs(boom);
        assertThat(co.state()).isEqualTo(CoroutineState.FAILED);
        assertThat(co.failure()).isSameAs(boom);
    }

    @BothBackends
    void errorComesOutOfResumeAsIs(CoroutineBackend backend) {
        AssertionError err = new AssertionError("bad");
        Coroutine<Void> co = Coroutine.create("erring", null, backend, self -> {
            throw err;
        });
        assertThatThrownBy(co::resume).isSameAs(err);
        assertThat(co.state()).isEqualTo(CoroutineState.FAILED);
    }

    @BothBackends
    void checkedExceptionIsWrappedNamingTheCoroutine(CoroutineBackend backend) {
        IOException io = new IOException("disk");
        Coroutine<Void> co = Coroutine.create("reader", null, backend, self -> {
            throw io;
        });
        assertThatThrownBy(co::resume)
                .isInstanceOf(CoroutineException.class)
                .hasMessageContaining("'reader'")
                .hasCause(io);
        assertThat(co.failure()).isSameAs(io);
    }

    // ---- misuse ------------------------------------------------------------------------------

    @BothBackends
    void resumeAfterDoneIsRefusedNamingCoroutineAndState(CoroutineBackend backend) {
        Coroutine<List<String>> co = tracing(backend, 0);
        co.resume();
        assertThatThrownBy(co::resume)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'tracer'")
                .hasMessageContaining("DONE");
    }

    @BothBackends
    void resumeAfterFailedIsRefused(CoroutineBackend backend) {
        Coroutine<Void> co = Coroutine.create("failed-one", null, backend, self -> {
            throw new IllegalStateException("first");
        });
        assertThatThrownBy(co::resume).hasMessage("first");
        assertThatThrownBy(co::resume)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'failed-one'")
                .hasMessageContaining("FAILED");
    }

    @BothBackends
    void resumeWhileRunningIsRefused_fromInsideItself(CoroutineBackend backend) {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Coroutine<Void> co = Coroutine.create("recursive", null, backend, self -> {
            try {
                self.resume();
            } catch (IllegalStateException e) {
                refused.set(e);
            }
        });
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        assertThat(refused.get()).hasMessageContaining("'recursive'").hasMessageContaining("RUNNING");
    }

    @BothBackends
    void resumeWhileRunningIsRefused_fromAnotherThread(CoroutineBackend backend) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch tried = new CountDownLatch(1);
        Coroutine<Void> co = Coroutine.create("busy", null, backend, self -> {
            inside.countDown();
            assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();
        });
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                inside.await();
                co.resume();
            } catch (Throwable e) {
                other.set(e);
            } finally {
                tried.countDown();
            }
        });
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        t.join();
        assertThat(other.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNNING");
    }

    @Test
    void yieldOutsideAnyCoroutineIsRefused() {
        assertThatThrownBy(Coroutine::yield)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside any coroutine");
    }

    @Test
    void yieldOnAThreadStartedByABodyIsRefused() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        for (CoroutineBackend backend : CoroutineBackend.values()) {
            Coroutine.create("parent", null, backend, self -> {
                        Thread t = Thread.ofVirtual().start(() -> {
                            try {
                                Coroutine.yield();
                            } catch (Throwable e) {
                                seen.set(e);
                            }
                        });
                        t.join();
                    })
                    .resume();
            assertThat(seen.get()).as(backend.name()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> Coroutine.create(null, null, self -> {})).hasMessageContaining("name");
        assertThatThrownBy(() -> Coroutine.create("x", null, null)).hasMessageContaining("body");
    }

    // ---- nesting and threads ---------------------------------------------------------------

    static Stream<Arguments> backendPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (CoroutineBackend outer : CoroutineBackend.values()) {
            for (CoroutineBackend inner : CoroutineBackend.values()) {
                pairs.add(Arguments.of(outer, inner));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "outer {0}, inner {1}")
    @MethodSource("backendPairs")
    void nestedYieldSuspendsTheInnermost(CoroutineBackend outerBackend, CoroutineBackend innerBackend) {
        List<String> trace = new ArrayList<>();
        Coroutine<Void> inner = Coroutine.create("inner", null, innerBackend, self -> {
            trace.add("inner 1 current=" + Coroutine.current().name());
            Coroutine.yield();
            trace.add("inner 2");
        });
        Coroutine<Void> outer = Coroutine.create("outer", null, outerBackend, self -> {
            trace.add("outer 1");
            assertThat(inner.resume()).isEqualTo(CoroutineState.SUSPENDED);
            trace.add("outer 2 current=" + Coroutine.current().name());
            Coroutine.yield();
            trace.add("outer 3");
            assertThat(inner.resume()).isEqualTo(CoroutineState.DONE);
            trace.add("outer 4");
        });
        assertThat(outer.resume()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(inner.state()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(outer.resume()).isEqualTo(CoroutineState.DONE);
        assertThat(trace)
                .containsExactly(
                        "outer 1", "inner 1 current=inner", "outer 2 current=outer", "outer 3", "inner 2", "outer 4");
    }

    @ParameterizedTest(name = "outer {0}, inner {1}")
    @MethodSource("backendPairs")
    void innerSuspendedInOneCoroutineIsResumedByAnother(CoroutineBackend a, CoroutineBackend b) {
        List<String> trace = new ArrayList<>();
        Coroutine<Void> inner = Coroutine.create("inner", null, b, self -> {
            trace.add("i1");
            Coroutine.yield();
            trace.add("i2");
        });
        Coroutine.create("first", null, a, self -> inner.resume()).resume();
        Coroutine.create("second", null, a, self -> inner.resume()).resume();
        assertThat(inner.state()).isEqualTo(CoroutineState.DONE);
        assertThat(trace).containsExactly("i1", "i2");
    }

    @BothBackends
    void resumeFromAnotherThreadContinuesWhereItStopped(CoroutineBackend backend) throws Exception {
        List<String> threads = new ArrayList<>();
        Coroutine<List<String>> co = Coroutine.create("traveller", threads, backend, self -> {
            for (int i = 0; i < 6; i++) {
                Coroutine.yield();
            }
        });
        for (int i = 0; i < 7; i++) {
            boolean virtual = i % 2 == 1;
            AtomicReference<Object> out = new AtomicReference<>();
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    out.set(co.resume());
                } catch (Throwable e) {
                    out.set(e);
                }
            });
            t.join();
            assertThat(out.get()).isEqualTo(i < 6 ? CoroutineState.SUSPENDED : CoroutineState.DONE);
        }
    }

    @BothBackends
    void valuesWrittenInTheBodyAreVisibleToTheNextResumerOnAnotherThread(CoroutineBackend backend) throws Exception {
        long[] box = new long[1]; // plain: published by the state transitions
        Coroutine<long[]> co = Coroutine.create("counter", box, backend, self -> {
            while (true) {
                self.context()[0]++;
                Coroutine.yield();
            }
        });
        int rounds = 2000;
        Thread[] ts = new Thread[2];
        CyclicBarrier turn = new CyclicBarrier(2);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int k = 0; k < 2; k++) {
            int me = k;
            ts[k] = Thread.ofPlatform().start(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        if (r % 2 == me) {
                            long before = box[0];
                            co.resume();
                            assertThat(box[0]).isEqualTo(before + 1);
                        }
                        turn.await();
                    }
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                    turn.reset();
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failed.get()).isNull();
        assertThat(box[0]).isEqualTo(rounds);
        co.close();
    }

    @BothBackends
    void concurrentResumesHaveExactlyOneWinner(CoroutineBackend backend) throws Exception {
        AtomicInteger segments = new AtomicInteger();
        Coroutine<Void> co = Coroutine.create("contended", null, backend, self -> {
            while (true) {
                segments.incrementAndGet();
                Coroutine.yield();
            }
        });
        co.resume();
        int rounds = 200;
        AtomicInteger refused = new AtomicInteger();
        for (int r = 0; r < rounds; r++) {
            CountDownLatch go = new CountDownLatch(1);
            Thread[] ts = new Thread[3];
            for (int k = 0; k < ts.length; k++) {
                ts[k] = Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        co.resume();
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
        }
        // every round: between one and three segments ran, the rest were refused, nothing lost
        assertThat(segments.get() - 1 + refused.get()).isEqualTo(rounds * 3);
        assertThat(co.state()).isEqualTo(CoroutineState.SUSPENDED);
        co.close();
    }

    @BothBackends
    void exactlyOneSideRunsAtATime(CoroutineBackend backend) throws Exception {
        int[] shared = new int[1]; // plain on purpose
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        int rounds = 5000;
        Coroutine<Void> co = Coroutine.create("handoff", null, backend, self -> {
            for (int i = 0; i < rounds; i++) {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                shared[0]++;
                running.decrementAndGet();
                Coroutine.yield();
            }
        });
        Thread resumerB = null;
        for (int i = 0; i < rounds; i++) {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            shared[0]++;
            running.decrementAndGet();
            if (i % 100 == 99) { // now and then from another thread
                resumerB = Thread.ofPlatform().start(co::resume);
                resumerB.join();
            } else {
                co.resume();
            }
        }
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
        assertThat(shared[0]).isEqualTo(2 * rounds);
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @BothBackends
    void resumeKeepsTheResumersInterruptStatus(CoroutineBackend backend) {
        Thread me = Thread.currentThread();
        Coroutine<Void> co = Coroutine.create("interrupter", null, backend, self -> {
            me.interrupt();
            Thread.sleep(1); // the body itself is not interrupted (VT) or clears it (Continuation)
        });
        try {
            co.resume();
        } catch (RuntimeException e) {
            // CONTINUATION: the body runs on this thread and Thread.sleep saw the interrupt
            assertThat(backend).isEqualTo(CoroutineBackend.CONTINUATION);
            assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
            return;
        }
        assertThat(backend).isEqualTo(CoroutineBackend.VIRTUAL_THREAD);
        assertThat(Thread.interrupted()).isTrue(); // kept across the handoff
    }

    @BothBackends
    void manyCoroutinesInterleaveRoundRobin(CoroutineBackend backend) {
        int n = 500;
        int yields = 5;
        List<Integer> trace = new ArrayList<>();
        List<Coroutine<Integer>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(Coroutine.create("c" + i, i, backend, self -> {
                for (int y = 0; y < yields; y++) {
                    trace.add(self.context());
                    Coroutine.yield();
                }
            }));
        }
        for (int round = 0; round <= yields; round++) {
            for (Coroutine<Integer> c : all) {
                assertThat(c.resume()).isEqualTo(round < yields ? CoroutineState.SUSPENDED : CoroutineState.DONE);
            }
        }
        assertThat(trace).hasSize(n * yields);
        for (int k = 0; k < trace.size(); k++) {
            assertThat(trace.get(k)).isEqualTo(k % n);
        }
    }

    @BothBackends
    void resumeFromAVirtualThreadWhoseBodyBlocks(CoroutineBackend backend) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Coroutine<Void> co = Coroutine.create("blocking", null, backend, self -> {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue(); // parks the resuming virtual thread
            Coroutine.yield();
        });
        AtomicReference<Object> out = new AtomicReference<>();
        Thread vt = Thread.ofVirtual().start(() -> out.set(co.resume()));
        Thread.sleep(20);
        release.countDown();
        vt.join();
        assertThat(out.get()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(co.resume()).isEqualTo(CoroutineState.DONE);
    }

    // ---- close -------------------------------------------------------------------------------

    @BothBackends
    void closedNewCoroutineNeverRuns(CoroutineBackend backend) {
        Coroutine<List<String>> co = tracing(backend, 1);
        co.close();
        assertThat(co.state()).isEqualTo(CoroutineState.DONE);
        assertThat(co.context()).isEmpty();
        assertThatThrownBy(co::resume).isInstanceOf(IllegalStateException.class);
    }

    @BothBackends
    void closeUnwindsThroughFinally(CoroutineBackend backend) {
        List<String> trace = new ArrayList<>();
        Coroutine<Void> co = Coroutine.create("unwinder", null, backend, self -> {
            try {
                trace.add("start");
                Coroutine.yield();
                trace.add("never");
            } catch (CoroutineClosedException e) {
                trace.add("closed " + e.coroutine());
                throw e;
            } finally {
                trace.add("finally");
                try {
                    Coroutine.yield(); // a closed coroutine never suspends again
                } catch (CoroutineClosedException again) {
                    trace.add("yield in finally refused");
                }
            }
        });
        co.resume();
        co.close();
        assertThat(co.state()).isEqualTo(CoroutineState.DONE);
        assertThat(trace).containsExactly("start", "closed unwinder", "finally", "yield in finally refused");
        co.close(); // idempotent
        assertThat(co.state()).isEqualTo(CoroutineState.DONE);
    }

    @BothBackends
    void closeOfABodyThatSwallowsTheUnwindEndsDone(CoroutineBackend backend) {
        AtomicInteger refusals = new AtomicInteger();
        Coroutine<Void> co = Coroutine.create("stubborn", null, backend, self -> {
            for (int i = 0; i < 3; i++) {
                try {
                    Coroutine.yield();
                } catch (CoroutineClosedException e) {
                    refusals.incrementAndGet();
                }
            }
        });
        co.resume();
        co.close();
        assertThat(co.state()).isEqualTo(CoroutineState.DONE);
        assertThat(refusals.get()).isEqualTo(3);
    }

    @BothBackends
    void closeRethrowsAnotherExceptionThrownWhileUnwinding(CoroutineBackend backend) {
        IllegalStateException cleanup = new IllegalStateException("cleanup failed");
        Coroutine<Void> co = Coroutine.create("messy", null, backend, self -> {
            try {
                Coroutine.yield();
            } catch (CoroutineClosedException e) {
                throw cleanup; // a cleanup that fails while unwinding
            }
        });
        co.resume();
        assertThatThrownBy(co::close).isSameAs(cleanup);
        assertThat(co.state()).isEqualTo(CoroutineState.FAILED);
        assertThat(co.failure()).isSameAs(cleanup);
    }

    @BothBackends
    void closeWhileRunningIsRefused(CoroutineBackend backend) {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Coroutine<Void> co = Coroutine.create("self-closer", null, backend, self -> {
            try {
                self.close();
            } catch (IllegalStateException e) {
                refused.set(e);
            }
        });
        co.resume();
        assertThat(refused.get()).hasMessageContaining("'self-closer'").hasMessageContaining("RUNNING");
    }

    @BothBackends
    void closeOfEndedCoroutinesDoesNothing(CoroutineBackend backend) {
        Coroutine<Void> failed = Coroutine.create("f", null, backend, self -> {
            throw new IllegalStateException("x");
        });
        assertThatThrownBy(failed::resume).hasMessage("x");
        failed.close();
        assertThat(failed.state()).isEqualTo(CoroutineState.FAILED);
        Coroutine<List<String>> done = tracing(backend, 0);
        done.resume();
        done.close();
        assertThat(done.state()).isEqualTo(CoroutineState.DONE);
    }

    @BothBackends
    void tryWithResourcesClosesASuspendedCoroutine(CoroutineBackend backend) {
        AtomicInteger cleaned = new AtomicInteger();
        try (Coroutine<Void> co = Coroutine.create("scoped", null, backend, self -> {
            try {
                Coroutine.yield();
            } finally {
                cleaned.incrementAndGet();
            }
        })) {
            co.resume();
        }
        assertThat(cleaned.get()).isEqualTo(1);
    }

    @Test
    void anAbandonedSuspendedContinuationCoroutineIsCollected() throws InterruptedException {
        Coroutine<List<String>> co = tracing(CoroutineBackend.CONTINUATION, 3);
        co.resume();
        WeakReference<Coroutine<List<String>>> ref = new WeakReference<>(co);
        co = null;
        assertThat(TestSupport.collected(ref)).isTrue();
    }

    @BothBackends
    void toStringNamesCoroutineStateAndBackend(CoroutineBackend backend) {
        Coroutine<List<String>> co = tracing(backend, 1);
        assertThat(co.toString()).contains("tracer", "NEW", backend.name());
    }
}

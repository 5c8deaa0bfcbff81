package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.cancel.CancellationSource;
import dev.lockstep.core.cancel.CancelledException;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskGroupTest {
    private static Engine engine(int workers) {
        return Engine.builder().workers(workers).name("tg-" + workers).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void forkAndJoinReturnResults(int workers) {
        try (Engine e = engine(workers);
                TaskGroup g = TaskGroup.open(e)) {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int k = i;
                fs.add(g.fork(() -> k * k));
            }
            g.join();
            for (int i = 0; i < 100; i++) {
                assertThat(fs.get(i).resultNow()).isEqualTo(i * i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void failuresAreAggregatedFirstAsCauseRestSuppressedInForkOrder(int workers) {
        try (Engine e = engine(workers)) {
            TaskGroup g = TaskGroup.open(
                    e, TaskGroupOptions.defaults().withName("agg").withCancelOnFailure(false));
            g.fork(() -> {
                throw new IllegalStateException("first");
            });
            g.fork(() -> 1);
            g.fork(() -> {
                throw new IllegalArgumentException("second");
            });
            g.fork(() -> {
                throw new UnsupportedOperationException("third");
            });
            assertThatThrownBy(g::join)
                    .isInstanceOf(TaskGroupFailedException.class)
                    .hasMessageContaining("TaskGroup 'agg': 3 subtasks failed")
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .satisfies(t -> assertThat(t.getSuppressed())
                            .extracting(Throwable::getMessage)
                            .containsExactly("second", "third"));
            g.close(); // already reported: close does not throw again
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void cancelOnFailureSignalsRunningSubtasks(int workers) {
        try (Engine e = engine(workers)) {
            AtomicBoolean sawCancel = new AtomicBoolean();
            CountDownLatch spinnerStarted = new CountDownLatch(1);
            TaskGroup g = TaskGroup.open(e);
            g.fork(() -> {
                spinnerStarted.countDown();
                while (!Engine.currentTaskCancelled()) {
                    Thread.onSpinWait();
                }
                sawCancel.set(true);
            });
            g.fork(() -> {
                spinnerStarted.await();
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(g::join)
                    .isInstanceOf(TaskGroupFailedException.class)
                    .hasRootCauseMessage("boom");
            assertThat(sawCancel).isTrue();
            assertThat(g.isCancelled()).isTrue();
            assertThat(g.token().reason()).contains("subtask failed");
            g.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void noSubtaskOutlivesTheScope(int workers) {
        try (Engine e = engine(workers)) {
            AtomicBoolean ended = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            try (TaskGroup g = TaskGroup.open(e)) {
                g.fork(() -> {
                    started.countDown();
                    try {
                        while (!g.token().isCancellationRequested()) {
                            Thread.onSpinWait();
                        }
                    } finally {
                        ended.set(true);
                    }
                });
                started.await();
                // no join: close cancels and waits
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
            assertThat(ended).as("the member ended before close returned").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void joinWaitsForSubtasksForkedBySubtasks(int workers) {
        try (Engine e = engine(workers);
                TaskGroup g = TaskGroup.open(e)) {
            AtomicInteger leaves = new AtomicInteger();
            g.fork(() -> {
                for (int i = 0; i < 10; i++) {
                    g.fork(() -> {
                        g.fork(leaves::incrementAndGet);
                    });
                }
            });
            g.join();
            assertThat(leaves).hasValue(10);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void maxConcurrentIsNeverExceeded(int workers) {
        try (Engine e = engine(workers);
                TaskGroup g = TaskGroup.open(e, TaskGroupOptions.defaults().withMaxConcurrent(2))) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxSeen = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 200; i++) {
                g.fork(() -> {
                    int r = running.incrementAndGet();
                    maxSeen.accumulateAndGet(r, Math::max);
                    for (int k = 0; k < 2_000; k++) {
                        Thread.onSpinWait();
                    }
                    running.decrementAndGet();
                    done.incrementAndGet();
                });
            }
            g.join();
            assertThat(done).hasValue(200);
            assertThat(maxSeen.get()).isBetween(1, 2);
        }
    }

    @Test
    void cancelledWaitingMemberReturnsNoPermit() throws Exception {
        try (Engine e = engine(4);
                TaskGroup g = TaskGroup.open(e, TaskGroupOptions.defaults().withMaxConcurrent(1))) {
            CountDownLatch release = new CountDownLatch(1);
            g.fork(() -> {
                release.await();
                return null;
            });
            Future<Integer> waitingOne = g.fork(() -> 2);
            assertThat(waitingOne.cancel("not needed")).isTrue();
            release.countDown();
            // Had the cancelled member returned a permit it never took, two of these could overlap.
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxSeen = new AtomicInteger();
            for (int i = 0; i < 50; i++) {
                g.fork(() -> {
                    maxSeen.accumulateAndGet(running.incrementAndGet(), Math::max);
                    for (int k = 0; k < 2_000; k++) {
                        Thread.onSpinWait();
                    }
                    running.decrementAndGet();
                });
            }
            g.join();
            assertThat(waitingOne.isCancelled()).isTrue();
            assertThat(maxSeen).hasValue(1);
        }
    }

    @Test
    void cancellingTheGroupReachesTasksNotYetStarted() throws Exception {
        try (Engine e = engine(1)) {
            TaskGroup g = TaskGroup.open(e);
            CountDownLatch blockerRunning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            g.fork(() -> {
                blockerRunning.countDown();
                release.await();
                return null;
            });
            blockerRunning.await();
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                queued.add(g.fork(ran::incrementAndGet));
            }
            assertThat(g.cancel("stop")).isTrue();
            release.countDown();
            assertThatThrownBy(g::join).isInstanceOf(CancelledException.class).hasMessageContaining("stop");
            assertThat(ran).hasValue(0);
            assertThat(queued).allSatisfy(f -> assertThat(f.isCancelled()).isTrue());
            g.close();
        }
    }

    @Test
    void parentTokenCancelsTheGroup() throws Exception {
        try (Engine e = engine(2);
                CancellationSource parent = new CancellationSource()) {
            TaskGroup g = TaskGroup.open(e, TaskGroupOptions.defaults().withParent(parent.token()));
            CountDownLatch started = new CountDownLatch(1);
            g.fork(() -> {
                started.countDown();
                while (!Engine.currentTaskCancelled()) {
                    Thread.onSpinWait();
                }
            });
            started.await();
            parent.cancel("parent said so");
            assertThatThrownBy(g::join).isInstanceOf(CancelledException.class).hasMessageContaining("parent said so");
            g.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void parallelForVisitsEveryIndexExactlyOnce(int workers) {
        try (Engine e = engine(workers);
                TaskGroup g = TaskGroup.open(e)) {
            int n = 100_000;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            g.parallelFor(0, n, 64, hits::incrementAndGet);
            g.join();
            for (int i = 0; i < n; i++) {
                assertThat(hits.get(i)).as("index %d", i).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void parallelForRunsOnMoreThanOneWorker(int workers) {
        // Index 0 and index 1 each wait for the other: only two workers running at once finish it.
        try (Engine e = engine(workers);
                TaskGroup g = TaskGroup.open(e)) {
            CountDownLatch both = new CountDownLatch(2);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            AtomicBoolean metEachOther = new AtomicBoolean(true);
            g.parallelFor(0, 2, 1, i -> {
                threads.add(Thread.currentThread());
                both.countDown();
                try {
                    if (!both.await(30, TimeUnit.SECONDS)) {
                        metEachOther.set(false);
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            g.join();
            assertThat(metEachOther).isTrue();
            assertThat(threads).hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void parallelForEachRunsInParallelOverAnyCollection(int workers) {
        try (Engine e = engine(workers);
                TaskGroup g = TaskGroup.open(e)) {
            LinkedList<Integer> items = new LinkedList<>();
            for (int i = 0; i < 10_000; i++) {
                items.add(i);
            }
            AtomicIntegerArray hits = new AtomicIntegerArray(items.size());
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch two = new CountDownLatch(2);
            g.parallelForEach(items, 1, i -> {
                if (threads.add(Thread.currentThread())) {
                    two.countDown();
                }
                if (i == 0 || i == items.size() - 1) {
                    try {
                        two.await(30, TimeUnit.SECONDS); // the first and last wait for a second worker
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
                hits.incrementAndGet(i);
            });
            g.join();
            for (int i = 0; i < items.size(); i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
            assertThat(threads.size()).isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void parallelForFailureReachesJoinUnwrappedAfterEveryRangeEnded(int workers) {
        try (Engine e = engine(workers)) {
            TaskGroup g = TaskGroup.open(e, TaskGroupOptions.defaults().withCancelOnFailure(false));
            AtomicInteger visited = new AtomicInteger();
            Future<Void> f = g.parallelFor(0, 10_000, 10, i -> {
                visited.incrementAndGet();
                if (i == 7) {
                    throw new IllegalStateException("bad index 7");
                }
            });
            assertThatThrownBy(g::join)
                    .isInstanceOf(TaskGroupFailedException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("bad index 7");
            assertThat(f.isFailed()).isTrue();
            // No cancel on failure: every other range ran; the failing range stopped at index 7.
            assertThat(visited.get()).isBetween(10_000 - 10 + 8, 10_000 - 1);
            g.close();
        }
    }

    @Test
    void closeReportsFailuresNoJoinReported() {
        try (Engine e = engine(2)) {
            TaskGroup g = TaskGroup.open(e, TaskGroupOptions.defaults().withName("unjoined"));
            Future<Object> f = g.fork(() -> {
                throw new IllegalStateException("lost?");
            });
            while (!f.isDone()) {
                Thread.onSpinWait();
            }
            assertThatThrownBy(g::close)
                    .isInstanceOf(TaskGroupFailedException.class)
                    .hasMessageContaining("'unjoined'")
                    .hasRootCauseMessage("lost?");
        }
    }

    @Test
    void badArgumentsAndForkAfterCloseAreRefusedClearly() {
        try (Engine e = engine(1)) {
            TaskGroup g = TaskGroup.open(e, TaskGroupOptions.defaults().withName("strict"));
            assertThatThrownBy(() -> g.parallelFor(5, 4, 1, i -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("from 5 is after to 4");
            assertThatThrownBy(() -> g.parallelFor(0, 4, 0, i -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("grain 0");
            assertThatThrownBy(() -> TaskGroupOptions.defaults().withMaxConcurrent(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxConcurrent -1");
            g.close();
            assertThatThrownBy(() -> g.fork(() -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("TaskGroup 'strict' is closed");
        }
    }
}

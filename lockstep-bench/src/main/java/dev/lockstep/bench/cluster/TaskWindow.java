package dev.lockstep.bench.cluster;

import dev.lockstep.bench.BenchException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Drives {@link Tiny} tasks through one side of {@code cluster-tiny-tasks} for a fixed time with at
 * most {@code window} tasks in flight: a permit is taken before each submission and given back by
 * the task's completion callback (on whatever thread completes it). After the time is up no task
 * is submitted, the window drains, and the rate is the tasks completed over the time from the first
 * submission to the last completion.
 *
 * <p>Checked, so that a broken side cannot look fast: every task's result is added up and must
 * equal the sum of {@code n + 1} over the submitted tasks; a failed task, or a window that does not
 * drain within {@link #STALL_NANOS}, is a {@link BenchException} naming the side.
 */
final class TaskWindow {
    /** Longest wait for one permit (a task that never completes) before the run is given up. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One side: submits {@code task} and calls {@code done} once with its result or failure. */
    interface Side {
        void submit(Tiny task, BiConsumer<Long, Throwable> done);
    }

    /** A run's outcome. */
    record Sample(long tasks, long nanos, int maxInFlight) {
        double tasksPerSecond() {
            return tasks * 1e9 / nanos;
        }
    }

    private TaskWindow() {}

    /** Runs {@code side} for {@code nanos} with at most {@code window} tasks in flight. */
    static Sample run(String name, Side side, int window, long nanos) {
        return run(name, side, window, nanos, STALL_NANOS);
    }

    /** {@link #run(String, Side, int, long)}, giving up after {@code stallNanos} without a free permit. */
    static Sample run(String name, Side side, int window, long nanos, long stallNanos) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        Semaphore permits = new Semaphore(window);
        LongAdder sum = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        long expected = 0;
        long n = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        try {
            while (System.nanoTime() - end < 0 && failure.get() == null) {
                acquire(name, permits, 1, stallNanos);
                Tiny task = new Tiny(n++);
                expected += task.n() + 1;
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                side.submit(task, (value, cause) -> {
                    inFlight.decrementAndGet();
                    if (cause != null) {
                        failure.compareAndSet(null, cause);
                    } else if (value == null) {
                        failure.compareAndSet(null, new IllegalStateException("task " + task + " returned null"));
                    } else {
                        sum.add(value);
                    }
                    permits.release();
                });
            }
            acquire(name, permits, window, stallNanos); // drain: every task submitted has completed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(name + ": interrupted", e);
        }
        long elapsed = System.nanoTime() - start;
        Throwable f = failure.get();
        if (f != null) {
            throw new BenchException(name + ": a task failed: " + f, f);
        }
        if (sum.sum() != expected) {
            throw new BenchException(name + ": the results add up to " + sum.sum() + ", not " + expected + " (" + n
                    + " tasks submitted): a task was lost, repeated or answered wrong");
        }
        return new Sample(n, elapsed, maxInFlight.get());
    }

    private static void acquire(String name, Semaphore permits, int count, long stallNanos)
            throws InterruptedException {
        if (!permits.tryAcquire(count, stallNanos, TimeUnit.NANOSECONDS)) {
            throw new BenchException(
                    name + ": " + (count == 1 ? "no task" : "the window did not drain:" + " some task has not")
                            + " completed within " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
        }
    }
}

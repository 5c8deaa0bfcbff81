package dev.lockstep.flow.internal;

import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.flow.Compute.Priority;
import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.FlowFailure;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Priorities and CPU budgets for compute effects on one lockstep-core engine. The engine itself
 * runs tasks in submission order (per worker, with stealing); priorities are applied in front of
 * it: tasks wait in three lanes (HIGH, NORMAL, LOW) and at most {@code engine.parallelism()} of
 * them are handed to the engine at once, so a HIGH task that arrives while NORMAL ones wait is the
 * next to start (highPriorityOvertakesWaitingNormalOnes). Within a lane, first come first served.
 *
 * <p>Dispatch is the usual permit loop: {@code running} counts tasks handed to the engine and not
 * yet finished; {@link #drain} takes a permit by CAS below the limit, then polls the lanes; with
 * nothing to run it gives the permit back and looks again, so a task added between the poll and
 * the give-back is not stranded (a submitter that finds no permit relies on that second look, or
 * on the finishing task's drain). A task cancelled while it waits is skipped when polled.
 *
 * <p>CPU budget: the task's thread CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime}) is read
 * before and after it runs; over the budget, the effect fails with 503 "compute budget exceeded"
 * naming the effect, and its value is dropped. A long task can check earlier with {@code
 * Compute.budgetExceeded()} (cooperative, like cancellation).
 */
public final class ComputeLanes {
    private static final Map<Engine, ComputeLanes> BY_ENGINE = new WeakHashMap<>();
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final ThreadLocal<long[]> BUDGET = new ThreadLocal<>(); // {start cpu ns, budget ns}

    private final Engine engine;
    private final int limit;
    private final AtomicInteger running = new AtomicInteger();
    private final List<ConcurrentLinkedQueue<Job<?>>> lanes =
            List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());

    private ComputeLanes(Engine engine) {
        this.engine = engine;
        this.limit = Math.max(1, engine.parallelism());
    }

    /** The lanes in front of {@code engine} (one per engine). */
    public static ComputeLanes of(Engine engine) {
        synchronized (BY_ENGINE) {
            return BY_ENGINE.computeIfAbsent(engine, ComputeLanes::new);
        }
    }

    /** Whether the calling compute task has used up its CPU budget (false outside one, or without a budget). */
    public static boolean budgetExceeded() {
        long[] b = BUDGET.get();
        return b != null && CPU.getCurrentThreadCpuTime() - b[0] > b[1];
    }

    /**
     * Queues {@code work} at {@code priority}; {@code started} runs on the worker just before the
     * work (the compute queue's count-out). A null {@code budget} means none.
     */
    public <T> Future<T> submit(
            String effect, Priority priority, Duration budget, Callable<? extends T> work, Runnable started) {
        Job<T> job = new Job<>(effect, budget == null ? -1 : budget.toNanos(), work, started);
        lanes.get(priority.ordinal()).add(job);
        drain();
        return job.promise;
    }

    /** Tasks waiting in the lanes (not yet handed to the engine). */
    public int waiting() {
        int n = 0;
        for (var l : lanes) {
            n += l.size();
        }
        return n;
    }

    /** Tasks handed to the engine and not yet finished (tests). */
    int running() {
        return running.get();
    }

    private void drain() {
        while (true) {
            int r = running.get();
            if (r >= limit) {
                return; // a running task's end drains again
            }
            if (!running.compareAndSet(r, r + 1)) {
                continue;
            }
            Job<?> job = poll();
            if (job == null) {
                running.decrementAndGet();
                if (!anyWaiting()) {
                    return; // nothing arrived between the poll and the give-back
                }
                continue;
            }
            Future<Void> task;
            try {
                task = engine.submit(() -> runThenRelease(job));
            } catch (RuntimeException e) { // the engine refused (closed): fail this one, keep the permit count right
                running.decrementAndGet();
                job.promise.fail(e);
                continue;
            }
            // a cancel reaches the running task (Engine.currentTaskCancelled()); one that stops it
            // before it starts completes the engine's future, which gives the permit back instead
            job.promise.onComplete((v, e) -> {
                if (job.promise.isCancelled()) {
                    task.cancel();
                }
            });
            task.onComplete((v, e) -> release(job));
        }
    }

    /** The first waiting job by priority; jobs cancelled while they waited are dropped on the way. */
    private Job<?> poll() {
        for (var lane : lanes) {
            Job<?> j;
            while ((j = lane.poll()) != null) {
                if (!j.promise.isDone()) {
                    return j;
                }
            }
        }
        return null;
    }

    private boolean anyWaiting() {
        for (var lane : lanes) {
            if (!lane.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void runThenRelease(Job<?> job) {
        try {
            job.run();
        } finally {
            release(job);
        }
    }

    /** Gives the job's permit back, once (the task's end, or its engine future's, whichever is first). */
    private void release(Job<?> job) {
        if (job.released.compareAndSet(false, true)) { // permitGivenBackOncePerJob
            running.decrementAndGet();
            drain();
        }
    }

    private static final class Job<T> {
        final String effect;
        final long budgetNanos;
        final Callable<? extends T> work;
        final Runnable started;
        final Promise<T> promise = new Promise<>();
        final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        Job(String effect, long budgetNanos, Callable<? extends T> work, Runnable started) {
            this.effect = effect;
            this.budgetNanos = budgetNanos;
            this.work = work;
            this.started = started;
        }

        void run() {
            if (started != null) {
                started.run();
            }
            if (promise.isDone()) {
                return; // cancelled between dispatch and start
            }
            long cpu0 = budgetNanos >= 0 ? CPU.getCurrentThreadCpuTime() : 0;
            if (budgetNanos >= 0) {
                BUDGET.set(new long[] {cpu0, budgetNanos});
            }
            try {
                T v = work.call();
                if (budgetNanos >= 0 && CPU.getCurrentThreadCpuTime() - cpu0 > budgetNanos) {
                    promise.fail(new FlowFailure(FlowError.of(503, "compute budget exceeded", effect)));
                } else {
                    promise.complete(v);
                }
            } catch (Throwable e) {
                promise.fail(e);
            } finally {
                if (budgetNanos >= 0) {
                    BUDGET.remove();
                }
            }
        }
    }
}

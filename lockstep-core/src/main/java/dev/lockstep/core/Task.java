package dev.lockstep.core;

import dev.lockstep.core.internal.EngineWorker;
import java.util.concurrent.Callable;

/**
 * A unit of work of an {@link Engine} that is its own future, for recursive fork/join code: the
 * task object is what sits in the engine's deques and what the caller joins, so a fork allocates
 * nothing beyond the task (like the JDK's {@code RecursiveTask}).
 *
 * <pre>{@code
 * final class Fib extends Task<Long> {
 *     final int n;
 *     Fib(int n) { this.n = n; }
 *     protected Long compute() {
 *         if (n < 2) return (long) n;
 *         Fib f1 = new Fib(n - 1);
 *         f1.fork();                               // onto this worker's deque
 *         return new Fib(n - 2).compute() + f1.join(); // join helps, never blocks the worker
 *     }
 * }
 * long v = engine.submit(new Fib(30)).await();
 * }</pre>
 *
 * <h2>Overview</h2>
 *
 * <p>Subclasses implement {@link #compute()}. The worker that takes the task from a queue calls
 * {@link #exec()} once; {@code exec} skips the task when its future is already decided (it was
 * cancelled before it started: {@code cancelledBeforeStartIsSkipped}), otherwise runs {@code
 * compute} and completes the promise with its value, or fails it with whatever {@code compute}
 * threw ({@code exceptionReachesTheFuture}). Completion goes through {@link Promise}'s single
 * decision CAS, so a cancellation that races with the end of {@code compute} either wins (the
 * future stays cancelled and the value is dropped) or loses (the future holds the value); never
 * both. Cancelling a running task does not interrupt the worker: the running code polls {@link
 * Engine#currentTaskCancelled()} (or {@link #cancellationRequested()} on itself).
 *
 * <p>Inside a worker, {@link #fork()} pushes the task on the worker's own deque (LIFO for the
 * owner, FIFO for thieves) and {@link #join()} (inherited from {@link Promise}) helps: the worker
 * pops and runs its own tasks, then steals, until this task is done. From outside the engine, hand
 * the task to {@link Engine#submit(Callable)}: a {@code Task} is a {@link Callable}, and the engine
 * schedules it as is, without a wrapper, and returns it as the future.
 *
 * <p>A task must be forked or submitted at most once: the queues do not check, and a task in two
 * queues would run twice (its future would still be decided once).
 *
 * @param <T> result type
 */
public abstract class Task<T> extends Promise<T> implements Callable<T> {
    /** A new, not yet scheduled task. */
    protected Task() {}

    /** The work. Runs at most once, on a worker (or inline through {@link #call()}). */
    protected abstract T compute() throws Exception;

    /**
     * Runs the task on this thread unless it is already done (see the overview). The engine calls
     * it once per scheduling on the worker that took the task; calling it yourself runs the task
     * inline, as {@link #call()} does without reporting the outcome.
     */
    public final void exec() {
        if (isDone()) { // cancelled (or completed by hand) before it started: skip
            return;
        }
        T value;
        try {
            value = compute();
        } catch (Throwable failure) { // every failure reaches the future, never lost
            fail(failure);
            afterFailure(failure);
            return;
        }
        complete(value);
    }

    /**
     * Whether the running task should stop early: its future was cancelled, or (for subclasses such
     * as task-group members) a cancellation it belongs to was requested. What {@link
     * Engine#currentTaskCancelled()} reports.
     */
    public boolean cancellationRequested() {
        return isCancelled();
    }

    /** Hook for tasks whose failures must also go somewhere else (see {@link Engine#execute}). */
    protected void afterFailure(Throwable failure) {}

    /**
     * Pushes this task on the current worker's deque and returns it. Only from inside an engine
     * worker; elsewhere submit the task to an engine.
     *
     * @throws IllegalStateException when the current thread is not an engine worker
     */
    public final Task<T> fork() {
        if (Thread.currentThread() instanceof EngineWorker w) {
            w.push(this);
            return this;
        }
        throw new IllegalStateException("fork: " + this + " was forked outside an engine worker (thread "
                + Thread.currentThread().getName() + "); submit it to an Engine instead");
    }

    /**
     * Runs the task inline on the calling thread (as {@link #exec()} does) and returns its result,
     * or throws as {@link #join()} would.
     */
    @Override
    public final T call() {
        exec();
        return join();
    }
}

package dev.lockstep.core.internal;

import dev.lockstep.core.Promise;
import java.util.concurrent.Callable;

/**
 * A unit of work of the engine, and its own future: the task object is what sits in the deques and
 * what the submitter awaits, so a fork allocates nothing beyond the task.
 *
 * <h2>Overview</h2>
 *
 * <p>Subclasses implement {@link #compute()}. A worker that takes the task from a queue calls
 * {@link #exec()} once; {@code exec} skips the task when its future is already decided (it was
 * cancelled before it started: {@code cancelledBeforeStartIsSkipped}), otherwise runs {@code
 * compute} and completes the promise with its value, or fails it with whatever {@code compute}
 * threw ({@code exceptionReachesTheFuture}). Completion goes through {@link Promise}'s single
 * decision CAS, so a cancellation that races with the end of {@code compute} either wins (the
 * future stays cancelled and the value is dropped) or loses (the future holds the value); never
 * both. Cancelling a running task does not interrupt the worker; the running code polls {@code
 * Engine.currentTaskCancelled()} (or {@link #isCancelled()} on itself).
 *
 * <p>Fork/join use: inside a worker, {@link #fork()} pushes the task on the worker's own deque (LIFO
 * for the owner, FIFO for thieves) and {@link #join()} (inherited from {@link Promise}) helps: the
 * worker pops and runs its own tasks, then steals, until this task is done (see {@code
 * EngineWorker}). From outside the engine, hand the task to {@code Engine.submit(Callable)}: an
 * {@code EngineTask} is a {@link Callable}, and the engine schedules it as is, without a wrapper.
 *
 * <p>A task must be forked or submitted at most once: the queues do not check, and a task in two
 * queues would run twice (its future would still be decided once).
 *
 * @param <T> result type
 */
public abstract class EngineTask<T> extends Promise<T> implements Callable<T> {
    /** A new, not yet scheduled task. */
    protected EngineTask() {}

    /** The work. Runs at most once, on a worker (or inline through {@link #call()}). */
    protected abstract T compute() throws Exception;

    /**
     * Runs the task on this thread unless it is already done (see the overview). Called by the
     * worker that took it from a queue, exactly once per scheduling.
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
     * as task-group members) a cancellation it belongs to was requested. What {@code
     * Engine.currentTaskCancelled()} reports.
     */
    public boolean cancellationRequested() {
        return isCancelled();
    }

    /** Hook for tasks whose failures must also go somewhere else (see {@code execute(Runnable)}). */
    protected void afterFailure(Throwable failure) {}

    /**
     * Pushes this task on the current worker's deque and returns it. Only from inside an engine
     * worker; elsewhere submit the task to an engine.
     *
     * @throws IllegalStateException when the current thread is not an engine worker
     */
    public final EngineTask<T> fork() {
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

    /** Wraps a {@link Callable}. */
    public static <T> EngineTask<T> of(Callable<T> callable) {
        if (callable == null) {
            throw new NullPointerException("EngineTask.of: callable is null");
        }
        return new CallableTask<>(callable);
    }

    /** Wraps a {@link Runnable}; the future's value is {@code null}. */
    public static EngineTask<Void> of(Runnable runnable) {
        if (runnable == null) {
            throw new NullPointerException("EngineTask.of: runnable is null");
        }
        return new RunnableTask(runnable, false);
    }

    /**
     * Wraps a {@link Runnable} for {@code Executor.execute}: a failure fails the future and is also
     * handed to the running thread's uncaught exception handler, since the caller holds no future.
     */
    public static EngineTask<Void> forExecute(Runnable runnable) {
        if (runnable == null) {
            throw new NullPointerException("Engine.execute: runnable is null");
        }
        return new RunnableTask(runnable, true);
    }

    private static final class CallableTask<T> extends EngineTask<T> {
        private final Callable<T> callable;

        CallableTask(Callable<T> callable) {
            this.callable = callable;
        }

        @Override
        protected T compute() throws Exception {
            return callable.call();
        }

        @Override
        public String toString() {
            return super.toString() + "(" + callable + ")";
        }
    }

    private static final class RunnableTask extends EngineTask<Void> {
        private final Runnable runnable;
        private final boolean reportUncaught;

        RunnableTask(Runnable runnable, boolean reportUncaught) {
            this.runnable = runnable;
            this.reportUncaught = reportUncaught;
        }

        @Override
        protected Void compute() {
            runnable.run();
            return null;
        }

        @Override
        protected void afterFailure(Throwable failure) {
            if (reportUncaught) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, failure);
            }
        }

        @Override
        public String toString() {
            return super.toString() + "(" + runnable + ")";
        }
    }
}

package dev.lockstep.core.internal;

import dev.lockstep.core.Task;
import java.util.concurrent.Callable;

/**
 * The engine's own kinds of {@link Task}: the wrappers for a submitted {@link Callable} or {@link
 * Runnable}, and the base of the task group's members. Everything a task does is in {@link Task};
 * this class only adds the factories.
 *
 * @param <T> result type
 */
public abstract class EngineTask<T> extends Task<T> {
    /** A new, not yet scheduled task. */
    protected EngineTask() {}

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

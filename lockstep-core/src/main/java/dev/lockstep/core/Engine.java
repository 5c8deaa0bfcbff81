package dev.lockstep.core;

import dev.lockstep.core.internal.EngineConfig;
import dev.lockstep.core.internal.EngineTask;
import dev.lockstep.core.internal.EngineWorker;
import dev.lockstep.core.internal.Scheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A work-stealing engine: a fixed set of worker threads, each owning a deque, plus injection lanes
 * for submissions from outside.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().workers(4).build()) {
 *     Future<Long> f = engine.submit(() -> expensive());
 *     long v = f.await();
 * }
 * }</pre>
 *
 * <p><b>Scheduling.</b> {@link #submit(Callable)} from a worker of this engine is a fork: the task
 * goes on that worker's own deque, which it runs newest-first; idle workers steal the oldest task
 * of a victim chosen by the {@link StealPolicy}. From any other thread, the task goes to an
 * injection lane that workers consume oldest-first. Inside a task, {@link Future#join()} does not
 * block the worker: it runs the worker's own tasks and steals until the joined future is done, so
 * recursive fork/join works at any depth and worker count, even one worker. Use {@code await()}
 * outside the engine; inside a task it blocks the worker.
 *
 * <p><b>Idle workers</b> spin, then yield, then park; a parked worker uses no CPU and is woken by
 * the next submission (no wake-up is lost; see {@code internal.Scheduler}).
 *
 * <p><b>Blocking work</b> belongs on {@link #submitBlocking(Callable)}: it runs on its own virtual
 * thread and completes an engine future, so it never occupies a worker.
 *
 * <p><b>Failures and cancellation.</b> A task's exception always reaches its future, which fails
 * with it. A task run through {@link #execute(Runnable)} has no future the caller sees, so its
 * exception is also handed to the worker thread's uncaught exception handler (the worker goes on).
 * Cancelling a future before its task starts makes the worker skip the task; cancelling a running
 * task does not interrupt the worker, the task polls {@link #currentTaskCancelled()} (a blocking
 * task is interrupted instead).
 *
 * <p><b>Shutdown.</b> {@link #close()} stops outside submissions (they fail with {@link
 * RejectedExecutionException} naming this engine), lets the engine drain (queued tasks, the tasks
 * they fork, and blocking tasks in flight all run), then stops and joins the workers. A submission
 * that races with {@code close()} is either rejected or runs, never left behind. {@link
 * #shutdownNow()} cancels every queued task and returns their futures; running tasks finish.
 *
 * <p><b>Fork/join tasks.</b> Recursive code subclasses {@link Task}: a task is its own future, so a
 * fork allocates nothing beyond the task object. The guide is {@code docs/core/engine.md}.
 */
public final class Engine implements Executor, AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final VarHandle BLOCKING_THREAD;

    static {
        try {
            BLOCKING_THREAD = MethodHandles.lookup().findVarHandle(BlockingTask.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Scheduler scheduler;
    private final Set<BlockingTask<?>> blockingInFlight = ConcurrentHashMap.newKeySet();

    private Engine(EngineConfig config) {
        this.scheduler = new Scheduler(config, this);
        scheduler.start();
    }

    /** An engine with the defaults: one worker per available processor, RANDOM stealing. */
    public static Engine create() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The engine whose worker thread runs the caller, or null (also null on a blocking task's
     * virtual thread).
     */
    public static Engine current() {
        return Thread.currentThread() instanceof EngineWorker w ? w.scheduler().engine() : null;
    }

    /**
     * Whether the engine task that the calling worker is running has been cancelled. Long-running
     * tasks poll this to stop early; false outside a worker.
     */
    public static boolean currentTaskCancelled() {
        return Thread.currentThread() instanceof EngineWorker w && w.currentTaskCancelled();
    }

    /**
     * Schedules {@code task} (a fork when called from this engine's worker) and returns its future.
     * A {@link Task} is scheduled as is and is itself the returned future.
     *
     * @throws RejectedExecutionException after {@link #close()} or {@link #shutdownNow()}
     */
    @SuppressWarnings("unchecked")
    public <T> Future<T> submit(Callable<T> task) {
        Task<T> t = task instanceof Task<?> et ? (Task<T>) et : EngineTask.of(task);
        scheduler.submit(t);
        return t;
    }

    /** Like {@link #submit(Callable)}; the future's value is {@code null}. */
    public Future<Void> submit(Runnable task) {
        EngineTask<Void> t = EngineTask.of(task);
        scheduler.submit(t);
        return t;
    }

    /**
     * Schedules {@code task} without a future for the caller; an exception it throws goes to the
     * worker thread's uncaught exception handler.
     *
     * @throws RejectedExecutionException after {@link #close()} or {@link #shutdownNow()}
     */
    @Override
    public void execute(Runnable task) {
        scheduler.submit(EngineTask.forExecute(task));
    }

    /**
     * Runs blocking {@code task} on a new virtual thread, never on a worker, and returns an engine
     * future. Cancelling the future interrupts that thread. {@link #close()} waits for blocking
     * tasks in flight; tasks they submit while the engine drains are accepted.
     *
     * @throws RejectedExecutionException after {@link #close()} or {@link #shutdownNow()}
     */
    public <T> Future<T> submitBlocking(Callable<T> task) {
        if (task == null) {
            throw new NullPointerException("Engine.submitBlocking: task is null");
        }
        if (!scheduler.blockingStarted()) {
            throw scheduler.rejected(task);
        }
        BlockingTask<T> promise = new BlockingTask<>();
        blockingInFlight.add(promise);
        try {
            Thread vt = Thread.ofVirtual()
                    .name(scheduler.name() + "-blocking")
                    .unstarted(() -> ScopedValue.where(Scheduler.BLOCKING_OWNER, scheduler)
                            .run(() -> promise.runOn(task, scheduler, blockingInFlight)));
            BLOCKING_THREAD.setRelease(promise, vt);
            vt.start();
        } catch (Throwable t) {
            blockingInFlight.remove(promise);
            scheduler.blockingFinished();
            throw t;
        }
        return promise;
    }

    /** The number of worker threads. */
    public int parallelism() {
        return scheduler.parallelism();
    }

    /** This engine's name (thread names and error messages use it). */
    public String name() {
        return scheduler.name();
    }

    /** The steal policy in effect: LOCALITY becomes RANDOM where the CPU topology is unknown. */
    public StealPolicy effectiveStealPolicy() {
        return scheduler.effectiveStealPolicy();
    }

    /** The workers' counters, summed; all zero when statistics are off. */
    public EngineStats stats() {
        return scheduler.stats();
    }

    /** Whether {@link #close()} or {@link #shutdownNow()} was called. */
    public boolean isShutdown() {
        return scheduler.isShutdown();
    }

    /** Whether every worker has exited. */
    public boolean isTerminated() {
        return scheduler.isTerminated();
    }

    /** Waits at most {@code timeout} for termination; returns whether the engine terminated. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            scheduler.termination().await(timeout);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /**
     * Drains and stops: rejects outside submissions from now on, lets every queued task (and what
     * it forks, and blocking tasks in flight) run, then stops and joins the workers. Called from a
     * worker of this engine it only starts the shutdown (a worker cannot wait for itself).
     */
    @Override
    public void close() {
        scheduler.shutdown();
        if (scheduler.currentWorker() != null) {
            return;
        }
        scheduler.joinWorkers();
    }

    /**
     * Stops now: rejects submissions, cancels every queued task and returns their futures (in no
     * particular order); running tasks finish, blocking tasks in flight are cancelled (interrupted)
     * but not listed. Does not wait; use {@link #awaitTermination(Duration)}.
     */
    public List<Future<?>> shutdownNow() {
        List<Future<?>> cancelled = scheduler.shutdownNow();
        for (BlockingTask<?> b : blockingInFlight) {
            b.cancel("engine '" + name() + "' was stopped (shutdownNow)");
        }
        return cancelled;
    }

    @Override
    public String toString() {
        return "Engine[" + name() + ", workers=" + parallelism() + (isTerminated() ? ", terminated" : "")
                + (isShutdown() && !isTerminated() ? ", shut down" : "") + "]";
    }

    /** The future of a blocking task: cancelling it interrupts its virtual thread. */
    private static final class BlockingTask<T> extends Promise<T> {
        @SuppressWarnings("unused") // through BLOCKING_THREAD
        private volatile Thread thread;

        void runOn(Callable<T> task, Scheduler scheduler, Set<BlockingTask<?>> inFlight) {
            try {
                if (!isDone()) {
                    complete(task.call());
                }
            } catch (Throwable failure) { // reaches the future, never lost
                fail(failure);
            } finally {
                BLOCKING_THREAD.setRelease(this, null);
                inFlight.remove(this);
                scheduler.blockingFinished();
            }
        }

        @Override
        protected void onCancelled() {
            Thread t = (Thread) BLOCKING_THREAD.getAcquire(this);
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /** Settings for {@link Engine}; every option has a default. */
    public static final class Builder {
        private String name;
        private int workers = Runtime.getRuntime().availableProcessors();
        private StealPolicy stealPolicy = StealPolicy.RANDOM;
        private int stealAttempts = -1;
        private int spins = 128;
        private int yields = 8;
        private boolean statistics;
        private String threadNamePrefix;
        private long workerStackSize = 16L << 20;
        private Path topologyRoot = Path.of("/sys");
        private Thread.UncaughtExceptionHandler handler;

        private Builder() {}

        /** The engine's name, used in thread names and error messages (default {@code lockstep-engine-N}). */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Engine.Builder.name: blank name");
            }
            this.name = name;
            return this;
        }

        /** Number of worker threads, 1 to 32767 (default: available processors). */
        public Builder workers(int workers) {
            if (workers < 1 || workers > Scheduler.MAX_WORKERS) {
                throw new IllegalArgumentException(
                        "Engine.Builder.workers: " + workers + " is not in [1, " + Scheduler.MAX_WORKERS + "]");
            }
            this.workers = workers;
            return this;
        }

        /** How idle workers choose victims (default RANDOM). */
        public Builder stealPolicy(StealPolicy policy) {
            if (policy == null) {
                throw new NullPointerException("Engine.Builder.stealPolicy: null");
            }
            this.stealPolicy = policy;
            return this;
        }

        /** Victims probed per scan round, at least 1 (default: workers - 1, at least 1). */
        public Builder stealAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("Engine.Builder.stealAttempts: " + attempts + " < 1");
            }
            this.stealAttempts = attempts;
            return this;
        }

        /** Idle scan rounds spent spinning before yielding (default 128). */
        public Builder spins(int spins) {
            if (spins < 0) {
                throw new IllegalArgumentException("Engine.Builder.spins: " + spins + " < 0");
            }
            this.spins = spins;
            return this;
        }

        /** Idle scan rounds spent yielding before parking (default 8). */
        public Builder yields(int yields) {
            if (yields < 0) {
                throw new IllegalArgumentException("Engine.Builder.yields: " + yields + " < 0");
            }
            this.yields = yields;
            return this;
        }

        /** Whether workers count tasks, steals, parks... (default off; off costs nothing measurable). */
        public Builder statistics(boolean on) {
            this.statistics = on;
            return this;
        }

        /** Prefix of worker thread names; worker i is prefix + i (default {@code <name>-worker-}). */
        public Builder threadNamePrefix(String prefix) {
            if (prefix == null) {
                throw new NullPointerException("Engine.Builder.threadNamePrefix: null");
            }
            this.threadNamePrefix = prefix;
            return this;
        }

        /** Stack size requested for worker threads in bytes; 0 for the JVM default (default 16 MiB). */
        public Builder workerStackSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("Engine.Builder.workerStackSize: " + bytes + " < 0");
            }
            this.workerStackSize = bytes;
            return this;
        }

        /** The sysfs root that LOCALITY reads the CPU topology from (default {@code /sys}). */
        public Builder topologyRoot(Path root) {
            if (root == null) {
                throw new NullPointerException("Engine.Builder.topologyRoot: null");
            }
            this.topologyRoot = root;
            return this;
        }

        /** Handler for exceptions of {@code execute(Runnable)} tasks (default: the thread's default). */
        public Builder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Builds and starts the engine. */
        public Engine build() {
            String n = name != null ? name : "lockstep-engine-" + SEQUENCE.incrementAndGet();
            int attempts = stealAttempts > 0 ? stealAttempts : Math.max(1, workers - 1);
            return new Engine(new EngineConfig(
                    n,
                    workers,
                    stealPolicy,
                    attempts,
                    spins,
                    yields,
                    statistics,
                    threadNamePrefix != null ? threadNamePrefix : n + "-worker-",
                    workerStackSize,
                    topologyRoot,
                    handler));
        }
    }
}

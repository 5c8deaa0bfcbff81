package dev.lockstep.io;

import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineState;
import dev.lockstep.io.internal.Backend;
import dev.lockstep.io.internal.Backends;
import dev.lockstep.io.internal.BlockingPool;
import dev.lockstep.io.internal.IoTaskRecord;
import dev.lockstep.io.internal.TaskPool;
import dev.lockstep.io.internal.TimerHeap;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One I/O runtime: a task pool, a scheduler and one backend, run by one thread ({@link #run()}).
 * Tasks are lockstep-core coroutines in direct style; an I/O call suspends the task and the loop
 * runs the others. Guide: docs/io.md.
 *
 * <pre>{@code
 * IoRuntime rt = IoRuntime.builder().build();
 * rt.spawn(r -> { r.sleep(Duration.ofMillis(10)); System.out.println("done"); });
 * rt.run();   // returns when no task is left
 * }</pre>
 *
 * <h2>Implementation overview</h2>
 *
 * <p>The loop ({@link #run()}) repeats: take spawns and triggers sent from other threads, fire due
 * timers, run every runnable task until it suspends or ends, then poll the backend for
 * completions, blocking only when nothing is runnable (until the next timer, a completion or a
 * {@link #wake()}). It ends when no task is left or on {@link #stop()}.
 *
 * <p>Task states: RUNNABLE (in the run queue), WAITING_IO (an operation or timer of its own will
 * complete it), WAITING_TRIGGER (parked until {@link #trigger}), DEAD (its slot is free). Only the
 * loop thread changes a state. Each wait bumps the record's {@code waitSeq}; a trigger or offloaded
 * result for an older wait is ignored, so nothing wakes a task twice. A wait's timer (a sleep's end,
 * an operation's timeout, a deadline scope) lives in the {@link TimerHeap}, whose nodes are the
 * records themselves: the wait that ends takes its timer out at once, so the heap holds only the
 * timers of tasks waiting now, however many timeouts were armed and never fired
 * ({@code aWokenTaskLeavesNoTimerBehind}).
 *
 * <p>Ending a wait early: every wait has a kind ({@code waitKind}: backend I/O, sleep, work on the
 * blocking pool, park). A timeout, a deadline scope's timer or {@link #cancel} marks why
 * ({@code timedOut}, {@code cancelled}) and ends it: backend I/O is cancelled in the backend, which
 * still completes it exactly once (with -ECANCELED, or with its result if it won the race); any
 * other wait ends at once. Work on the pool that finishes after its wait ended finds the task's
 * {@code waitSeq} moved on or the task no longer waiting, so it is dropped, and what it made (an
 * opened file) is closed ({@code workWhoseWaitEndedNeverReachesTheTask}).
 *
 * <p>Cross-thread: {@link #spawn}, {@link #trigger}, {@link #cancel}, {@link #wake()} and {@link #stop()} put work
 * in concurrent queues or a volatile flag and then wake the backend; the loop reads them before it
 * blocks again, and the backend's wake is sticky (a wake before the poll makes the poll return),
 * so no request is lost.
 */
public final class IoRuntime implements AutoCloseable {
    private final String name;
    private final Backend backend;
    private final TaskPool pool;
    private final BiConsumer<TaskHandle, Throwable> onFailure;
    private final ArrayDeque<IoTaskRecord> runQueue = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<IoTaskRecord> spawned = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TaskHandle> triggers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TaskHandle> cancels = new ConcurrentLinkedQueue<>();
    /** Offloaded blocking work (files on NIO) that finished on the pool. */
    private final ConcurrentLinkedQueue<OffloadDone> offloaded = new ConcurrentLinkedQueue<>();

    private final BlockingPool blockingPool;
    private final TimerHeap timers = new TimerHeap();
    private final Map<String, Object> storage = new HashMap<>();
    private volatile boolean stopped;
    private Thread loopThread;

    /** The outcome of offloaded work, for the wait of {@code task} it was started by. */
    private static final class OffloadDone {
        final IoTaskRecord task;
        final long generation;
        final long waitSeq;
        Object value;
        long result;

        OffloadDone(IoTaskRecord task, long waitSeq) {
            this.task = task;
            this.generation = task.generation();
            this.waitSeq = waitSeq;
        }
    }

    private IoRuntime(Builder b) {
        this.name = b.name;
        this.backend = Backends.open(b.backend, b.name); // AUTO: io_uring, else NIO with the reason logged once
        this.pool = new TaskPool(b.poolMode, b.poolSize, this);
        this.onFailure = b.onFailure;
        this.blockingPool = new BlockingPool(name + "-files", b.blockingThreads);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Its name, as given to the builder ({@code io-runtime} by default). */
    public String name() {
        return name;
    }

    /** The backend in use: {@code "io_uring"} or {@code "nio"}. */
    public String backendName() {
        return backend.name();
    }

    /**
     * The operations its backend does natively (without a blocking thread): on io_uring, derived
     * from the kernel's opcode probe; on NIO, the socket operations. The rest run on the runtime's
     * blocking pool.
     */
    public Set<IoCapability> capabilities() {
        return backend.capabilities();
    }

    // ---- any thread --------------------------------------------------------------------------

    /**
     * Spawns a task; it runs in the loop. Safe from any thread.
     *
     * @throws IllegalStateException if the pool is STATIC and full, or the runtime has stopped
     */
    public TaskHandle spawn(IoTask task) {
        Objects.requireNonNull(task, "task");
        if (stopped) {
            throw new IllegalStateException("runtime '" + name + "' has stopped; it spawns no task");
        }
        IoTaskRecord r = pool.acquire(); // throws when a STATIC pool is full
        long gen = r.generation();
        r.co = Coroutine.create("io-task-" + gen, r, self -> task.run(this));
        TaskHandle h = new TaskHandle(r, gen);
        if (Thread.currentThread() == loopThread) {
            makeRunnable(r);
        } else {
            spawned.add(r);
            backend.wake();
        }
        return h;
    }

    /**
     * Makes a task parked in {@link #park()} runnable; if it is not parked, its next park returns at
     * once. A trigger is a permit, as {@code LockSupport.unpark}: triggers sent while the task is
     * not parked coalesce into one. Any thread.
     */
    public void trigger(TaskHandle task) {
        triggers.add(Objects.requireNonNull(task, "task"));
        if (Thread.currentThread() != loopThread) {
            backend.wake();
        }
    }

    /**
     * Ends what the task waits for (an I/O operation, a sleep, blocking work on the pool, or a
     * {@link #park()}): the call it is in fails with {@link IoError#CANCELLED}. A request that
     * finds the task not waiting (running, runnable or ended) does nothing. Any thread; from
     * another thread it takes effect when the loop next looks at its requests.
     */
    public void cancel(TaskHandle task) {
        Objects.requireNonNull(task, "task");
        if (Thread.currentThread() == loopThread) {
            cancelNow(task);
        } else {
            cancels.add(task);
            backend.wake();
        }
    }

    /** Makes a loop blocked in the backend look around again. Any thread. */
    public void wake() {
        backend.wake();
    }

    /** Ends the loop after its current step; tasks still suspended are closed. Any thread. */
    public void stop() {
        stopped = true;
        backend.wake();
    }

    // ---- the loop ----------------------------------------------------------------------------

    /** Runs the loop on the calling thread until no task is left or {@link #stop()}. */
    public void run() {
        if (loopThread != null) {
            throw new IllegalStateException("runtime '" + name + "' is already run by " + loopThread);
        }
        loopThread = Thread.currentThread();
        try {
            backend.attach(); // io_uring: the loop thread becomes the ring's single issuer
            while (!stopped) {
                takeRequests();
                fireTimers(System.nanoTime());
                runRunnable();
                if (pool.live() == 0 && spawned.isEmpty()) {
                    break;
                }
                boolean work = !runQueue.isEmpty()
                        || !triggers.isEmpty()
                        || !spawned.isEmpty()
                        || !offloaded.isEmpty()
                        || !cancels.isEmpty(); // requests already here: look again without blocking
                long timeout = work
                        ? 0
                        : timers.isEmpty() ? -1 : Math.max(0, timers.peek().timerAt() - System.nanoTime());
                backend.poll(timeout, completions);
            }
        } finally {
            closeTasks();
            loopThread = null;
        }
    }

    private void takeRequests() {
        IoTaskRecord r;
        while ((r = spawned.poll()) != null) {
            makeRunnable(r);
        }
        OffloadDone d;
        while ((d = offloaded.poll()) != null) {
            offloadDone(d);
        }
        TaskHandle h;
        while ((h = cancels.poll()) != null) {
            cancelNow(h);
        }
        while ((h = triggers.poll()) != null) {
            IoTaskRecord t = h.record;
            if (t.generation() != h.generation || t.state() == TaskState.DEAD) {
                continue; // it ended: nothing to wake
            }
            if (t.state() == TaskState.WAITING_TRIGGER) {
                wakeUp(t);
            } else {
                t.pendingTrigger = true; // its next park returns at once
            }
        }
    }

    /** Timers pending now (tests: {@code aWokenTaskLeavesNoTimerBehind}). Loop thread only. */
    int pendingTimers() {
        return timers.size();
    }

    private void fireTimers(long now) {
        IoTaskRecord r;
        while ((r = timers.peek()) != null && r.timerAt() - now <= 0) {
            timers.poll();
            if (r.waitKind == IoTaskRecord.WAIT_NONE) {
                continue; // not reached: a wait that ends takes its timer out (wakeUp)
            }
            if (r.timerIsTimeout()) {
                r.timedOut = true;
                endWait(r);
            } else {
                r.result = 0;
                wakeUp(r);
            }
        }
    }

    /** The sink the backend delivers completions to (one object: no allocation per poll). */
    private final Backend.Completions completions = this::wakeUp;

    private void cancelNow(TaskHandle h) {
        IoTaskRecord r = h.record;
        if (r.generation() != h.generation || r.waitKind == IoTaskRecord.WAIT_NONE) {
            return; // not waiting: nothing to cancel
        }
        r.cancelled = true;
        endWait(r);
    }

    /**
     * Ends the task's current wait early (timeout or cancel; the flag set says which). An I/O
     * operation is cancelled in the backend and completes later with -ECANCELED; any other wait
     * ends now, and what it waited for is ignored when it comes (its waitSeq is old).
     */
    private void endWait(IoTaskRecord r) {
        if (r.waitKind == IoTaskRecord.WAIT_IO) {
            backend.cancel(r); // invariant: the backend still completes the operation exactly once
        } else {
            r.result = -Backend.ECANCELED;
            wakeUp(r);
        }
    }

    private void offloadDone(OffloadDone d) {
        IoTaskRecord r = d.task;
        if (r.generation() != d.generation || r.waitSeq != d.waitSeq || r.waitKind != IoTaskRecord.WAIT_OFFLOAD) {
            // invariant: work whose wait ended (timeout, cancel) never reaches the task; what it made is closed
            if (d.value instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the task stopped waiting for it: nobody can use or report it
                }
            }
            return;
        }
        r.result = d.result;
        r.value = d.value;
        wakeUp(r);
    }

    /** A waiting task becomes runnable: its wait is over. */
    private void wakeUp(IoTaskRecord r) {
        r.waitKind = IoTaskRecord.WAIT_NONE; // invariant: work of this wait is now stale
        timers.remove(r); // invariant: a wait that ends leaves no timer behind (aWokenTaskLeavesNoTimerBehind)
        makeRunnable(r);
    }

    private void makeRunnable(IoTaskRecord r) {
        r.setState(TaskState.RUNNABLE);
        runQueue.add(r);
    }

    private void runRunnable() {
        for (int n = runQueue.size(); n > 0; n--) { // tasks made runnable meanwhile wait a turn
            IoTaskRecord r = runQueue.poll();
            CoroutineState st;
            try {
                st = r.co.resume();
            } catch (RuntimeException | Error e) {
                TaskHandle h = new TaskHandle(r, r.generation());
                pool.release(r);
                onFailure.accept(h, e);
                continue;
            }
            if (st == CoroutineState.DONE) {
                pool.release(r);
            }
        }
    }

    private void closeTasks() {
        runQueue.clear();
        timers.clear();
        pool.closeAll(backend);
        backend.close();
        blockingPool.close();
    }

    @Override
    public void close() {
        stop();
    }

    // ---- inside a task -----------------------------------------------------------------------

    /**
     * The runtime of the calling task.
     *
     * @throws IllegalStateException outside a task of an IoRuntime (I/O must run in a task)
     */
    public static IoRuntime current() {
        return (IoRuntime) currentTask().runtime();
    }

    /** The runtime of the calling task, or null when the caller is not a task of an IoRuntime. */
    public static IoRuntime currentOrNull() {
        Coroutine<?> c = Coroutine.current();
        return c != null && c.context() instanceof IoTaskRecord r ? (IoRuntime) r.runtime() : null;
    }

    static IoTaskRecord currentTask() {
        Coroutine<?> c = Coroutine.current();
        if (c != null && c.context() instanceof IoTaskRecord r) {
            return r;
        }
        throw new IllegalStateException("I/O called outside a task of an IoRuntime (thread "
                + Thread.currentThread().getName() + "): spawn a task with IoRuntime.spawn and do I/O there");
    }

    private IoTaskRecord self() {
        IoTaskRecord r = currentTask();
        if (r.runtime() != this) {
            throw new IllegalStateException(
                    "a task of runtime '" + ((IoRuntime) r.runtime()).name + "' called runtime '" + name + "'");
        }
        return r;
    }

    /** Suspends the calling task for {@code d}. */
    public void sleep(Duration d) {
        sleepUntil(System.nanoTime() + d.toNanos());
    }

    /**
     * Suspends the calling task until {@code System.nanoTime()} reaches {@code deadlineNanos}.
     * Inside a deadline scope that ends first, fails with TIMED_OUT at the scope's deadline.
     */
    public void sleepUntil(long deadlineNanos) {
        IoTaskRecord r = self();
        boolean scopeFirst = earlier(r.deadline, deadlineNanos) != deadlineNanos;
        suspend(r, IoTaskRecord.WAIT_SLEEP, TaskState.WAITING_IO, scopeFirst ? r.deadline : deadlineNanos, scopeFirst);
        checkEnd(r, r.result, "sleep");
    }

    /**
     * Suspends {@code r} in a wait of {@code kind}, with a timer at {@code timerAt} (none when it
     * is {@link IoTaskRecord#NO_DEADLINE}) that ends the wait as a timeout when {@code timeout}.
     */
    private void suspend(IoTaskRecord r, byte kind, TaskState state, long timerAt, boolean timeout) {
        r.waitSeq++;
        r.waitKind = kind;
        r.result = 0;
        if (timerAt != IoTaskRecord.NO_DEADLINE) {
            timers.add(r, timerAt, timeout);
        }
        r.setState(state);
        Coroutine.yield();
    }

    /**
     * The earlier of two {@code System.nanoTime} deadlines, either of which may be {@link
     * IoTaskRecord#NO_DEADLINE}; compared by difference, as nanoTime values may be negative or wrap.
     */
    private static long earlier(long a, long b) {
        if (a == IoTaskRecord.NO_DEADLINE) {
            return b;
        }
        if (b == IoTaskRecord.NO_DEADLINE) {
            return a;
        }
        return a - b < 0 ? a : b;
    }

    /**
     * Reads how the wait of {@code r} ended: returns {@code res} (>= 0), or throws TIMED_OUT or
     * CANCELLED when the runtime ended the wait, or the typed error of {@code -res}.
     */
    private static long checkEnd(IoTaskRecord r, long res, String what) {
        boolean timedOut = r.timedOut;
        boolean cancelled = r.cancelled;
        r.timedOut = false;
        r.cancelled = false;
        if (res >= 0) {
            return res; // it finished before the timeout or cancel could stop it
        }
        int errno = timedOut ? Backend.ETIMEDOUT : cancelled ? Backend.ECANCELED : (int) -res;
        throw dev.lockstep.io.internal.Errors.exception(what, errno, null);
    }

    /** Gives the other runnable tasks a turn. */
    public void yieldNow() {
        IoTaskRecord r = self();
        makeRunnable(r);
        Coroutine.yield();
    }

    /**
     * Suspends the calling task until {@link #trigger} names it (at once if a trigger is pending).
     * Inside a deadline scope, fails with TIMED_OUT at its deadline; {@link #cancel} makes it fail
     * with CANCELLED.
     */
    public void park() {
        IoTaskRecord r = self();
        if (r.pendingTrigger) {
            r.pendingTrigger = false;
            return;
        }
        suspend(r, IoTaskRecord.WAIT_TRIGGER, TaskState.WAITING_TRIGGER, r.deadline, true);
        checkEnd(r, r.result, "park");
    }

    /**
     * Runs {@code body} in the calling task with a deadline ({@code System.nanoTime} value): every
     * operation, sleep and park in it that would still wait at the deadline fails with TIMED_OUT
     * (the operation is cancelled). Scopes nest; the earliest deadline wins.
     */
    public <T> T withDeadline(long deadlineNanos, Supplier<T> body) {
        IoTaskRecord r = self();
        long outer = r.deadline;
        r.deadline = earlier(outer, deadlineNanos);
        try {
            return body.get();
        } finally {
            r.deadline = outer;
        }
    }

    /** As {@link #withDeadline(long, Supplier)}, with a body that returns nothing. */
    public void withDeadline(long deadlineNanos, Runnable body) {
        withDeadline(deadlineNanos, () -> {
            body.run();
            return null;
        });
    }

    /** As {@link #withDeadline(long, Supplier)} with the deadline {@code timeout} from now. */
    public <T> T withTimeout(Duration timeout, Supplier<T> body) {
        return withDeadline(System.nanoTime() + timeout.toNanos(), body);
    }

    /** As {@link #withTimeout(Duration, Supplier)}, with a body that returns nothing. */
    public void withTimeout(Duration timeout, Runnable body) {
        withDeadline(System.nanoTime() + timeout.toNanos(), body);
    }

    /** The calling task's handle. */
    public TaskHandle currentHandle() {
        IoTaskRecord r = self();
        return new TaskHandle(r, r.generation());
    }

    /** Per-runtime storage: stores {@code value} under {@code key} (loop thread or its tasks only). */
    public void put(String key, Object value) {
        storage.put(Objects.requireNonNull(key, "key"), value);
    }

    /** Per-runtime storage: the value under {@code key}, or null. */
    public <T> T get(String key, Class<T> type) {
        return type.cast(storage.get(key));
    }

    // ---- operations (package: TcpListener, TcpSocket) ----------------------------------------

    Backend backend() {
        return backend;
    }

    /**
     * Waits for the operation the backend just started for the calling task (unless it completed
     * at once), with an optional timeout; returns the result (>= 0) or throws the typed error.
     */
    long await(IoTaskRecord r, boolean completedNow, Duration timeout, String what) {
        return await(r, completedNow, timeout, what, null);
    }

    /**
     * As {@link #await(IoTaskRecord, boolean, Duration, String)}, naming the operation {@code op +
     * " " + target}, a message built only when it fails (the hot path builds no string).
     */
    long await(IoTaskRecord r, boolean completedNow, Duration timeout, String op, Object target) {
        if (!completedNow) {
            long until = r.deadline;
            if (timeout != null) {
                long t = System.nanoTime() + timeout.toNanos();
                until = earlier(until, t);
            }
            suspend(r, IoTaskRecord.WAIT_IO, TaskState.WAITING_IO, until, true);
        }
        long res = r.result;
        if (res >= 0 && !r.timedOut && !r.cancelled) {
            return res; // the fast path: no flag to clear, no message to build
        }
        return checkEnd(r, res, target == null ? op : op + " " + target);
    }

    /** Work that blocks a thread: the calling task waits while a pool thread does it. */
    interface Blocking<T> {
        T call() throws java.io.IOException;
    }

    /**
     * Runs {@code work} on the runtime's small bounded pool (never on the loop) and suspends the
     * calling task until it is done; an {@link java.io.IOException} becomes the typed error.
     */
    @SuppressWarnings("unchecked")
    <T> T offload(String what, Blocking<T> work) {
        IoTaskRecord r = self();
        OffloadDone d = new OffloadDone(r, r.waitSeq + 1); // the wait suspend starts below
        blockingPool.execute(() -> {
            try {
                d.value = work.call();
                d.result = 0;
            } catch (java.io.IOException e) {
                d.value = e;
                d.result = -dev.lockstep.io.internal.Errors.errno(e);
            } catch (RuntimeException | Error e) {
                d.value = e;
                d.result = Long.MIN_VALUE;
            }
            offloaded.add(d); // publishes the outcome to the loop thread
            backend.wake();
        });
        suspend(r, IoTaskRecord.WAIT_OFFLOAD, TaskState.WAITING_IO, r.deadline, true);
        Object v = r.value;
        r.value = null;
        if (r.result == Long.MIN_VALUE) {
            throw new IoException(IoError.OTHER, what + " failed: " + v, (Throwable) v);
        }
        if (r.result < 0 && !r.timedOut && !r.cancelled) {
            throw dev.lockstep.io.internal.Errors.exception(what, (int) -r.result, (Throwable) v);
        }
        checkEnd(r, r.result, what);
        return (T) v;
    }

    IoTaskRecord selfForIo() {
        return self();
    }

    /** Settings of a runtime. */
    public static final class Builder {
        private String name = "io-runtime";
        private BackendKind backend = BackendKind.AUTO;
        private PoolMode poolMode = PoolMode.GROW;
        private int poolSize = 1024;
        private int blockingThreads = 4;
        private BiConsumer<TaskHandle, Throwable> onFailure =
                (h, e) -> System.getLogger("dev.lockstep.io").log(System.Logger.Level.WARNING, h.name() + " failed", e);

        private Builder() {}

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder backend(BackendKind kind) {
            this.backend = Objects.requireNonNull(kind, "backend");
            return this;
        }

        /** The pool: GROW from {@code size} slots, or STATIC with exactly {@code size}. */
        public Builder pool(PoolMode mode, int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("pool size must be > 0, got " + size);
            }
            this.poolMode = Objects.requireNonNull(mode, "mode");
            this.poolSize = size;
            return this;
        }

        /** Called on the loop thread with a task that threw (default: logged as a warning). */
        public Builder onFailure(BiConsumer<TaskHandle, Throwable> handler) {
            this.onFailure = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Threads of the bounded pool that runs blocking file operations (NIO backend; default 4). */
        public Builder blockingThreads(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("blockingThreads must be > 0, got " + n);
            }
            this.blockingThreads = n;
            return this;
        }

        public IoRuntime build() {
            return new IoRuntime(this);
        }
    }
}

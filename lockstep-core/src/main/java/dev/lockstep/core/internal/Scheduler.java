package dev.lockstep.core.internal;

import dev.lockstep.core.Engine;
import dev.lockstep.core.EngineStats;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.StealPolicy;
import dev.lockstep.core.Task;
import dev.lockstep.core.concurrent.ChaseLevDeque;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The work-stealing scheduler behind {@link Engine}: it owns the workers, the injection lanes, the
 * idle/searching control word and the run state. {@link EngineWorker} runs the per-thread loops.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Queues.</b> Each worker owns a {@link ChaseLevDeque}: it pushes and pops at the bottom
 * (LIFO), other workers steal at the top (FIFO). A task submitted from a worker of this engine is a
 * fork and goes to that worker's own deque. A task submitted from any other thread goes to an
 * injection lane, an {@link InjectionLane}: an unbounded FIFO whose submitters push one at a time
 * under a small CAS lock and whose takers (workers) claim slots by CAS without it. There are as
 * many lanes as workers, rounded up to a power of two; a submitter starts at the lane its thread id
 * hashes to and moves on when that lock is busy, so submitters never wait for each other. We use
 * our own lane rather than a JCTools MPMC queue because JCTools 4 reaches for {@code
 * sun.misc.Unsafe}, which JDK 25 reports with a terminal-deprecation warning on first use, and
 * because owning the queue lets the wake-up argument rest on orderings we control.
 *
 * <p><b>Control word {@code ctl}</b> (one {@code long}, changed only by CAS or getAndAdd): bits
 * 0-15 the idle stack's top (worker index + 1, 0 = empty), 16-31 the number of <i>searching</i>
 * workers (idle, scanning, not yet parked), 32-47 the number of <i>parked</i> workers (on the idle
 * stack), 48-63 a version bumped by every stack push and pop (a stale pop fails its CAS: no ABA).
 * The idle stack is a Treiber stack threaded through {@code EngineWorker.nextIdle}. A worker is
 * running (counted nowhere; this includes the first, "quiet" half of its spinning), searching, or
 * parked. The transitions, each an atomic read-modify-write of {@code ctl} followed by a scan:
 *
 * <ul>
 *   <li>running to searching: {@code getAndAdd(+searching)}, then scan.
 *   <li>searching to running (found a task): {@code getAndAdd(-searching)}; if it was the last
 *       searcher, a worker is parked and work is still visible, wake one (propagation).
 *   <li>searching to parked: one CAS pushes it on the stack, parked+1, searching-1; then a full
 *       rescan; if it sees work it calls {@link #signalWork()} (which may pop itself).
 *   <li>parked to searching: {@link #signalWork()} pops the top worker, parked-1, searching+1 in
 *       one CAS, then clears the worker's {@code parked} flag and unparks it.
 * </ul>
 *
 * <p>A worker that takes a task from a queue where more remain also calls {@link #signalWork()},
 * once per source in a row (propagation: one submission burst wakes workers one after another).
 *
 * <p><b>No lost wake-up for submissions.</b> An injection is: lock, push, {@code
 * VarHandle.fullFence()}, read the slot of the task pushed before it, unlock, and {@link
 * #signalWork()} only if that slot was already empty. If it was not, that earlier task is still to
 * be claimed, and its claimer's CAS comes after our fenced read, so the claimer (a worker, which
 * goes on taking from the lane or scans again before it can park) finds our task after it: no
 * signal is needed, and a burst of submissions costs one signal, as in ForkJoinPool. A push that
 * grew the lane always signals: while it moved the tasks, a worker's rescan may have found the lane
 * empty (see {@link InjectionLane}). {@code
 * signalWork} reads {@code ctl} and does nothing when a worker is searching or none is parked;
 * otherwise it wakes one ({@code searching: 0 -> 1} in its CAS keeps concurrent publishers from
 * waking a crowd). This is a Dekker handshake with a full fence on each side: for a publication P
 * and a worker's {@code ctl} update U, either P's read of {@code ctl} comes after U (the publisher
 * sees the new state) or U comes after that read, and then the scan that follows U sees P's task.
 * Case by case, on what the publisher read:
 *
 * <ul>
 *   <li>searching &gt; 0: each counted searcher later decrements, and the last one to do so scans
 *       after its decrement (when parking, always; when it found work, before deciding to
 *       propagate) and wakes someone if work remains. That decrement follows the publisher's read,
 *       so the scan sees the task.
 *   <li>searching = 0, some worker parked: the publisher wakes one itself.
 *   <li>searching = 0, nobody parked: every worker is running and will register and scan before it
 *       can park.
 * </ul>
 *
 * <p><b>Forks</b> skip the fence: a fork is push, then a plain volatile read of {@code ctl}. A full
 * fence per fork costs about a fifth of {@code fib30-nothreshold}, and a fork needs less: its task
 * sits in the deque of a worker that is running and will pop it itself, so it can never be
 * stranded; what a missing fence can cost is parallelism, when the push is still in the forking
 * core's store buffer while a worker parks. To bound that, a worker's first park of an idle period
 * is timed ({@code EngineWorker.RECHECK_NANOS}, 1 ms) and followed by one more rescan, long after
 * any store buffer has drained; later parks are untimed, so an idle engine still sleeps ({@code
 * idleEngineUsesNoCpu}, {@code noLostWakeUpUnderManySmallSubmissions}).
 *
 * <p><b>Run state</b> ({@code runState}, volatile): {@code RUNNING}, then {@code SHUTDOWN} (close:
 * outside submissions are rejected; forks and the engine's own blocking tasks may still submit;
 * workers drain everything), then {@code TERMINATED}, decided by {@link #tryTerminate()} when every
 * worker is parked, no work is visible and no blocking task is in flight; the workers then exit.
 * {@code STOP} (shutdownNow) may be added at any point: queued tasks are cancelled, workers exit
 * after their current task. A submitter reads the run state while holding its lane's lock, and
 * whoever changes the state to {@code TERMINATED} or {@code STOP} then drains every lane under its
 * lock (running, respectively cancelling, what it finds). So a submission either fails with {@link
 * RejectedExecutionException} or pushes before the drain takes the lock and is seen by it: an
 * accepted task always runs or is cancelled, never left behind.
 */
public final class Scheduler {
    private static final VarHandle CTL;
    private static final VarHandle RUN_STATE;
    private static final VarHandle BLOCKING;
    private static final VarHandle LIVE_WORKERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CTL = l.findVarHandle(Scheduler.class, "ctl", long.class);
            RUN_STATE = l.findVarHandle(Scheduler.class, "runState", int.class);
            BLOCKING = l.findVarHandle(Scheduler.class, "blockingInFlight", int.class);
            LIVE_WORKERS = l.findVarHandle(Scheduler.class, "liveWorkers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bound on the virtual thread of each blocking task of an engine: that thread belongs to it. */
    public static final ScopedValue<Scheduler> BLOCKING_OWNER = ScopedValue.newInstance();

    /** Largest worker count the 16-bit fields of {@code ctl} can hold. */
    public static final int MAX_WORKERS = 0x7FFF;

    static final long TOP_MASK = 0xFFFFL;
    static final long SEARCH_UNIT = 1L << 16;
    static final long PARKED_UNIT = 1L << 32;
    static final long VERSION_UNIT = 1L << 48;

    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOP = 2;
    static final int TERMINATED = 4;

    final EngineConfig config;
    final Engine engine;
    final EngineWorker[] workers;
    final InjectionLane[] lanes;
    private final int laneMask;
    private final StealPolicy effectivePolicy;
    private final Promise<Void> termination = new Promise<>();

    @SuppressWarnings("unused") // through CTL
    private volatile long ctl;

    @SuppressWarnings("unused") // through RUN_STATE
    private volatile int runState;

    @SuppressWarnings("unused") // through BLOCKING
    private volatile int blockingInFlight;

    @SuppressWarnings("unused") // through LIVE_WORKERS
    private volatile int liveWorkers;

    /** Builds the scheduler and its (not yet started) workers. */
    public Scheduler(EngineConfig config, Engine engine) {
        this.config = config;
        this.engine = engine;
        int n = config.workers();
        CpuTopology topology =
                config.stealPolicy() == StealPolicy.LOCALITY ? CpuTopology.read(config.topologyRoot()) : null;
        this.workers = new EngineWorker[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new EngineWorker(this, i, VictimSelector.create(config.stealPolicy(), i, n, topology));
        }
        this.effectivePolicy = workers[0].victims().policy();
        int laneCount = Integer.highestOneBit(Math.max(1, n - 1) << 1); // power of two >= n
        this.lanes = new InjectionLane[laneCount];
        for (int i = 0; i < laneCount; i++) {
            lanes[i] = new InjectionLane(1024);
        }
        this.laneMask = laneCount - 1;
        LIVE_WORKERS.setVolatile(this, n);
    }

    /** Starts the worker threads. */
    public void start() {
        for (EngineWorker w : workers) {
            w.start();
        }
    }

    // ---- accessors, named by ordering (see dev.lockstep.core.concurrent) ----

    long volatileCtl() {
        return (long) CTL.getVolatile(this);
    }

    boolean casCtl(long expected, long next) {
        return CTL.compareAndSet(this, expected, next);
    }

    private long getAndAddCtl(long delta) {
        return (long) CTL.getAndAdd(this, delta);
    }

    int volatileRunState() {
        return (int) RUN_STATE.getVolatile(this);
    }

    static int searching(long c) {
        return (int) (c >>> 16) & 0xFFFF;
    }

    static int parked(long c) {
        return (int) (c >>> 32) & 0xFFFF;
    }

    static int top(long c) {
        return (int) (c & TOP_MASK);
    }

    // ---- submission ----

    /** The public face of this scheduler. */
    public Engine engine() {
        return engine;
    }

    /** The number of workers. */
    public int parallelism() {
        return workers.length;
    }

    /** The engine's name. */
    public String name() {
        return config.name();
    }

    /** The steal policy in effect (LOCALITY falls back to RANDOM without topology). */
    public StealPolicy effectiveStealPolicy() {
        return effectivePolicy;
    }

    /** Whether the current thread is a worker of this scheduler (then submissions are forks). */
    public EngineWorker currentWorker() {
        return Thread.currentThread() instanceof EngineWorker w && w.scheduler == this ? w : null;
    }

    /**
     * Schedules {@code task}: a fork from a worker of this engine, otherwise an injection (see the
     * overview).
     */
    public void submit(Task<?> task) {
        EngineWorker w = currentWorker();
        if (w != null) {
            w.push(task);
        } else {
            inject(task);
        }
    }

    /**
     * Whether the current thread runs a blocking task of this engine: such a caller belongs to the
     * engine and may still submit while it drains (after close, before termination).
     */
    public boolean callerIsBlockingTask() {
        return BLOCKING_OWNER.isBound() && BLOCKING_OWNER.get() == this;
    }

    private void inject(Task<?> task) {
        InjectionLane lane = lockLane();
        boolean signal;
        try {
            int rs = lane.closedState(); // under the lane lock: see the overview's run-state part
            if (rs != RUNNING && (rs != SHUTDOWN || !callerIsBlockingTask())) {
                throw rejected(task);
            }
            boolean grew = lane.push(task);
            VarHandle.fullFence(); // the push must not pass the reads below (see the overview)
            signal = grew || lane.previousTaken();
        } finally {
            lane.unlock();
        }
        if (signal) {
            signalWork();
        }
    }

    private InjectionLane lockLane() {
        int i = (int) ((Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L) >>> 40) & laneMask;
        for (int spins = 0; ; spins++) {
            InjectionLane lane = lanes[i];
            if (lane.tryLock()) {
                return lane;
            }
            i = (i + 1) & laneMask;
            if (spins > laneMask) {
                Thread.onSpinWait();
            }
        }
    }

    /** The exception for a submission the engine no longer accepts; names the engine and its state. */
    public RejectedExecutionException rejected(Object task) {
        int rs = volatileRunState();
        String state = (rs & STOP) != 0
                ? "shut down (stopped by shutdownNow)"
                : (rs & TERMINATED) != 0 ? "shut down (terminated)" : "shut down (draining after close)";
        return new RejectedExecutionException(
                "engine '" + config.name() + "' is " + state + "; it accepts no new task (" + task + ")");
    }

    // ---- idle / wake-up protocol (see the overview) ----

    /** Wakes one parked worker if no worker is searching; call after publishing work and a fence. */
    void signalWork() {
        long c = volatileCtl();
        while (searching(c) == 0 && top(c) != 0) {
            EngineWorker w = workers[top(c) - 1];
            long next = ((c & ~TOP_MASK) + VERSION_UNIT - PARKED_UNIT + SEARCH_UNIT) | w.nextIdle; // searching 0 -> 1
            if (casCtl(c, next)) {
                w.wake();
                return;
            }
            c = volatileCtl();
        }
    }

    void enterSearching() {
        getAndAddCtl(SEARCH_UNIT);
    }

    /** A searcher found a task; the last searcher propagates a wake-up if work remains. */
    void leaveSearching() {
        long c = getAndAddCtl(-SEARCH_UNIT);
        if (searching(c) == 1 && top(c) != 0 && anyWorkVisible()) {
            signalWork();
        }
    }

    /** Pushes {@code w} on the idle stack: parked+1, searching-1. Returns the new {@code ctl}. */
    long pushIdle(EngineWorker w) {
        long c;
        long next;
        do {
            c = volatileCtl();
            w.nextIdle = top(c); // plain: published by the CAS
            next = ((c & ~TOP_MASK) + VERSION_UNIT + PARKED_UNIT - SEARCH_UNIT) | (w.index + 1);
        } while (!casCtl(c, next));
        return next;
    }

    /** Whether any deque or lane looked non-empty during the scan. */
    boolean anyWorkVisible() {
        for (EngineWorker w : workers) {
            if (!w.deque.isEmpty()) {
                return true;
            }
        }
        for (InjectionLane lane : lanes) {
            if (!lane.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ---- run state ----

    boolean exiting() {
        return (volatileRunState() & (STOP | TERMINATED)) != 0;
    }

    boolean stopping() {
        return (volatileRunState() & STOP) != 0;
    }

    boolean shuttingDown() {
        return volatileRunState() != RUNNING;
    }

    /** Whether close or shutdownNow was called. */
    public boolean isShutdown() {
        return shuttingDown();
    }

    /** Whether every worker has exited. */
    public boolean isTerminated() {
        return termination.isDone();
    }

    /** Completes when every worker has exited. */
    public Promise<Void> termination() {
        return termination;
    }

    private boolean orRunState(int bits) {
        int rs;
        do {
            rs = volatileRunState();
            if ((rs & bits) == bits) {
                return false;
            }
        } while (!RUN_STATE.compareAndSet(this, rs, rs | bits));
        return true;
    }

    /** Stops accepting outside submissions; workers drain, then terminate. */
    public void shutdown() {
        closeLanes(SHUTDOWN, false, null, false); // first: once isShutdown() says so, submissions fail
        orRunState(SHUTDOWN);
        tryTerminate();
    }

    /**
     * Decides termination when the engine is shut down, every worker is parked, no blocking task is
     * in flight and no work is visible; then drains the lanes once more (racing submitters) and
     * wakes the workers so they exit.
     */
    void tryTerminate() {
        if (volatileRunState() != SHUTDOWN
                || parked(volatileCtl()) != workers.length
                || (int) BLOCKING.getVolatile(this) != 0
                || anyWorkVisible()) {
            return;
        }
        if (!RUN_STATE.compareAndSet(this, SHUTDOWN, SHUTDOWN | TERMINATED)) {
            return;
        }
        closeLanes(TERMINATED, true, null, false); // a submitter that passed its check before is seen here
        for (EngineWorker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** Cancels every queued task and returns them; workers exit after their current task. */
    public List<Future<?>> shutdownNow() {
        List<Future<?>> cancelled = new ArrayList<>();
        closeLanes(SHUTDOWN | STOP, true, cancelled, true); // first, as in shutdown()
        orRunState(SHUTDOWN | STOP);
        for (EngineWorker w : workers) {
            for (Task<?> t; (t = w.deque.steal()) != null || !w.deque.isEmpty(); ) {
                if (t != null && t.cancel("engine '" + config.name() + "' was stopped (shutdownNow)")) {
                    cancelled.add(t);
                }
            }
        }
        for (EngineWorker w : workers) {
            LockSupport.unpark(w);
        }
        return cancelled;
    }

    /**
     * Records the new run state in every lane under its lock, and empties the lane while holding it
     * when {@code drain}: cancelling (into {@code out} when given) or running each task on this
     * thread. A submitter that takes the lock later sees the new state and is rejected; one that
     * held it earlier has pushed, and we see its task.
     */
    private void closeLanes(int state, boolean drain, List<Future<?>> out, boolean cancel) {
        for (InjectionLane lane : lanes) {
            while (!lane.tryLock()) {
                Thread.onSpinWait();
            }
            List<Task<?>> taken = new ArrayList<>();
            try {
                lane.closedState(lane.closedState() | state);
                if (drain) {
                    for (Task<?> t; (t = lane.poll()) != null || !lane.isEmpty(); ) {
                        if (t != null) {
                            taken.add(t);
                        }
                    }
                }
            } finally {
                lane.unlock();
            }
            for (Task<?> t : taken) { // outside the lock: a task may submit
                if (!cancel) {
                    t.exec();
                } else if (t.cancel("engine '" + config.name() + "' was stopped (shutdownNow)") && out != null) {
                    out.add(t);
                }
            }
        }
    }

    /** Counts a blocking task in; false (and not counted) when the engine no longer takes it. */
    public boolean blockingStarted() {
        BLOCKING.getAndAdd(this, 1);
        int rs = volatileRunState(); // after the increment: Dekker with tryTerminate's read
        if (rs == RUNNING || (rs == SHUTDOWN && (currentWorker() != null || callerIsBlockingTask()))) {
            return true;
        }
        blockingFinished();
        return false;
    }

    /** Counts a blocking task out; the last one may let a closing engine terminate. */
    public void blockingFinished() {
        if ((int) BLOCKING.getAndAdd(this, -1) == 1 && shuttingDown()) {
            tryTerminate();
        }
    }

    /** Waits (uninterruptibly, keeping the interrupt status) until every worker thread has ended. */
    public void joinWorkers() {
        boolean interrupted = false;
        for (EngineWorker w : workers) {
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called by each worker as it exits; the last one completes {@link #termination()}. */
    void workerExited() {
        if ((int) LIVE_WORKERS.getAndAdd(this, -1) == 1) {
            RUN_STATE.getAndBitwiseOr(this, TERMINATED);
            termination.complete(null);
        }
    }

    /** Sums the workers' counters (all zero when statistics are off). */
    public EngineStats stats() {
        List<EngineStats.Worker> per = new ArrayList<>(workers.length);
        for (EngineWorker w : workers) {
            per.add(w.statsSnapshot());
        }
        return EngineStats.of(config.statistics(), per);
    }
}

package dev.lockstep.core.internal;

import dev.lockstep.core.EngineStats;
import dev.lockstep.core.Promise;
import dev.lockstep.core.Task;
import dev.lockstep.core.concurrent.ChaseLevDeque;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker thread of a {@link Scheduler}: owns one deque, runs tasks, steals, idles, and helps
 * while joining.
 *
 * <h2>Overview</h2>
 *
 * <p><b>Main loop.</b> Pop the own deque (LIFO; skipped when it looks empty, since an empty pop
 * costs two volatile stores); every 64th task, poll the injection lanes first (so outside
 * submissions are not starved by a worker that keeps forking); otherwise lanes, then steal:
 * {@code stealAttempts} probes at victims chosen by the {@link VictimSelector}. Every 64th task
 * the worker also looks at the run state: once it has seen STOP (shutdownNow) it cancels instead
 * of running whatever it still takes, so a running recursive computation unwinds
 * ({@code shutdownNowStopsARunningRecursiveComputation}). Finding nothing, the worker runs the idle state machine. A task taken from a
 * queue that still holds more makes the worker call {@code signalWork} (propagation), once per
 * source in a row.
 *
 * <p><b>Idle state machine</b> (after Agrona's BackoffIdleStrategy): QUIET for {@code spins / 2}
 * scan rounds with {@link Thread#onSpinWait()}, not yet counted as searching (a worker that finds
 * work again at once never touches {@code ctl}); SPIN for the other half, counted as searching;
 * YIELD for {@code yields} rounds with {@link Thread#yield()}; then PARK: push itself on the idle
 * stack, rescan, park once for at most {@link #RECHECK_NANOS} and rescan again (the bound on a
 * fork's late wake-up), then park until a publisher or a propagating searcher pops it; woken, it is
 * counted as searching and starts again at SPIN. While idle the own deque is not scanned: only its
 * owner pushes to it. The scheduler's overview argues that no submission's wake-up is lost. A
 * parked worker uses no CPU ({@code idleEngineUsesNoCpu}). A task that leaves the worker's
 * interrupt status set has it cleared when the worker parks (a set status would make park return
 * at once).
 *
 * <p><b>Help while joining</b> ({@link #helpUntilDone}, called by {@code Promise.join()} on this
 * thread): until the target is done, pop and run own tasks first, then lanes and steals; with
 * nothing to do, spin, then park with a timeout growing from 10 µs to 1 ms and a completion
 * callback that unparks it. It does not yield: on a loaded machine a yield can cost a whole time
 * slice, while the callback wakes it as soon as the target is done. Popping own tasks first is what bounds the stack: in fork/join code the
 * task being joined, if not stolen, is on top of the own deque and runs right here, so helping
 * nests no deeper than the computation itself; only a stolen target makes the worker run other
 * (stolen) work on top of its stack ({@code fibWithoutThresholdNeitherStarvesNorOverflows}). A
 * helping worker is busy in a task, so it is not on the idle stack: new work wakes other workers,
 * and it notices new work itself within its park timeout. A join whose target can only complete
 * when a task lower on the same worker's stack resumes cannot make progress (the classic limit of
 * helping without compensation threads): join tasks forked by the joining task or later, or
 * futures completed elsewhere (blocking tasks, other engines, other threads).
 *
 * <p><b>Statistics.</b> Written only by this thread (opaque stores), read with opaque loads by {@link
 * #statsSnapshot()}; every increment is behind the final {@code stats} flag, so with statistics
 * off they cost one predictable branch.
 */
public final class EngineWorker extends Thread implements JoinHelper {
    private static final VarHandle PARKED;
    private static final VarHandle TASKS_RUN;
    private static final VarHandle STEALS;
    private static final VarHandle FAILED_STEALS;
    private static final VarHandle PARKS;
    private static final VarHandle WAKEUPS;
    private static final VarHandle INJECTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PARKED = l.findVarHandle(EngineWorker.class, "parked", boolean.class);
            TASKS_RUN = l.findVarHandle(EngineWorker.class, "tasksRun", long.class);
            STEALS = l.findVarHandle(EngineWorker.class, "steals", long.class);
            FAILED_STEALS = l.findVarHandle(EngineWorker.class, "failedSteals", long.class);
            PARKS = l.findVarHandle(EngineWorker.class, "parks", long.class);
            WAKEUPS = l.findVarHandle(EngineWorker.class, "wakeups", long.class);
            INJECTED = l.findVarHandle(EngineWorker.class, "injected", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long MAX_HELP_PARK_NANOS = 1_000_000L;

    /** The first park of an idle period lasts at most this long, then the worker rescans once. */
    static final long RECHECK_NANOS = 1_000_000L;

    final Scheduler scheduler;
    final int index;
    final ChaseLevDeque<Task<?>> deque = new ChaseLevDeque<>(256);
    private final VictimSelector victims;
    private final EngineWorker[] peers;
    private final boolean stats;
    private final int stealAttempts;
    private final int spins;
    private final int yields;

    /** Next worker on the idle stack (index + 1, 0 = none); plain, published by the ctl CAS. */
    int nextIdle;

    @SuppressWarnings("unused") // through PARKED
    private volatile boolean parked;

    /** The task this thread is running (innermost when helping); owner only. */
    private Task<?> current;

    private int tick;

    /** This worker has seen STOP (shutdownNow); owner only, refreshed every 64 tasks. */
    private boolean stopSeen;

    /** Where the last taken task came from (worker index, or -1-lane); see {@link #propagate}. */
    private int lastSource = Integer.MIN_VALUE;

    @SuppressWarnings("unused") // through TASKS_RUN
    private long tasksRun;

    @SuppressWarnings("unused") // through STEALS
    private long steals;

    @SuppressWarnings("unused") // through FAILED_STEALS
    private long failedSteals;

    @SuppressWarnings("unused") // through PARKS
    private long parks;

    @SuppressWarnings("unused") // through WAKEUPS
    private long wakeups;

    @SuppressWarnings("unused") // through INJECTED
    private long injected;

    EngineWorker(Scheduler scheduler, int index, VictimSelector victims) {
        super(null, null, scheduler.config.threadNamePrefix() + index, scheduler.config.workerStackSize(), false);
        this.scheduler = scheduler;
        this.index = index;
        this.victims = victims;
        this.peers = scheduler.workers;
        EngineConfig c = scheduler.config;
        this.stats = c.statistics();
        this.stealAttempts = c.stealAttempts();
        this.spins = c.spins();
        this.yields = c.yields();
        setDaemon(true);
        if (c.uncaughtExceptionHandler() != null) {
            setUncaughtExceptionHandler(c.uncaughtExceptionHandler());
        }
    }

    VictimSelector victims() {
        return victims;
    }

    /** The scheduler this worker belongs to. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Whether the task this thread is running has been cancelled. */
    public boolean currentTaskCancelled() {
        Task<?> t = current;
        return t != null && t.cancellationRequested();
    }

    // ---- owner operations ----

    /**
     * A fork: pushes on the own deque, then wakes a parked worker if none is searching. Unlike an
     * injection there is no fence between the push and the read of ctl (it would cost a fifth of
     * fib's time): see the scheduler's overview for why a fork's wake-up may be late but its task
     * is never stranded.
     */
    public void push(Task<?> task) {
        deque.push(task);
        long c = scheduler.volatileCtl();
        if (Scheduler.searching(c) == 0 && Scheduler.top(c) != 0) {
            scheduler.signalWork();
        }
    }

    void wake() {
        PARKED.setVolatile(this, false);
        LockSupport.unpark(this);
    }

    @Override
    public void run() {
        try {
            for (; ; ) {
                Task<?> t = nextTask();
                if (t == null && (t = awaitWork()) == null) {
                    break;
                }
                runTask(t);
            }
        } finally {
            for (Task<?> t; (t = deque.pop()) != null; ) { // only after STOP: leftovers are cancelled
                t.cancel("engine '" + scheduler.name() + "' was stopped (shutdownNow)");
            }
            scheduler.workerExited();
        }
    }

    private void runTask(Task<?> t) {
        if ((++tick & 63) == 0 && scheduler.stopping()) { // a look at the run state now and then
            stopSeen = true;
        }
        if (stopSeen) { // after shutdownNow, what is still taken (forks of running tasks) is cancelled
            t.cancel("engine '" + scheduler.name() + "' was stopped (shutdownNow)");
            return;
        }
        Task<?> saved = current;
        current = t;
        try {
            t.exec();
        } catch (Throwable escaped) { // exec catches task failures; this is a failing callback handler
            reportUncaught(escaped);
        } finally {
            current = saved;
        }
        if (stats) {
            TASKS_RUN.setOpaque(this, (long) TASKS_RUN.get(this) + 1);
        }
    }

    private void reportUncaught(Throwable t) {
        try {
            getUncaughtExceptionHandler().uncaughtException(this, t);
        } catch (Throwable ignored) { // as Thread does: a failing handler is ignored
        }
    }

    /** Own deque, then (every 64th time first) the lanes, then steals. */
    private Task<?> nextTask() {
        if ((tick & 63) == 0) { // fairness for outside submissions (runTask counts the ticks)
            if (stopSeen) {
                return null; // the caller's awaitWork sees STOP and the worker exits
            }
            Task<?> t = pollLanes();
            if (t != null) {
                return t;
            }
        }
        if (!deque.isEmpty()) { // an empty pop would cost two volatile stores
            Task<?> t = deque.pop();
            if (t != null) {
                return t;
            }
        }
        Task<?> t = pollLanes();
        return t != null ? t : trySteal();
    }

    private Task<?> pollLanes() {
        InjectionLane[] lanes = scheduler.lanes;
        int mask = lanes.length - 1;
        for (int n = 0, i = index & mask; n < lanes.length; n++, i = (i + 1) & mask) {
            InjectionLane lane = lanes[i];
            Task<?> t = lane.poll();
            if (t != null) {
                if (stats) {
                    INJECTED.setOpaque(this, (long) INJECTED.get(this) + 1);
                }
                if (-1 - i != lastSource) { // propagation, see below
                    lastSource = -1 - i;
                    if (!lane.isEmpty()) {
                        scheduler.signalWork();
                    }
                }
                return t;
            }
        }
        return null;
    }

    private Task<?> trySteal() {
        EngineWorker[] ws = peers;
        if (ws.length == 1) {
            return null;
        }
        for (int i = 0; i < stealAttempts; i++) {
            int v = victims.next(i);
            ChaseLevDeque<Task<?>> victim = ws[v].deque;
            Task<?> t = victim.isEmpty() ? null : victim.steal();
            if (t != null) {
                if (stats) {
                    STEALS.setOpaque(this, (long) STEALS.get(this) + 1);
                }
                propagate(victim, v);
                return t;
            }
            if (stats) {
                FAILED_STEALS.setOpaque(this, (long) FAILED_STEALS.get(this) + 1);
            }
        }
        return null;
    }

    /**
     * After taking a task from worker {@code source}'s deque: if more remain there, wake a parked
     * worker, unless this worker already did for the same source since it last idled (a worker
     * draining one queue would otherwise read ctl for every task). Lanes are sources -1-lane.
     */
    private void propagate(ChaseLevDeque<Task<?>> q, int source) {
        if (source != lastSource) {
            lastSource = source;
            if (!q.isEmpty()) {
                scheduler.signalWork();
            }
        }
    }

    /** The idle state machine (see the overview); returns a task, or null when the worker must exit. */
    private Task<?> awaitWork() {
        lastSource = Integer.MIN_VALUE;
        if (scheduler.stopping()) {
            return null;
        }
        int quiet = spins >>> 1; // first half of the spins: not yet counted as searching (no ctl write)
        for (int i = 0; i < quiet; i++) {
            Thread.onSpinWait();
            Task<?> t = pollLanes();
            if (t != null || (t = trySteal()) != null) {
                return t;
            }
        }
        scheduler.enterSearching();
        int step = quiet;
        for (; ; ) {
            Task<?> t = pollLanes();
            if (t == null) {
                t = trySteal();
            }
            if (t != null) {
                scheduler.leaveSearching();
                return t;
            }
            if (scheduler.exiting()) {
                scheduler.leaveSearching();
                return null;
            }
            if (step < spins) {
                Thread.onSpinWait();
                step++;
            } else if (step < spins + yields) {
                Thread.yield();
                step++;
            } else {
                if (!parkUntilSignalled()) {
                    return null;
                }
                step = 0;
            }
        }
    }

    /** SEARCHING to PARKED and back; false when the engine terminated or stopped meanwhile. */
    private boolean parkUntilSignalled() {
        PARKED.setVolatile(this, true);
        long c = scheduler.pushIdle(this);
        if (stats) {
            PARKS.setOpaque(this, (long) PARKS.get(this) + 1);
        }
        if (Scheduler.parked(c) == peers.length && scheduler.shuttingDown()) {
            scheduler.tryTerminate();
        }
        if (scheduler.anyWorkVisible()) { // rescan after the ctl CAS: the Dekker half of the worker
            scheduler.signalWork(); // may pop this very worker
        }
        boolean rechecked = false;
        while ((boolean) PARKED.getVolatile(this)) {
            if (scheduler.exiting()) {
                return false;
            }
            Thread.interrupted(); // a task may have left the status set; it would turn park into a spin
            if (rechecked) {
                LockSupport.park(scheduler);
            } else { // one timed park and rescan: the bound on a fork's late wake-up (see Scheduler)
                LockSupport.parkNanos(scheduler, RECHECK_NANOS);
                rechecked = true;
                if ((boolean) PARKED.getVolatile(this) && scheduler.anyWorkVisible()) {
                    scheduler.signalWork();
                }
            }
        }
        if (stats) {
            WAKEUPS.setOpaque(this, (long) WAKEUPS.get(this) + 1);
        }
        return true;
    }

    // ---- help while joining ----

    @Override
    public void helpUntilDone(Promise<?> target) {
        int step = 0;
        long parkNanos = 10_000L;
        boolean callbackRegistered = false;
        boolean interrupted = false;
        while (!target.isDone()) {
            Task<?> t = step == 0 ? deque.pop() : null; // own tasks first: bounds the stack
            if (t == null) {
                t = pollLanes();
                if (t == null) {
                    t = trySteal();
                }
            }
            if (t != null) {
                runTask(t);
                step = 0;
                continue;
            }
            if (step < spins) {
                Thread.onSpinWait();
            } else { // no yield phase here: a helper is inside a task, its target's completion unparks it
                if (!callbackRegistered) {
                    callbackRegistered = true;
                    target.onComplete((v, e) -> LockSupport.unpark(this));
                    continue; // re-check before the first park
                }
                interrupted |= Thread.interrupted(); // a set status would turn park into a spin; restored
                LockSupport.parkNanos(target, parkNanos);
                parkNanos = Math.min(parkNanos << 1, MAX_HELP_PARK_NANOS);
            }
            step++;
        }
        if (interrupted) {
            interrupt();
        }
    }

    /** A snapshot of this worker's counters (opaque reads). */
    EngineStats.Worker statsSnapshot() {
        return new EngineStats.Worker(
                index,
                (long) TASKS_RUN.getOpaque(this),
                (long) STEALS.getOpaque(this),
                (long) FAILED_STEALS.getOpaque(this),
                (long) PARKS.getOpaque(this),
                (long) WAKEUPS.getOpaque(this),
                (long) INJECTED.getOpaque(this));
    }
}

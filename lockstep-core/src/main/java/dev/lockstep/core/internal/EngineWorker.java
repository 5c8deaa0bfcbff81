package dev.lockstep.core.internal;

import dev.lockstep.core.EngineStats;
import dev.lockstep.core.Promise;
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
 * <p><b>Main loop.</b> Pop the own deque (LIFO); every 64th task, poll the injection lanes first so
 * outside submissions are not starved by a worker that keeps forking; otherwise lanes, then steal
 * ({@code stealAttempts} probes chosen by the {@link VictimSelector}). Finding nothing, the worker
 * becomes a searcher and runs the idle state machine.
 *
 * <p><b>Idle state machine</b> (after Agrona's BackoffIdleStrategy): SPIN for {@code spins} scan
 * rounds with {@link Thread#onSpinWait()}, then YIELD for {@code yields} rounds with {@link
 * Thread#yield()}, then PARK: push itself on the scheduler's idle stack, rescan, and park until a
 * publisher (or a searcher propagating) pops it; then back to SPIN, still counted as a searcher.
 * While searching, the own deque is not scanned: only its owner pushes to it, and the owner is not
 * running anything. The scheduler's overview argues that no wake-up is lost. A parked worker uses
 * no CPU ({@code idleEngineUsesNoCpu}).
 *
 * <p><b>Help while joining</b> ({@link #helpUntilDone}, called by {@code Promise.join()} on this
 * thread): until the target is done, pop and run own tasks first, then lanes and steals; with
 * nothing to do, spin, yield, then park with a growing timeout (up to 1 ms) and a completion
 * callback that unparks it. Popping own tasks first is what bounds the stack: in fork/join code the
 * task being joined, if not stolen, is on top of the own deque and runs right here, so helping
 * nests no deeper than the computation itself; only a stolen target makes the worker run other
 * (stolen) work on top of its stack. A helping worker is not on the idle stack (it is busy in a
 * task), so new work wakes other workers; it notices new work itself within its park timeout. A
 * worker joined from inside a task whose completion needs a task buried lower on the same stack
 * cannot make progress (the classic limit of helping without compensation threads): join only on
 * tasks forked below the joining one, or on futures completed elsewhere.
 *
 * <p><b>Statistics.</b> Plain-written by this thread, read with opaque loads by {@link
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

    final Scheduler scheduler;
    final int index;
    final ChaseLevDeque<EngineTask<?>> deque = new ChaseLevDeque<>(256);
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
    private EngineTask<?> current;

    private int tick;

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
        EngineTask<?> t = current;
        return t != null && t.cancellationRequested();
    }

    // ---- owner operations ----

    /** A fork: pushes on the own deque, then signals (see the scheduler's wake-up argument). */
    void push(EngineTask<?> task) {
        deque.push(task);
        VarHandle.fullFence(); // the push must not pass the read of ctl in signalWork
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
                EngineTask<?> t = nextTask();
                if (t == null && (t = awaitWork()) == null) {
                    break;
                }
                runTask(t);
            }
        } finally {
            for (EngineTask<?> t; (t = deque.pop()) != null; ) { // only after STOP: leftovers are cancelled
                t.cancel("engine '" + scheduler.name() + "' was stopped (shutdownNow)");
            }
            scheduler.workerExited();
        }
    }

    private void runTask(EngineTask<?> t) {
        if (scheduler.stopping()) {
            t.cancel("engine '" + scheduler.name() + "' was stopped (shutdownNow)");
            return;
        }
        EngineTask<?> saved = current;
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
    private EngineTask<?> nextTask() {
        if ((++tick & 63) == 0) {
            EngineTask<?> t = pollLanes();
            if (t != null) {
                return t;
            }
        }
        EngineTask<?> t = deque.pop();
        if (t != null) {
            return t;
        }
        t = pollLanes();
        return t != null ? t : trySteal();
    }

    private EngineTask<?> pollLanes() {
        EngineTask<?> t = scheduler.pollLanes(index);
        if (t != null && stats) {
            INJECTED.setOpaque(this, (long) INJECTED.get(this) + 1);
        }
        return t;
    }

    private EngineTask<?> trySteal() {
        EngineWorker[] ws = peers;
        if (ws.length == 1) {
            return null;
        }
        for (int i = 0; i < stealAttempts; i++) {
            ChaseLevDeque<EngineTask<?>> victim = ws[victims.next(i)].deque;
            EngineTask<?> t = victim.isEmpty() ? null : victim.steal();
            if (t != null) {
                if (stats) {
                    STEALS.setOpaque(this, (long) STEALS.get(this) + 1);
                }
                return t;
            }
            if (stats) {
                FAILED_STEALS.setOpaque(this, (long) FAILED_STEALS.get(this) + 1);
            }
        }
        return null;
    }

    /** The idle state machine (see the overview); returns a task, or null when the worker must exit. */
    private EngineTask<?> awaitWork() {
        scheduler.enterSearching();
        int step = 0;
        for (; ; ) {
            EngineTask<?> t = pollLanes();
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
        while ((boolean) PARKED.getVolatile(this)) {
            if (scheduler.exiting()) {
                return false;
            }
            LockSupport.park(scheduler);
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
        while (!target.isDone()) {
            EngineTask<?> t = step == 0 ? deque.pop() : null; // own tasks first: bounds the stack
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
            } else if (step < spins + yields) {
                Thread.yield();
            } else {
                if (!callbackRegistered) {
                    callbackRegistered = true;
                    target.onComplete((v, e) -> LockSupport.unpark(this));
                    continue; // re-check before the first park
                }
                LockSupport.parkNanos(target, parkNanos);
                parkNanos = Math.min(parkNanos << 1, MAX_HELP_PARK_NANOS);
            }
            step++;
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

package dev.lockstep.sync.internal;

import dev.lockstep.core.Engine;
import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineState;
import dev.lockstep.sync.SyncException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Parallel instants: runs the processes of an instant ahead of the kernel on a lockstep-core {@link
 * Engine}, while the kernel still applies every primitive in the sequential order. Docs: the
 * "Parallel instants" section of docs/sync.md.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>A process alternates between <em>segments</em> (its own code) and <em>primitives</em> (calls
 * into the kernel: emit, await, pause, fork, signal creation, {@code effect}, ...). A sequential
 * machine resumes the task at the head of the current queue, which runs a segment, then its
 * primitive, and so on until one blocks. Here, every task that enters the current queue is
 * <em>published</em>: an engine worker (or the kernel's own thread while it waits) claims it and
 * resumes its coroutine with {@link Task#speculating} set; the segment runs, and the first primitive
 * it reaches ({@link Kernel#gate}) yields <em>before</em> touching any kernel state, so the task is
 * parked there. When the kernel picks the task, in the sequential order, it {@link #settle}s it
 * (waits for a claimed one, helping meanwhile) and resumes it on its own thread: the primitive then
 * runs exactly as in a sequential machine, and the task goes on inline until it blocks. So every
 * primitive is applied by one thread in the sequential order with the same arguments, which makes
 * the outputs identical to the sequential run; only the segments overlap.
 *
 * <p>Per publication, a task's {@link Task#spec} word goes IDLE, then at most once CLAIMED (by a
 * speculator: a worker or the helping kernel) and then PARKED (stopped at a primitive), ENDED (its
 * body returned) or FAILED (it threw); or the kernel takes it IDLE to PICKED and runs it itself.
 * Only a CAS from IDLE claims, so a segment never runs twice and never runs while the kernel
 * resumes the task ({@code aTaskIsResumedByOneThreadAtATime}).
 *
 * <p>A task is speculated only if it will run in this instant when picked: not being preempted, and
 * its whole guard chain seen present (presence only grows within an instant, and the rollover's
 * reset is published to the workers with the tasks of the next instant). The exception is {@code
 * abort}: a kill aborted later in the instant by a process picked earlier can drop a task whose
 * segment already ran; its primitive then never takes effect, so the machine's outputs are still
 * identical, but effects of that segment outside the machine happened (documented limit).
 *
 * <p>Races: the kernel reads the values a speculator wrote (the task's fields, what the segment
 * wrote) after an acquire of the spec word that the speculator set with a volatile write after it
 * finished. The {@link #waitingOn} handshake is Dekker style (both sides volatile): the kernel
 * writes it then rereads the spec word; a speculator writes the spec word then reads {@code
 * waitingOn}, so one of them sees the other and no wake-up is lost. {@link #close} sets {@link
 * #closed} and then waits out the claimed tasks; a speculator rereads {@code closed} after its
 * claim, so after close returns no segment runs.
 */
final class Speculator {
    static final int IDLE = 0;
    static final int CLAIMED = 1;
    static final int PARKED = 2;
    static final int ENDED = 3;
    static final int FAILED = 4;
    static final int PICKED = 5;

    /** How many guard nodes a speculator walks before it leaves the task to the kernel. */
    private static final int GUARD_WALK = 16;
    /** How many queued tasks the waiting kernel looks at for one to speculate itself. */
    private static final int HELP_WINDOW = 8;

    private static final int SPINS = 64;

    private static final VarHandle SPEC;
    private static final VarHandle WAITING_ON;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SPEC = l.findVarHandle(Task.class, "spec", int.class);
            WAITING_ON = l.findVarHandle(Speculator.class, "waitingOn", Task.class);
            CLOSED = l.findVarHandle(Speculator.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Kernel kernel;
    private final Engine engine;
    private final boolean ownsEngine;
    /** Tasks queued by the run in progress, published when it ends. Kernel thread only. */
    private final ArrayList<Task> pending = new ArrayList<>();
    /** The thread driving the kernel in the current instant (set before the instant's tasks are published). */
    private Thread driver;

    @SuppressWarnings("unused") // accessed through WAITING_ON
    private Task waitingOn;

    @SuppressWarnings("unused") // accessed through CLOSED
    private boolean closed;

    Speculator(Kernel kernel, Engine engine, boolean ownsEngine) {
        this.kernel = kernel;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
    }

    int workers() {
        return engine.parallelism();
    }

    // ---- the kernel's side -------------------------------------------------------------------

    /** Called by the kernel's thread at the start of an instant, before it publishes its tasks. */
    void beginInstant() {
        driver = Thread.currentThread();
    }

    /**
     * Offers {@code t}, just put in the current queue, to the engine. If a task is running on the
     * kernel's thread (it forked or woke {@code t}), the offer waits until that run ends ({@link
     * #flush}): in the sequential order everything a task does until it blocks comes before {@code
     * t} runs, so a value it writes after the fork or the emission is seen by {@code t}
     * ({@code writesBeforeTheParentBlocksAreSeenByTheChild}).
     */
    void publish(Task t, boolean deferred) {
        if (deferred) {
            pending.add(t);
        } else {
            publishNow(t);
        }
    }

    /** Publishes the tasks the run that just ended forked or woke. */
    void flush() {
        ArrayList<Task> p = pending;
        for (int i = 0, n = p.size(); i < n; i++) {
            publishNow(p.get(i));
        }
        p.clear();
    }

    /** A release of the spec word, then the engine task. */
    private void publishNow(Task t) {
        SPEC.setRelease(t, IDLE);
        Runnable r = t.specRun;
        if (r == null) {
            r = t.specRun = () -> speculate(t, false);
        }
        try {
            engine.execute(r);
        } catch (RejectedExecutionException e) {
            throw new SyncException(
                    "the engine of this parallel machine (" + engine.name() + ") is shut down (instant "
                            + kernel.instant() + ")",
                    e);
        }
    }

    /**
     * Takes {@code t} for the kernel, which has just polled it: IDLE (the kernel resumes it as a
     * sequential machine would), or what its speculation left (PARKED, ENDED, FAILED), after
     * waiting for a claimed one. The word is PICKED after.
     */
    int settle(Task t, ArrayDeque<Task> queue) {
        while (true) {
            if (SPEC.compareAndSet(t, IDLE, PICKED)) {
                return IDLE; // fast path: nobody claimed it
            }
            int s = (int) SPEC.getAcquire(t);
            if (s == CLAIMED) {
                s = settleSlowPath(t, queue);
            }
            if (s == IDLE) {
                continue; // a speculator gave it back (it will not run it): claim it like any other
            }
            SPEC.setOpaque(t, PICKED); // only IDLE can be claimed: no speculator writes it now
            return s == PICKED ? IDLE : s;
        }
    }

    private int settleSlowPath(Task t, ArrayDeque<Task> queue) {
        int s;
        for (int i = 0; (s = (int) SPEC.getAcquire(t)) == CLAIMED; i++) {
            if (helpOne(queue)) {
                continue;
            }
            if (i < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            WAITING_ON.setVolatile(this, t);
            while ((s = (int) SPEC.getVolatile(t)) == CLAIMED) { // Dekker with the speculator's end
                LockSupport.park(this);
            }
            WAITING_ON.setVolatile(this, null);
            break;
        }
        return s;
    }

    /** While it waits, the kernel speculates one of the next few queued tasks itself. */
    private boolean helpOne(ArrayDeque<Task> queue) {
        Iterator<Task> it = queue.iterator();
        for (int i = 0; i < HELP_WINDOW && it.hasNext(); i++) {
            Task u = it.next();
            if ((int) SPEC.getOpaque(u) == IDLE && speculate(u, true)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops speculation: no segment starts after this returns, and none is running. Called by the
     * kernel's thread before it closes the tasks.
     */
    void close(Task liveHead) {
        CLOSED.setVolatile(this, true);
        for (Task t = liveHead; t != null; t = t.lNext) {
            while ((int) SPEC.getVolatile(t) == CLAIMED) { // speculators reread closed after claiming
                Thread.onSpinWait();
            }
        }
        if (ownsEngine) {
            engine.close();
        }
    }

    // ---- the speculator's side ---------------------------------------------------------------

    /** Runs {@code t}'s segment up to its next primitive if it is still unclaimed and will run. */
    private boolean speculate(Task t, boolean byKernel) {
        if (!SPEC.compareAndSet(t, IDLE, CLAIMED)) {
            return false; // the kernel or another speculator has it
        }
        if ((boolean) CLOSED.getVolatile(this) || !willRun(t)) {
            SPEC.setVolatile(t, IDLE); // the kernel may be waiting: volatile, then the handshake
            wakeKernel(t, byKernel);
            return false;
        }
        int end;
        t.speculating = true;
        try {
            end = t.co.resume() == CoroutineState.DONE ? ENDED : PARKED;
        } catch (Throwable e) {
            t.specFailure = e;
            end = FAILED;
        }
        t.speculating = false;
        SPEC.setVolatile(t, end); // publishes the segment's writes to the kernel's acquire
        wakeKernel(t, byKernel);
        return true;
    }

    private void wakeKernel(Task t, boolean byKernel) {
        if (!byKernel && WAITING_ON.getVolatile(this) == t) {
            LockSupport.unpark(driver);
        }
    }

    /**
     * Whether {@code t} will run when picked: not being preempted, and its guard chain present.
     * Racy reads of kernel state, safe as hints: presence seen true is true until the rollover.
     */
    private boolean willRun(Task t) {
        int st = t.state; // a queued task's state changes only when the kernel picks it
        if ((st != Task.RUNNABLE && st != Task.NEXT) || t.preempt != null) {
            return false;
        }
        long now = kernel.instant();
        GuardNode g = t.guards;
        for (int i = 0; g != null; g = g.next, i++) {
            if (g.okInstant == now) {
                return true; // the kernel saw the chain from here present in this instant
            }
            if (i == GUARD_WALK || !g.signal.present) {
                return false;
            }
        }
        return true;
    }

    /**
     * The gate every primitive passes first ({@link Kernel#gate}): a task running a speculated
     * segment yields here, before it touches kernel state, and goes on when the kernel resumes it.
     */
    static void gateSlowPath() {
        Coroutine<?> c = Coroutine.current();
        if (c != null && c.context() instanceof Task t && t.speculating) {
            Coroutine.yield(); // parked: the speculator publishes PARKED; the kernel resumes it in order
        }
    }

    /** What a FAILED speculation threw, for the kernel to rethrow in order. */
    static Throwable takeFailure(Task t) {
        Throwable e = t.specFailure;
        t.specFailure = null;
        return e;
    }
}

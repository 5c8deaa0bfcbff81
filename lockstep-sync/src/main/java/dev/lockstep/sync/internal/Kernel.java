package dev.lockstep.sync.internal;

import dev.lockstep.core.Engine;
import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineBackend;
import dev.lockstep.core.coroutine.CoroutineClosedException;
import dev.lockstep.core.coroutine.CoroutineState;
import dev.lockstep.core.trace.Trace;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.sync.InstantSnapshot;
import dev.lockstep.sync.Process;
import dev.lockstep.sync.Sync;
import dev.lockstep.sync.SyncException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The scheduler of one machine: it owns the current and next queues, the signals present in the
 * instant, the live tasks, and every transition of a task between them. Docs: docs/sync.md.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>One thread drives a kernel: the host calls the instant methods ({@link #emitFromHost}, {@link
 * #drain}, {@link #finalizeSignals}, {@link #snapshot}, {@link #rollover}) in that order, and {@link
 * #drain} resumes one task at a time; a task calls the primitive methods only while it is the {@link
 * #running} one. So every field is plain: a resume and the yield that ends it order the task's
 * writes before the kernel's next read (on the virtual-thread backend through the coroutine's
 * handoff).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A task is in exactly one place ({@link Task#state}); the methods here are the only ones
 *       that move it (one owner per transition).
 *   <li>Queues are FIFO and a rollover swaps them: the order of the next instant is the order in
 *       which tasks were scheduled for it, never reversed ({@code nextQueueKeepsStableOrder}).
 *   <li>Wait lists wake in registration order ({@code waitersWakeInRegistrationOrder}).
 *   <li>An event signal is emitted at most once per instant ({@code doubleEmissionIsAnError}).
 *   <li>A task whose kill chain holds an aborted kill never runs again in the body of that kill: it
 *       is resolved when it is picked ({@link #resolveAbort}) or, if it is not picked again in the
 *       instant, by the rollover's sweep over the live tasks ({@link #sweepKills}); the sweep runs
 *       only in instants with an abort.
 *   <li>No task runs more than {@link #INLINE_NESTING} when/withKill bodies inline inside each
 *       other ({@code Task.nesting}); deeper bodies run in child tasks ({@link #runInChild}), so
 *       every coroutine stack stays shallow ({@code fiftyThousandNestedWatches...}).
 *   <li>The run goes on while the next instant has something scheduled: tasks that wait only for
 *       a signal or a join do not keep it alive; guard-blocked tasks do (the rollover moves them).
 *   <li>Every primitive passes {@link #gate} before it reads or writes kernel state; with parallel
 *       instants ({@link Speculator}) a task running ahead of the kernel on a worker stops there,
 *       so kernel state is only ever touched by the driving thread, in the sequential order
 *       ({@code parallelRunsMatchTheSequentialRun}).
 * </ul>
 */
public final class Kernel {
    static final TraceKind INSTANT =
            TraceKind.register("sync.instant", "sync", TraceKind.Type.INSTANT, "instant", "steps", "next");
    static final TraceKind EMIT =
            TraceKind.register("sync.emit", "sync", TraceKind.Type.INSTANT, "instant", "signal", "process");
    static final TraceKind WAKE =
            TraceKind.register("sync.wake", "sync", TraceKind.Type.INSTANT, "instant", "process", "signal");
    static final TraceKind KILL =
            TraceKind.register("sync.kill", "sync", TraceKind.Type.INSTANT, "instant", "process", "preempted");

    /**
     * How many {@code when} and {@code withKill} bodies one task runs inline (on its own stack)
     * inside each other; a deeper body runs as a child task the caller waits on. Each level costs a
     * few stack frames, and a coroutine whose stack holds tens of thousands of frames cannot be
     * frozen (ppdp-b5 failed with "Humongous stack chunk" at 5000 nested watches): the bound keeps
     * every stack shallow whatever the nesting, at the cost of one child task per this many levels.
     */
    static final int INLINE_NESTING = 32;

    private final CoroutineBackend backend;
    private final Sync sync;
    /** Null in a sequential machine. */
    private final Speculator speculator;
    /** Between beginInstant and rollover: tasks entering the current queue are published. */
    private boolean inInstant;
    /**
     * Whether tasks start on runners instead of coroutines of their own (see the runner section):
     * sequential machines on the continuation backend (a speculator resumes each task's own coroutine).
     */
    private final boolean inlineStarts;

    private long instant;
    private ArrayDeque<Task> current = new ArrayDeque<>();
    private ArrayDeque<Task> next = new ArrayDeque<>();
    private Task running;
    private final ArrayList<SignalCore> present = new ArrayList<>();
    private final ArrayList<Task> guardBlocked = new ArrayList<>();
    private final ArrayList<Task> presenceTests = new ArrayList<>();
    private int abortsThisInstant;
    /** Counts kills aborted so far: the validity stamp of the scopes' memos ({@link #outermostAborted}). */
    private long abortEpoch;

    private boolean sweptThisInstant;
    private Task liveHead;
    private Task liveTail;
    private int liveCount;
    private long nextTaskId;
    private long nextKillId;
    private int signalCount;
    private int steps;
    private RuntimeException failure;

    /**
     * A kernel; with an engine, the processes of each instant run ahead of it on the engine's
     * workers ({@link Speculator}), and the engine is closed with the kernel if {@code ownsEngine}.
     */
    public Kernel(CoroutineBackend backend, Sync sync, Engine engine, boolean ownsEngine) {
        this.backend = backend;
        this.sync = sync;
        this.speculator = engine == null ? null : new Speculator(this, engine, ownsEngine);
        this.inlineStarts = backend == CoroutineBackend.CONTINUATION && engine == null;
    }

    /** The engine's workers running processes ahead of the kernel; 0 for a sequential machine. */
    public int workers() {
        return speculator == null ? 0 : speculator.workers();
    }

    // ---- host side ---------------------------------------------------------------------------

    public long instant() {
        return instant;
    }

    /** Whether nothing is scheduled for the next instant (checked between instants). */
    public boolean isFinished() {
        return current.isEmpty();
    }

    /** The value of a present signal (event value, or delivered aggregate). */
    public Object valueOf(SignalCore s) {
        return s.value;
    }

    public int liveProcesses() {
        return liveCount;
    }

    public int signalCount() {
        return signalCount;
    }

    /** Throws if a process failed earlier: a failed machine runs no more instants. */
    public void checkUsable() {
        if (failure != null) {
            throw new SyncException("the machine failed in instant " + instant + " and runs no more instants", failure);
        }
    }

    /** Starts the main process; it runs in the first instant. */
    public void start(Process main) {
        spawn(main, null, null, null);
    }

    public void beginInstant() {
        Trace.instant(INSTANT, instant, 0, current.size());
        inInstant = true;
        Speculator sp = speculator;
        if (sp != null) {
            sp.beginInstant();
            for (Task t : current) {
                sp.publish(t, false);
            }
        }
    }

    public void emitFromHost(SignalCore s, Object value) {
        emitEvent(s, value);
    }

    /** Runs the current queue until it is empty. */
    public void drain() {
        Task t;
        Speculator sp = speculator;
        while ((t = current.pollFirst()) != null) {
            int spec = sp == null ? Speculator.IDLE : sp.settle(t, current);
            int st = t.state;
            if (st != Task.RUNNABLE && st != Task.NEXT) {
                continue; // dropped while queued
            }
            t.state = Task.RUNNABLE; // tasks carried over by the rollover still say NEXT
            if (abortsThisInstant != 0 && resolveAbort(t, false)) {
                continue;
            }
            if (t.guards != null && blockOnAbsentGuard(t)) {
                continue;
            }
            if (spec <= Speculator.PARKED) {
                resume(t); // IDLE: from where it stopped; PARKED: from the gate of its next primitive
            } else {
                endOfSpeculation(t, spec);
            }
            if (sp != null) {
                sp.flush();
            }
        }
    }

    /** A speculated segment that ended the body or threw: applied now, in the sequential order. */
    private void endOfSpeculation(Task t, int spec) {
        steps++;
        if (spec == Speculator.ENDED) {
            if (t.state != Task.DEAD) {
                finished(t);
            }
            return;
        }
        Throwable e = Speculator.takeFailure(t);
        failure = e instanceof RuntimeException re ? re : new SyncException("process error", e);
        if (e instanceof Error err) {
            throw err;
        }
        throw failure; // resume() throws only unchecked exceptions (checked ones come wrapped)
    }

    private void resume(Task t) {
        if (t.co == null) {
            runOnRunner(t); // not started, and it runs on a runner (see the runner section)
            return;
        }
        running = t;
        steps++;
        CoroutineState st;
        try {
            st = t.co.resume();
        } catch (RuntimeException | Error e) {
            running = null;
            failure = e instanceof RuntimeException re ? re : new SyncException("process error", e);
            throw e;
        }
        running = null;
        if (st == CoroutineState.DONE) {
            if (t.state != Task.DEAD) {
                finished(t);
            }
        } else if (t.state == Task.DEAD) {
            closeIfVirtual(t); // it killed itself (abort from inside a kill it does not own)
        }
    }

    /**
     * The end of the instant's reactions: aggregates are delivered (to the next instant), presence
     * tests of absent signals time out (their else branches run in the next instant), and the
     * watches of present signals trigger (their kills are aborted, applied by the rollover).
     */
    public void finalizeSignals() {
        ArrayList<SignalCore> ps = present;
        for (int i = 0, n = ps.size(); i < n; i++) {
            SignalCore s = ps.get(i);
            if (!s.event) {
                s.value = s.acc;
                wakeNext(s.nextWaiters, s.acc, s);
            }
        }
        ArrayList<Task> tests = presenceTests;
        for (int i = 0, n = tests.size(); i < n; i++) {
            Task t = tests.get(i);
            t.inPresenceList = false;
            if (t.state == Task.PRESENCE) {
                t.in.remove(t);
                t.absent = true;
                schedule(t);
            }
        }
        tests.clear();
        for (int i = 0, n = ps.size(); i < n; i++) {
            for (KillScope w = ps.get(i).watchHead; w != null; w = w.wNext) {
                // a watch inside an absent when does not react (its body is suspended)
                if (!w.kill.aborted && GuardNode.firstAbsent(w.outerGuards, instant) == null) {
                    w.kill.aborted = true;
                    abortsThisInstant++;
                    abortEpoch++;
                }
            }
        }
    }

    public InstantSnapshot snapshot() {
        int blocked = 0;
        for (int i = 0, n = guardBlocked.size(); i < n; i++) {
            if (guardBlocked.get(i).state == Task.GUARD) {
                blocked++;
            }
        }
        return new InstantSnapshot(instant, steps, blocked, next.size(), present.size());
    }

    /**
     * Ends the instant: applies the instant's kills, moves guard-blocked tasks to the next instant,
     * resets presence, and swaps the queues.
     */
    public void rollover() {
        sweptThisInstant = false;
        if (abortsThisInstant != 0) {
            sweepKills();
        }
        ArrayList<Task> gb = guardBlocked;
        for (int i = 0, n = gb.size(); i < n; i++) {
            Task t = gb.get(i);
            t.inGuardList = false;
            if (t.state == Task.GUARD) {
                t.in.remove(t);
                schedule(t); // guard-blocked tasks move to the next instant, checked again there
            }
        }
        gb.clear();
        ArrayList<SignalCore> ps = present;
        for (int i = 0, n = ps.size(); i < n; i++) {
            SignalCore s = ps.get(i);
            s.present = false;
            s.value = null;
            s.acc = null;
        }
        ps.clear();
        inInstant = false;
        Trace.instant(INSTANT, instant, steps, next.size());
        ArrayDeque<Task> done = current; // empty
        current = next;
        next = done;
        if (sweptThisInstant) {
            current.removeIf(t -> t.state != Task.NEXT); // invariant: no dropped task starts an instant
        }
        abortsThisInstant = 0;
        steps = 0;
        instant++;
    }

    /** Ends every live task (closing the virtual-thread ones); the machine is not used after. */
    public void closeAll() {
        if (speculator != null) {
            speculator.close(liveHead); // no segment runs after this: the tasks are the kernel's alone
        }
        for (Task t = liveHead; t != null; ) {
            Task n = t.lNext;
            if (t.in != null) {
                t.in.remove(t);
            }
            t.state = Task.DEAD;
            unlinkLive(t);
            closeIfVirtual(t);
            t = n;
        }
        current.clear();
        next.clear();
    }

    // ---- signals -----------------------------------------------------------------------------

    public SignalCore newEventSignal(String name) {
        gate();
        return new SignalCore(this, checkName(name), signalCount++, true, null, null);
    }

    public SignalCore newAggregateSignal(String name, Object initial, BiFunction<Object, Object, Object> combine) {
        gate();
        if (combine == null) {
            throw new NullPointerException("combine function of aggregate signal '" + name + "'");
        }
        return new SignalCore(this, checkName(name), signalCount++, false, initial, combine);
    }

    private static String checkName(String name) {
        if (name == null) {
            throw new NullPointerException("signal name");
        }
        return name;
    }

    public KillCore newKill() {
        gate();
        return new KillCore(nextKillId++);
    }

    private void checkOwn(SignalCore s) {
        if (s.kernel != this) {
            throw new SyncException(s.describe() + " belongs to another machine (instant " + instant + ")");
        }
    }

    public void emitEvent(SignalCore s, Object value) {
        gate();
        checkOwn(s);
        if (value == null) {
            throw new NullPointerException(s.describe() + " emitted with a null value in instant " + instant);
        }
        if (s.present) { // invariant: at most one emission of an event signal per instant
            throw new SyncException(s.describe() + " emitted twice in instant " + instant);
        }
        s.present = true;
        s.value = value;
        present.add(s);
        Trace.instant(EMIT, instant, s.id, running == null ? -1 : running.id);
        if (s.nowWaiters.head != null) {
            wakeNow(s.nowWaiters, value, s);
        }
        if (s.nextWaiters.head != null) {
            wakeNext(s.nextWaiters, value, s);
        }
    }

    public void emitAggregate(SignalCore s, Object value) {
        gate();
        checkOwn(s);
        if (!s.present) {
            s.present = true;
            s.acc = s.initial;
            present.add(s);
            if (s.nowWaiters.head != null) {
                wakeNow(s.nowWaiters, null, s); // guards and presence tests: presence is enough
            }
        }
        Trace.instant(EMIT, instant, s.id, running == null ? -1 : running.id);
        s.acc = s.combine.apply(s.acc, value);
    }

    private void wakeNow(WaitList w, Object value, SignalCore s) {
        Task t;
        while ((t = w.poll()) != null) {
            t.value = value;
            t.state = Task.RUNNABLE;
            current.addLast(t);
            if (speculator != null) {
                speculator.publish(t, running != null);
            }
            Trace.instant(WAKE, instant, t.id, s == null ? -1 : s.id);
        }
    }

    private void wakeNext(WaitList w, Object value, SignalCore s) {
        Task t;
        while ((t = w.poll()) != null) {
            t.value = value;
            schedule(t);
            Trace.instant(WAKE, instant, t.id, s == null ? -1 : s.id);
        }
    }

    private void schedule(Task t) {
        t.state = Task.NEXT;
        next.addLast(t);
    }

    // ---- primitives (called by the running task) ---------------------------------------------

    /**
     * The first step of every primitive: with parallel instants, a task running ahead of the kernel
     * stops here until the kernel resumes it in the sequential order (see {@link Speculator}).
     */
    private void gate() {
        if (speculator != null) {
            Speculator.gateSlowPath();
        }
    }

    private Task self() {
        gate();
        Task t = running;
        if (t == null) {
            throw new SyncException(
                    "a process primitive was called outside the processes of this machine (instant " + instant + ")");
        }
        if (t.preempt != null) {
            throw Preemption.INSTANCE; // unwinding to an aborted withKill: no blocking on the way out
        }
        if (t.state == Task.DEAD) {
            throw new SyncException(t + " was killed in instant " + instant + " and cannot block");
        }
        return t;
    }

    private void suspend(Task t) {
        Coroutine.yield();
        if (t.preempt != null) {
            throw Preemption.INSTANCE;
        }
    }

    public long currentInstant() {
        return instant;
    }

    /** Runs {@code effect} at this point of the sequential order (on the kernel's thread). */
    public void effect(Runnable effect) {
        self();
        effect.run();
    }

    /** Whether {@code c} has returned or been killed, as of this point of the sequential order. */
    public boolean isOver(Task c) {
        gate();
        return c.isOver();
    }

    public void pause() {
        Task t = self();
        schedule(t);
        suspend(t);
    }

    public Object await(SignalCore s) {
        checkOwn(s);
        Task t = self();
        if (s.event && s.present) {
            t.value = s.value;
            schedule(t);
        } else {
            t.state = Task.WAITING;
            s.nextWaiters.add(t);
        }
        suspend(t);
        Object v = t.value;
        t.value = null;
        return v;
    }

    public Object awaitImmediate(SignalCore s) {
        checkOwn(s);
        Task t = self();
        if (s.present) {
            return s.value;
        }
        t.state = Task.WAITING;
        s.nowWaiters.add(t);
        suspend(t);
        Object v = t.value;
        t.value = null;
        return v;
    }

    public Task fork(Process p) {
        Task t = self();
        return spawn(p, t.guards, t.kills, null);
    }

    public void join(Task c) {
        Task t = self();
        if (c == t) {
            throw new SyncException(t + " cannot join itself (instant " + instant + ")");
        }
        if (c.isOver()) {
            return;
        }
        if (c.joiners == null) {
            c.joiners = new WaitList();
        }
        t.state = Task.WAITING;
        c.joiners.add(t);
        suspend(t);
    }

    public void parallel(Process[] bodies) {
        Task t = self();
        if (bodies.length == 0) {
            return;
        }
        JoinGroup g = new JoinGroup(bodies.length);
        for (Process p : bodies) {
            if (p == null) {
                throw new NullPointerException("a parallel branch is null");
            }
        }
        for (Process p : bodies) {
            spawn(p, t.guards, t.kills, g);
        }
        t.state = Task.WAITING;
        g.waiters.add(t);
        suspend(t);
    }

    public void when(SignalCore g, Process body) throws Exception {
        checkOwn(g);
        Task t = self();
        GuardNode saved = t.guards;
        GuardNode node = new GuardNode(g, saved);
        if (g.present) {
            node.okInstant = instant; // the running task's chain is present (checked when picked)
        }
        if (t.nesting >= INLINE_NESTING) {
            runInChild(t, node, t.kills, body); // the child carries the guard; the caller waits outside it
            return;
        }
        t.guards = node;
        t.nesting++;
        try {
            if (!g.present) {
                blockOnGuard(t, g);
                suspend(t); // the kernel resumes it only when its whole guard chain is present
            }
            body.run(sync);
        } finally {
            t.guards = saved;
            t.nesting--;
        }
    }

    public void presentThenElse(SignalCore s, Process then, Process otherwise) throws Exception {
        checkOwn(s);
        Task t = self();
        if (s.present) {
            then.run(sync);
            return;
        }
        t.state = Task.PRESENCE;
        s.nowWaiters.add(t);
        if (!t.inPresenceList) {
            t.inPresenceList = true;
            presenceTests.add(t);
        }
        suspend(t);
        if (t.absent) {
            t.absent = false;
            otherwise.run(sync);
        } else {
            then.run(sync);
        }
    }

    /**
     * Runs {@code body} under {@code kill}; if {@code watched} is not null, the kill is aborted at
     * the end of any instant in which that signal is present (weak preemption).
     */
    public void withKill(KillCore kill, SignalCore watched, Process body) throws Exception {
        if (watched != null) {
            checkOwn(watched);
        }
        Task t = self();
        if (kill.aborted) {
            schedule(t); // an aborted kill runs nothing: continue in the next instant
            suspend(t);
            return;
        }
        KillScope sc = new KillScope(kill, t, t.kills, t.guards);
        if (watched != null) {
            watched.addWatcher(sc);
        }
        t.kills = sc;
        try {
            if (t.nesting < INLINE_NESTING) {
                t.nesting++;
                try {
                    body.run(sync);
                } finally {
                    t.nesting--;
                }
            } else {
                runInChild(t, t.guards, sc, body); // the caller stays the scope's owner while it waits
            }
        } catch (Preemption p) {
            if (t.preempt != sc) {
                throw p; // an outer scope is the target
            }
            t.preempt = null;
        } finally {
            gate(); // a body that ended in a speculated segment leaves its scope in the kernel's order
            if (t.preempt == sc) {
                t.preempt = null; // it ended ahead of an abort of this scope: continue after it
            }
            t.kills = sc.parent;
            t.guards = sc.outerGuards;
            if (watched != null) {
                watched.removeWatcher(sc);
            }
        }
    }

    public void abort(KillCore kill) {
        Task t = self();
        if (kill.aborted) {
            return;
        }
        kill.aborted = true;
        abortsThisInstant++;
        abortEpoch++;
        KillScope a = outermostAborted(t);
        if (a == null) {
            return; // the caller is outside the kill: the others are resolved when picked, or swept
        }
        if (a.owner == t) {
            preempt(t, a);
            schedule(t);
            suspend(t); // throws Preemption when resumed
        } else {
            kill(t, false);
            Coroutine.yield(); // dead: never resumed (closed on the virtual-thread backend)
        }
    }

    /**
     * Runs {@code body} as a child task under {@code guards} and {@code kills} and waits for it (the
     * nesting bound, see {@link #INLINE_NESTING}). The caller continues in the instant the child
     * ends in, as after an inline body; an exception the body throws is rethrown in the caller, as
     * inline. If a kill the caller owns is aborted, the child is dropped (it is inside it) and the
     * caller is preempted, exactly as when the body ran inline.
     */
    private void runInChild(Task t, GuardNode guards, KillScope kills, Process body) throws Exception {
        NestedBody nb = new NestedBody(body);
        Task c = spawn(nb, guards, kills, null);
        c.joiners = new WaitList();
        t.state = Task.WAITING;
        c.joiners.add(t);
        suspend(t);
        Throwable e = nb.failure;
        if (e != null) {
            nb.failure = null;
            switch (e) {
                case Exception x -> throw x;
                case Error x -> throw x;
                default -> throw new SyncException("process error", e);
            }
        }
    }

    /** The body of a child run by {@link #runInChild}: it keeps what the body threw for the caller. */
    private static final class NestedBody implements Process {
        private final Process body;
        Throwable failure;

        NestedBody(Process body) {
            this.body = body;
        }

        @Override
        public void run(Sync s) {
            try {
                body.run(s);
            } catch (Preemption | CoroutineClosedException e) {
                throw e; // unwinding: the kernel's business, not the caller's
            } catch (Exception | Error e) {
                failure = e;
            }
        }
    }

    // ---- task life ---------------------------------------------------------------------------

    private Task spawn(Process p, GuardNode guards, KillScope kills, JoinGroup group) {
        Task t = new Task(nextTaskId++);
        t.guards = guards;
        t.kills = kills;
        t.group = group;
        if (inlineStarts) {
            t.body = p; // started on a runner when picked (see the runner section)
        } else {
            t.co = Coroutine.create(t.name(), t, backend, self -> p.run(sync));
        }
        t.state = Task.RUNNABLE;
        linkLive(t);
        current.addLast(t);
        if (speculator != null && inInstant) {
            speculator.publish(t, running != null); // the main task: by the first beginInstant
        }
        return t;
    }

    private void finished(Task t) {
        t.state = Task.DONE;
        unlinkLive(t);
        completeJoins(t, false);
    }

    private void completeJoins(Task t, boolean atRollover) {
        if (t.joiners != null && t.joiners.head != null) {
            if (atRollover) {
                wakeNext(t.joiners, null, null);
            } else {
                wakeNow(t.joiners, null, null);
            }
        }
        JoinGroup g = t.group;
        if (g != null && --g.remaining == 0 && g.waiters.head != null) {
            if (atRollover) {
                wakeNext(g.waiters, null, null);
            } else {
                wakeNow(g.waiters, null, null);
            }
        }
    }

    private boolean blockOnAbsentGuard(Task t) {
        GuardNode g = GuardNode.firstAbsent(t.guards, instant);
        if (g == null) {
            return false;
        }
        blockOnGuard(t, g.signal);
        return true;
    }

    private void blockOnGuard(Task t, SignalCore g) {
        t.state = Task.GUARD;
        g.nowWaiters.add(t);
        if (!t.inGuardList) {
            t.inGuardList = true;
            guardBlocked.add(t);
        }
    }

    /**
     * The outermost scope of {@code t}'s kill chain whose kill is aborted, or null. O(1) amortised:
     * each scope memoises the answer for the chain from it outward, valid while no further kill is
     * aborted ({@link #abortEpoch}); kills are never un-aborted and chains are immutable, so a memo
     * of the current epoch is right. Without it, resolving the m tasks of a chain of n nested
     * scopes cost O(m n) (ppdp-b5 at n = 50000: 1563 child tasks, 4*10^7 steps).
     */
    private KillScope outermostAborted(Task t) {
        long e = abortEpoch;
        KillScope s = t.kills;
        KillScope found = null;
        for (; s != null && s.memoEpoch != e; s = s.parent) {
            if (s.kill.aborted) {
                found = s;
            }
        }
        KillScope outer = s == null ? null : s.memo;
        KillScope result = outer != null ? outer : found;
        KillScope cur = result;
        for (KillScope m = t.kills; m != s; m = m.parent) {
            m.memo = cur; // invariant: memo is the outermost aborted scope from m outward in epoch memoEpoch
            m.memoEpoch = e;
            if (m == cur && outer == null) {
                cur = null; // found is the furthest aborted of the walk: nothing aborted beyond it
            }
        }
        return result;
    }

    /** Resolves a task under an aborted kill; returns whether it was (then it must not run). */
    private boolean resolveAbort(Task t, boolean atRollover) {
        KillScope a = outermostAborted(t);
        if (a == null) {
            return false;
        }
        if (a.owner == t) {
            preempt(t, a);
            if (t.state != Task.NEXT) {
                if (t.in != null) {
                    t.in.remove(t);
                }
                schedule(t); // the code after withKill continues in the next instant
            }
        } else {
            kill(t, atRollover);
        }
        return true;
    }

    private void preempt(Task t, KillScope a) {
        Trace.instant(KILL, instant, t.id, 1);
        t.preempt = a;
        t.guards = a.outerGuards;
        t.kills = a.parent;
    }

    private void kill(Task t, boolean atRollover) {
        Trace.instant(KILL, instant, t.id, 0);
        if (t.in != null) {
            t.in.remove(t);
        }
        t.state = Task.DEAD;
        unlinkLive(t);
        for (KillScope s = t.kills; s != null && s.owner == t; s = s.parent) {
            if (s.watched != null) {
                s.watched.removeWatcher(s);
            }
        }
        completeJoins(t, atRollover);
        if (t != running) {
            closeIfVirtual(t);
        }
    }

    private void sweepKills() {
        sweptThisInstant = true;
        for (Task t = liveHead; t != null; ) {
            Task n = t.lNext;
            resolveAbort(t, true);
            t = n;
        }
    }

    private void closeIfVirtual(Task t) {
        if (backend == CoroutineBackend.VIRTUAL_THREAD && t.co.state() == CoroutineState.SUSPENDED) {
            Task saved = running;
            running = t; // its finally blocks may call primitives: they see a dead task and throw
            try {
                t.co.close();
            } finally {
                running = saved;
            }
        }
    }

    private void linkLive(Task t) {
        t.lPrev = liveTail;
        if (liveTail == null) {
            liveHead = t;
        } else {
            liveTail.lNext = t;
        }
        liveTail = t;
        liveCount++;
    }

    private void unlinkLive(Task t) {
        Task p = t.lPrev;
        Task n = t.lNext;
        if (p == null) {
            liveHead = n;
        } else {
            p.lNext = n;
        }
        if (n == null) {
            liveTail = p;
        } else {
            n.lPrev = p;
        }
        t.lPrev = null;
        t.lNext = null;
        liveCount--;
    }

    // ---- runners -----------------------------------------------------------------------------

    /*
     * Starting a task needs no coroutine of its own until it blocks (Continuation backend). A task
     * that is picked before it ever ran is run on a runner: one coroutine that runs, in queue
     * order, that task and then every further not-yet-started task at the head of the current
     * queue, directly on its own stack (runInline), until the head is a started task or the queue
     * is empty; then it ends and the kernel's drain goes on. When a task blocks on a runner, the
     * runner's yield suspends the runner with the task's frames on top: the task adopts the runner
     * as its coroutine (Task.co), that runner runs nothing more, and the next not-yet-started task
     * gets a new runner. So a task that runs to its end without blocking costs no coroutine (in
     * ppdp-b2, the n observers of a tree of 2n processes), and one that blocks costs one, as
     * before. When the adopted runner is resumed and the task's body returns, runInline sees that
     * the task owns the runner and returns at once: the runner ends, and resume() sees DONE as for
     * any coroutine.
     *
     * Nothing observable changes: the order is the queue's (a runner takes the head, the task
     * drain would have polled next, with drain's checks), every task still counts one step per
     * resumption, an exception leaves the runner as it would have left the task's coroutine (a
     * checked one wrapped in a CoroutineException naming the task: the runner's name is its
     * current task's), and a dropped task that blocked on a runner is released with it, as any
     * abandoned Continuation. The virtual-thread backend keeps one coroutine per task (it closes
     * dropped tasks' coroutines, which a shared runner would not allow before adoption).
     */

    /** A runner: its coroutine and the task it is running now (which names it). */
    private final class Runner implements Supplier<String>, Coroutine.Body<Runner> {
        final Coroutine<Runner> co;
        Task task;

        Runner(Task first) {
            task = first;
            co = Coroutine.create(this, this, backend, this);
        }

        @Override
        public String get() {
            return task.name();
        }

        @Override
        public void run(Coroutine<Runner> self) throws Exception {
            Task t = task;
            while (runInline(this, t)) {
                // invariant: the loop's frame stays small (it is in the stack chunk of every task that
                // blocks on this runner): the kernel's work between bodies is a call the JIT cannot
                // inline, through a MethodHandle it cannot treat as a constant
                t = callAfterInline(t);
                if (t == null) {
                    return;
                }
            }
        }
    }

    /** {@link #afterInline(Task)}; not final, so that the JIT does not inline it (see Runner.run). */
    private static MethodHandle afterInline;

    static {
        try {
            afterInline = MethodHandles.lookup()
                    .findVirtual(Kernel.class, "afterInline", MethodType.methodType(Task.class, Task.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Task callAfterInline(Task t) {
        try {
            return (Task) afterInline.invokeExact(this, t);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // afterInline throws no checked exception
        }
    }

    /** After {@code t} ran to its end on a runner: finishes it and returns the next task to run there, or null. */
    private Task afterInline(Task t) {
        if (t.state != Task.DEAD) {
            finished(t);
        }
        return nextNotStarted();
    }

    /** Runs not-yet-started {@code t} and the not-yet-started tasks behind it on a new runner. */
    private void runOnRunner(Task t) {
        Runner r = new Runner(t);
        CoroutineState st;
        try {
            st = r.co.resume();
        } catch (RuntimeException | Error e) {
            running = null;
            failure = e instanceof RuntimeException re ? re : new SyncException("process error", e);
            throw e;
        }
        if (st == CoroutineState.SUSPENDED) {
            running = null;
            r.task.co = r.co; // the task that blocked adopts the runner
        }
    }

    /**
     * Runs {@code t}'s body on runner {@code r}, as resume() would a coroutine's first segment;
     * returns false if {@code t} blocked on the way (it then owns the runner: stop).
     */
    private boolean runInline(Runner r, Task t) throws Exception {
        Process p = t.body;
        t.body = null;
        r.task = t;
        running = t;
        steps++;
        p.run(sync);
        if (t.co != null) {
            return false; // blocked, adopted the runner, resumed, and ended: resume() finishes it
        }
        running = null;
        return true; // the caller finishes it (afterInline)
    }

    /**
     * The head of the current queue, taken, if it has not started and drain would run it now with
     * no work (no abort in the instant, its guards present); else null, and drain takes it.
     */
    private Task nextNotStarted() {
        Task t = current.peekFirst();
        if (t == null
                || t.co != null
                || t.state != Task.RUNNABLE
                || abortsThisInstant != 0
                || (t.guards != null && GuardNode.firstAbsent(t.guards, instant) != null)) {
            return null; // drain's slow path: dropped, started, aborts or guards to resolve
        }
        current.pollFirst();
        return t;
    }
}

package dev.lockstep.core;

import dev.lockstep.core.cancel.CancelledException;
import dev.lockstep.core.internal.JoinHelper;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The write side of a {@link Future}, and its only implementation: completed, failed or cancelled
 * exactly once, first caller wins.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>One shared field, {@code state}, accessed through a VarHandle with the vocabulary of {@code
 * dev.lockstep.core.concurrent}. While pending it is {@code null} or the top of a Treiber stack of
 * {@link Completion} nodes (the callbacks); once decided it is forever the outcome: the value
 * itself, {@code NIL} for a {@code null} value, {@code Boxed} for a value that is itself a node, or a
 * {@code Failure} (a cancellation is a Failure whose cause is a {@link CancellationException}).
 *
 * <ul>
 *   <li><b>Decide</b>: CAS {@code state} from what it read (null or a stack) to the outcome. That
 *       CAS is the single decision point, so "first wins" and "exactly once" are the same statement;
 *       the winner owns the stack it replaced and runs every node, in registration order. A CAS lost
 *       to a registration is retried; one lost to another decision returns false.
 *   <li><b>Register</b>: CAS {@code state} from the stack it read to a node on top of it. A
 *       registration that reads an outcome runs its node itself.
 * </ul>
 *
 * <p>Race: a callback pushed concurrently with completion. Both are CASes of the same field, so one
 * of them is first: if the push is, the decision's CAS takes the stack with the node in it and the
 * decider runs it; if the decision is, the push's CAS fails, the pusher re-reads the outcome and
 * runs the node itself. There is no third case and no callback is run twice or lost ({@code
 * callbackRegisteredDuringCompletionRunsExactlyOnce}); whoever runs a node has read the outcome.
 * Keeping outcome and stack in one word makes a completion one CAS (two fields would need a CAS and
 * a getAndSet); completions are the hot path of {@link Futures#all}.
 *
 * <p>Deep chains: a derived future or combinator completes its result from inside its source's
 * callback, so a chain of n derived futures would complete with n nested frames (an asynchronous
 * loop built with {@code flatMap} makes n as large as the loop). Internal nodes therefore pass a
 * depth along ({@link Completion#fire}); a decision at depth {@link #MAX_DEPTH} does not run its
 * stack but queues it on a thread-local trampoline and reports "deferred" up the chain, and the
 * outermost public call on that thread ({@code complete}, {@code fail}, {@code cancel}, a
 * registration that runs at once) drains the queue. Same thread, same order per promise, bounded
 * stack ({@code deepChainsDoNotOverflowTheStack}); chains shallower than the bound never touch the
 * thread-local. A user callback that itself calls {@code complete} starts a new chain at depth 0.
 *
 * <p>Callbacks run outside any lock, on the completing thread or the registering one. A callback
 * that throws does not stop the others; its exception goes to the running thread's uncaught
 * exception handler, never silently dropped ({@code callbackExceptionReachesUncaughtHandler}).
 *
 * <p>Nodes: {@link Completion} is package-private so that the derived futures and combinators of
 * this package allocate exactly one object per registration (the node is the callback); public
 * {@link #onComplete(BiConsumer)} wraps the user's callback in one node. Blocking waiters are nodes
 * that unpark their thread; a timed-out waiter's node stays in the stack until completion (it holds
 * only a cleared thread reference).
 *
 * <p>Cancellation is a failure whose cause is a {@link CancellationException} (Lockstep's own are
 * {@link CancelledException}, which carry a reason); whichever path decides it ({@link
 * #cancel(String)}, {@link #fail} with such a cause, or a derived future adopting its source's
 * cancellation), {@link #onCancelled()} runs once, after the callbacks, on the deciding thread.
 *
 * <p>Subclasses (engine tasks, combinators) may override {@link #onCancelled()} to signal running
 * work or release what they hold.
 */
public class Promise<T> implements Future<T> {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Promise.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Stands for a {@code null} value in {@code state}. */
    private static final Object NIL = new Object();

    /** null or a Completion while pending, then the outcome (see the overview). */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile Object state;

    /** A new pending promise. */
    public Promise() {}

    /** A promise already completed with {@code value}. */
    public static <T> Promise<T> completed(T value) {
        Promise<T> p = new Promise<>();
        p.complete(value);
        return p;
    }

    /** A promise already failed with {@code cause}. */
    public static <T> Promise<T> failed(Throwable cause) {
        Promise<T> p = new Promise<>();
        p.fail(cause);
        return p;
    }

    /** A promise already cancelled with {@code reason}. */
    public static <T> Promise<T> cancelled(String reason) {
        Promise<T> p = new Promise<>();
        p.cancel(reason);
        return p;
    }

    // ---- write side --------------------------------------------------------------------------

    /** Completes with {@code value}; returns whether this call decided the outcome. */
    public final boolean complete(T value) {
        return decideTop(wrap(value));
    }

    /**
     * Fails with {@code cause}; returns whether this call decided the outcome. A {@link
     * CancellationException} cause cancels (see the overview).
     */
    public final boolean fail(Throwable cause) {
        if (cause == null) {
            throw new NullPointerException("Promise.fail: cause is null");
        }
        return decideTop(new Failure(cause));
    }

    @Override
    public final boolean cancel() {
        return cancel("cancelled");
    }

    @Override
    public final boolean cancel(String reason) {
        return decideTop(new Failure(new CancelledException(reason == null ? "cancelled" : reason)));
    }

    /**
     * Called once, on the cancelling thread, after this promise was cancelled and its callbacks ran
     * (in a chain deeper than the propagation bound, after the callbacks were handed to the
     * trampoline; see the overview).
     */
    protected void onCancelled() {}

    /**
     * Adopts an outcome in callback form, (value, null) or (null, failure or cancellation), from a
     * node running at {@code depth}; returns whether work was deferred to the trampoline.
     */
    final boolean settleNested(Object value, Throwable cause, int depth) {
        return decide(cause == null ? wrap(value) : new Failure(cause), depth) == WON_DEFERRED;
    }

    private static Object wrap(Object value) {
        return value == null ? NIL : value instanceof Completion ? new Boxed(value) : value;
    }

    private static final int LOST = 0;
    private static final int WON = 1;
    private static final int WON_DEFERRED = 2;

    /** Callbacks nested deeper than this are handed to the trampoline (see the overview). */
    static final int MAX_DEPTH = 64;

    /** A decision made by a public call: drains whatever the propagation deferred. */
    private boolean decideTop(Object outcome) {
        int r = decide(outcome, 0);
        if (r == WON_DEFERRED) {
            Trampoline.drain();
        }
        return r != LOST;
    }

    private int decide(Object outcome, int depth) {
        for (; ; ) {
            Object s = volatileState();
            if (s != null && !(s instanceof Completion)) {
                return LOST; // decided already
            }
            if (casState(s, outcome)) { // the single decision point: first wins, and owns the stack s
                if (s != null && depth >= MAX_DEPTH) {
                    Trampoline.defer(this, (Completion) s, outcome); // deepChainsDoNotOverflowTheStack
                    return WON_DEFERRED;
                }
                boolean deferred = s != null && runAll((Completion) s, outcome, depth);
                if (outcome instanceof Failure f && f.cause instanceof CancellationException) {
                    onCancelled();
                }
                return deferred ? WON_DEFERRED : WON;
            }
        }
    }

    /** Runs a stack this promise's decision took; returns whether any node deferred work. */
    private static boolean runAll(Completion top, Object outcome, int depth) {
        Completion ordered = null; // reverse the stack into registration order
        for (Completion n = top; n != null; ) {
            Completion next = n.next;
            n.next = ordered;
            ordered = n;
            n = next;
        }
        boolean deferred = false;
        while (ordered != null) {
            Completion n = ordered;
            ordered = n.next;
            n.next = null; // unlink: a node run here may be reachable for long (a waiter, a holder)
            deferred |= runOne(n, outcome, depth);
        }
        return deferred;
    }

    private static boolean runOne(Completion node, Object outcome, int depth) {
        try {
            if (outcome instanceof Failure f) {
                return node.fire(null, f.cause, depth);
            }
            return node.fire(valueOf(outcome), null, depth);
        } catch (Throwable t) { // callbackExceptionReachesUncaughtHandler: never dropped, others still run
            Thread th = Thread.currentThread();
            th.getUncaughtExceptionHandler().uncaughtException(th, t);
            return false;
        }
    }

    private static Object valueOf(Object outcome) {
        return outcome == NIL ? null : outcome instanceof Boxed b ? b.value : outcome;
    }

    private Object volatileState() {
        return state;
    }

    private boolean casState(Object expected, Object next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** The outcome, or null while pending. */
    private Object outcome() {
        Object s = state;
        return s instanceof Completion ? null : s;
    }

    // ---- read side ---------------------------------------------------------------------------

    @Override
    public final boolean isDone() {
        return outcome() != null;
    }

    @Override
    public final boolean isSuccess() {
        Object r = outcome();
        return r != null && !(r instanceof Failure);
    }

    @Override
    public final boolean isFailed() {
        return state instanceof Failure f && !(f.cause instanceof CancellationException);
    }

    @Override
    public final boolean isCancelled() {
        return state instanceof Failure f && f.cause instanceof CancellationException;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final T resultNow() {
        Object r = outcome();
        if (r == null) {
            throw new IllegalStateException("resultNow: " + this + " is not done");
        }
        if (r instanceof Failure f) {
            throw new IllegalStateException("resultNow: " + this + " did not succeed", f.cause);
        }
        return (T) valueOf(r);
    }

    @Override
    public final Throwable exceptionNow() {
        Object r = outcome();
        if (r instanceof Failure f) {
            return f.cause;
        }
        throw new IllegalStateException("exceptionNow: " + this + (r == null ? " is not done" : " succeeded"));
    }

    @Override
    public final T await() throws InterruptedException {
        Object r = outcome();
        return report(r != null ? r : waitSlowPath(true, false, 0L));
    }

    @Override
    public final T await(Duration timeout) throws InterruptedException, TimeoutException {
        Object r = outcome();
        if (r == null) {
            r = waitSlowPath(true, true, timeout.toNanos());
            if (r == null) {
                throw new TimeoutException("await: " + this + " not done after " + timeout);
            }
        }
        return report(r);
    }

    @Override
    public final T join() {
        Object r = outcome();
        return report(r != null ? r : joinSlowPath());
    }

    private Object joinSlowPath() {
        if (Thread.currentThread() instanceof JoinHelper helper) {
            helper.helpUntilDone(this);
            return outcome();
        }
        try {
            return waitSlowPath(false, false, 0L);
        } catch (InterruptedException e) {
            throw new AssertionError("uninterruptible wait was interrupted", e);
        }
    }

    /** Parks until done; returns null only on timeout. See the overview for waiter nodes. */
    private Object waitSlowPath(boolean interruptible, boolean timed, long nanos) throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException("await: interrupted before waiting for " + this);
        }
        Waiter w = new Waiter(Thread.currentThread());
        register(w);
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean interrupted = false;
        Object r;
        try {
            while ((r = outcome()) == null) {
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0L) {
                        return null;
                    }
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException("await: interrupted while waiting for " + this);
                    }
                    interrupted = true;
                }
            }
            return r;
        } finally {
            w.thread = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private T report(Object r) {
        if (r instanceof Failure f) {
            if (f.cause instanceof CancellationException ce) {
                String reason = ce instanceof CancelledException c ? c.reason() : ce.getMessage();
                CancelledException thrown = new CancelledException(reason == null ? "cancelled" : reason);
                thrown.initCause(ce); // the thrown one has this thread's stack, the cause the canceller's
                throw thrown;
            }
            throw new TaskFailedException(f.cause);
        }
        return (T) valueOf(r);
    }

    @Override
    public final Future<T> onComplete(BiConsumer<? super T, ? super Throwable> callback) {
        if (callback == null) {
            throw new NullPointerException("onComplete: callback is null");
        }
        register(new CallbackNode(callback));
        return this;
    }

    /** Pushes {@code node}, or runs it here if already decided. Each node is registered once. */
    final void register(Completion node) {
        if (registerNested(node, 0)) {
            Trampoline.drain();
        }
    }

    /**
     * {@link #register} from a node running at {@code depth}: if decided already, runs the node at
     * that depth and returns whether it deferred work (the caller passes that up).
     */
    final boolean registerNested(Completion node, int depth) {
        for (; ; ) {
            Object s = volatileState();
            if (s != null && !(s instanceof Completion)) { // decided: run here
                return runOne(node, s, depth);
            }
            node.next = (Completion) s; // plain: published by the CAS below
            if (casState(s, node)) {
                return false;
            }
        }
    }

    /** Registers {@code node} on any future: directly on a promise, wrapped on another implementation. */
    static void listen(Future<?> future, Completion node) {
        if (future instanceof Promise<?> p) {
            p.register(node);
        } else {
            future.onComplete(node);
        }
    }

    /** {@link #listen} from a node running at {@code depth}; returns whether work was deferred. */
    static boolean listenNested(Future<?> future, Completion node, int depth) {
        if (future instanceof Promise<?> p) {
            return p.registerNested(node, depth);
        }
        future.onComplete(node); // a foreign future: its own thread and stack
        return false;
    }

    @Override
    public String toString() {
        Object r = outcome();
        String state = r == null
                ? "pending"
                : r instanceof Failure f
                        ? (isCancelled() ? "cancelled: " + f.cause.getMessage() : "failed: " + f.cause)
                        : "done";
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)) + "[" + state
                + "]";
    }

    /** A decided failure or cancellation. */
    private record Failure(Throwable cause) {}

    /** A value that is itself a node, so that {@code state} cannot mistake it for a stack. */
    private record Boxed(Object value) {}

    /**
     * A node of the callback stack that is also the callback: the derived futures and combinators of
     * this package subclass it so one allocation per registration suffices. {@code next} belongs to
     * the stack that holds the node; a node is registered on one promise only.
     */
    abstract static class Completion implements BiConsumer<Object, Throwable> {
        Completion next;

        /**
         * Runs this node for an outcome reached at {@code depth} nested propagations; a node that
         * settles another promise does so with {@link #settleNested} at {@code depth + 1} and returns
         * what that returned. Returns whether work was deferred to the trampoline.
         */
        abstract boolean fire(Object value, Throwable cause, int depth);

        /** Entry point when registered on a future that is not a Promise. */
        @Override
        public final void accept(Object value, Throwable cause) {
            if (fire(value, cause, 0)) {
                Trampoline.drain();
            }
        }
    }

    /**
     * Continues propagations that reached {@link #MAX_DEPTH} on a fresh stack: the deep frame
     * queues (promise, stack, outcome) here and returns; the outermost public call on the same
     * thread drains the queue. Only deep chains touch the thread-local.
     */
    private static final class Trampoline {
        private static final ThreadLocal<ArrayDeque<Object[]>> DEFERRED = ThreadLocal.withInitial(ArrayDeque::new);

        private Trampoline() {}

        static void defer(Promise<?> p, Completion stack, Object outcome) {
            DEFERRED.get().addLast(new Object[] {p, stack, outcome});
        }

        static void drain() {
            ArrayDeque<Object[]> q = DEFERRED.get();
            for (Object[] d; (d = q.pollFirst()) != null; ) { // nodes run here may defer more: same loop
                Object outcome = d[2];
                runAll((Completion) d[1], outcome, 0);
                if (outcome instanceof Failure f && f.cause instanceof CancellationException) {
                    ((Promise<?>) d[0]).onCancelled();
                }
            }
        }
    }

    /** A user callback given to {@link #onComplete(BiConsumer)}. */
    private static final class CallbackNode extends Completion {
        private final BiConsumer<Object, Throwable> callback;

        @SuppressWarnings("unchecked")
        CallbackNode(BiConsumer<?, ?> callback) {
            this.callback = (BiConsumer<Object, Throwable>) callback;
        }

        @Override
        boolean fire(Object value, Throwable cause, int depth) {
            callback.accept(value, cause);
            return false;
        }
    }

    /** A blocked thread, unparked on completion. */
    private static final class Waiter extends Completion {
        volatile Thread thread;

        Waiter(Thread thread) {
            this.thread = thread;
        }

        @Override
        boolean fire(Object value, Throwable failure, int depth) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
            return false;
        }
    }
}

package dev.lockstep.core;

import dev.lockstep.core.cancel.CancelledException;
import dev.lockstep.core.internal.JoinHelper;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
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
 * <p>Two shared fields, both accessed through VarHandles with the vocabulary of {@code
 * dev.lockstep.core.concurrent}:
 *
 * <ul>
 *   <li>{@code result}: {@code null} while pending, then forever one of: the value itself, {@code
 *       NIL} for a {@code null} value, or a {@code Failure} (a cancellation is a Failure whose cause
 *       is a {@link CancellationException}). It moves from null to non-null by one CAS; that CAS is
 *       the single decision point, so "first wins" and "exactly once" are the same statement.
 *   <li>{@code callbacks}: a Treiber stack of {@link Completion} nodes while pending; after
 *       completion the winner swaps in the {@code CLOSED} sentinel (getAndSet) and runs every node it
 *       took, in registration order. A registration that finds {@code CLOSED} runs its node itself.
 * </ul>
 *
 * <p>Race: a callback pushed concurrently with completion. Either its push lands before the
 * winner's getAndSet (the winner takes and runs it) or after (the pusher sees CLOSED and runs it);
 * the getAndSet and the push CAS are both volatile, so there is no third case and no callback is
 * run twice or lost ({@code callbackRegisteredDuringCompletionRunsExactlyOnce}). The winner's
 * getAndSet comes after its result CAS, so whoever runs a callback sees the result.
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
    private static final VarHandle RESULT;
    private static final VarHandle CALLBACKS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RESULT = l.findVarHandle(Promise.class, "result", Object.class);
            CALLBACKS = l.findVarHandle(Promise.class, "callbacks", Completion.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Stands for a {@code null} value in {@code result}. */
    private static final Object NIL = new Object();
    /** Marks the callback stack as drained: later registrations run at once. */
    private static final Completion CLOSED = new CallbackNode((v, e) -> {});

    @SuppressWarnings("unused") // accessed through RESULT
    private volatile Object result;

    @SuppressWarnings("unused") // accessed through CALLBACKS
    private volatile Completion callbacks;

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
        return decide(value == null ? NIL : value);
    }

    /**
     * Fails with {@code cause}; returns whether this call decided the outcome. A {@link
     * CancellationException} cause cancels (see the overview).
     */
    public final boolean fail(Throwable cause) {
        if (cause == null) {
            throw new NullPointerException("Promise.fail: cause is null");
        }
        return cause instanceof CancellationException ce ? cancelWith(ce) : decide(new Failure(cause));
    }

    @Override
    public final boolean cancel() {
        return cancel("cancelled");
    }

    @Override
    public final boolean cancel(String reason) {
        return cancelWith(new CancelledException(reason == null ? "cancelled" : reason));
    }

    /** Called once, on the cancelling thread, after this promise was cancelled and its callbacks ran. */
    protected void onCancelled() {}

    /** Cancels with this exact exception (so a derived future carries its source's). */
    final boolean cancelWith(CancellationException cause) {
        if (decide(new Failure(cause))) {
            onCancelled();
            return true;
        }
        return false;
    }

    /** Adopts an outcome in callback form: (value, null), or (null, failure or cancellation). */
    @SuppressWarnings("unchecked")
    final boolean settle(Object value, Throwable cause) {
        return cause == null ? complete((T) value) : fail(cause);
    }

    private boolean decide(Object outcome) {
        if (!RESULT.compareAndSet(this, null, outcome)) { // the single decision point: first wins
            return false;
        }
        Completion taken = (Completion) CALLBACKS.getAndSet(this, CLOSED); // later registrations run at once
        if (taken != null) {
            runAll(taken);
        }
        return true;
    }

    private void runAll(Completion top) {
        Completion ordered = null; // reverse the stack into registration order
        for (Completion n = top; n != null; ) {
            Completion next = n.next;
            n.next = ordered;
            ordered = n;
            n = next;
        }
        while (ordered != null) {
            Completion n = ordered;
            ordered = n.next;
            n.next = null; // unlink: a node run here may be reachable for long (a waiter, a holder)
            runOne(n);
        }
    }

    private void runOne(Completion node) {
        Object r = result;
        try {
            if (r instanceof Failure f) {
                node.accept(null, f.cause);
            } else {
                node.accept(r == NIL ? null : r, null);
            }
        } catch (Throwable t) { // callbackExceptionReachesUncaughtHandler: never dropped, others still run
            Thread th = Thread.currentThread();
            th.getUncaughtExceptionHandler().uncaughtException(th, t);
        }
    }

    // ---- read side ---------------------------------------------------------------------------

    @Override
    public final boolean isDone() {
        return result != null;
    }

    @Override
    public final boolean isSuccess() {
        Object r = result;
        return r != null && !(r instanceof Failure);
    }

    @Override
    public final boolean isFailed() {
        return result instanceof Failure f && !(f.cause instanceof CancellationException);
    }

    @Override
    public final boolean isCancelled() {
        return result instanceof Failure f && f.cause instanceof CancellationException;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final T resultNow() {
        Object r = result;
        if (r == null) {
            throw new IllegalStateException("resultNow: " + this + " is not done");
        }
        if (r instanceof Failure f) {
            throw new IllegalStateException("resultNow: " + this + " did not succeed", f.cause);
        }
        return r == NIL ? null : (T) r;
    }

    @Override
    public final Throwable exceptionNow() {
        Object r = result;
        if (r instanceof Failure f) {
            return f.cause;
        }
        throw new IllegalStateException("exceptionNow: " + this + (r == null ? " is not done" : " succeeded"));
    }

    @Override
    public final T await() throws InterruptedException {
        Object r = result;
        return report(r != null ? r : waitSlowPath(true, false, 0L));
    }

    @Override
    public final T await(Duration timeout) throws InterruptedException, TimeoutException {
        Object r = result;
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
        Object r = result;
        return report(r != null ? r : joinSlowPath());
    }

    private Object joinSlowPath() {
        if (Thread.currentThread() instanceof JoinHelper helper) {
            helper.helpUntilDone(this);
            return result;
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
            while ((r = result) == null) {
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
        return r == NIL ? null : (T) r;
    }

    @Override
    public final Future<T> onComplete(BiConsumer<? super T, ? super Throwable> callback) {
        if (callback == null) {
            throw new NullPointerException("onComplete: callback is null");
        }
        register(new CallbackNode(callback));
        return this;
    }

    /** Pushes {@code node}, or runs it here if already drained. Each node is registered once. */
    final void register(Completion node) {
        Completion head;
        do {
            head = (Completion) CALLBACKS.getAcquire(this);
            if (head == CLOSED) { // completed and drained: run here
                runOne(node);
                return;
            }
            node.next = head; // plain: published by the CAS below
        } while (!CALLBACKS.compareAndSet(this, head, node));
    }

    /** Registers {@code node} on any future: directly on a promise, wrapped on another implementation. */
    static void listen(Future<?> future, Completion node) {
        if (future instanceof Promise<?> p) {
            p.register(node);
        } else {
            future.onComplete(node);
        }
    }

    @Override
    public String toString() {
        Object r = result;
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

    /**
     * A node of the callback stack that is also the callback: the derived futures and combinators of
     * this package subclass it so one allocation per registration suffices. {@code next} belongs to
     * the stack that holds the node; a node is registered on one promise only.
     */
    abstract static class Completion implements BiConsumer<Object, Throwable> {
        Completion next;
    }

    /** A user callback given to {@link #onComplete(BiConsumer)}. */
    private static final class CallbackNode extends Completion {
        private final BiConsumer<Object, Throwable> callback;

        @SuppressWarnings("unchecked")
        CallbackNode(BiConsumer<?, ?> callback) {
            this.callback = (BiConsumer<Object, Throwable>) callback;
        }

        @Override
        public void accept(Object value, Throwable cause) {
            callback.accept(value, cause);
        }
    }

    /** A blocked thread, unparked on completion. */
    private static final class Waiter extends Completion {
        volatile Thread thread;

        Waiter(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void accept(Object value, Throwable failure) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}

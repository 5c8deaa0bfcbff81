package dev.lockstep.core;

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
 *   <li>{@code callbacks}: a Treiber stack of callback nodes while pending; after completion the
 *       winner swaps in the {@code CLOSED} sentinel (getAndSet) and runs every node it took, in
 *       registration order. A registration that finds {@code CLOSED} runs its callback itself.
 * </ul>
 *
 * <p>Race: a callback pushed concurrently with completion. The winner, after its result CAS, reads
 * {@code callbacks}; a registrant, after its push CAS, reads {@code result}. All four accesses are
 * volatile (a Dekker handshake), so at least one side sees the other: whoever does takes the whole
 * stack with getAndSet(CLOSED) and runs it; a second getAndSet gets CLOSED and runs nothing. So no
 * callback is run twice or lost ({@code callbackRegisteredDuringCompletionRunsExactlyOnce}), and a
 * completion with no callback registered costs one CAS, not two (the common case for engine tasks;
 * the stack then stays null instead of CLOSED). A callback registered during completion runs on the
 * completing thread or on a registering thread. Whoever runs a callback has seen the result.
 *
 * <p>Callbacks run outside any lock, on the completing thread or the registering one. A callback
 * that throws does not stop the others; its exception goes to the running thread's uncaught
 * exception handler, never silently dropped.
 *
 * <p>Blocking waiters are callbacks that unpark their thread. A timed-out waiter's node stays in
 * the stack until completion (it holds only a cleared thread reference).
 *
 * <p>Subclasses (engine tasks) may override {@link #onCancelled()} to signal running work.
 */
public class Promise<T> implements Future<T> {
    private static final VarHandle RESULT;
    private static final VarHandle CALLBACKS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RESULT = l.findVarHandle(Promise.class, "result", Object.class);
            CALLBACKS = l.findVarHandle(Promise.class, "callbacks", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Stands for a {@code null} value in {@code result}. */
    private static final Object NIL = new Object();
    /** Marks the callback stack as drained: later registrations run at once. */
    private static final Node CLOSED = new Node(null);

    @SuppressWarnings("unused") // accessed through RESULT
    private volatile Object result;

    @SuppressWarnings("unused") // accessed through CALLBACKS
    private volatile Node callbacks;

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

    // ---- write side --------------------------------------------------------------------------

    /** Completes with {@code value}; returns whether this call decided the outcome. */
    public final boolean complete(T value) {
        return decide(value == null ? NIL : value);
    }

    /** Fails with {@code cause}; returns whether this call decided the outcome. */
    public final boolean fail(Throwable cause) {
        if (cause == null) {
            throw new NullPointerException("Promise.fail: cause is null");
        }
        return decide(new Failure(cause));
    }

    @Override
    public final boolean cancel() {
        return cancel("cancelled");
    }

    @Override
    public final boolean cancel(String reason) {
        if (decide(new Failure(new CancellationException(reason)))) {
            onCancelled();
            return true;
        }
        return false;
    }

    /** Called once, on the cancelling thread, after this promise was cancelled. */
    protected void onCancelled() {}

    private boolean decide(Object outcome) {
        if (!RESULT.compareAndSet(this, null, outcome)) { // the single decision point: first wins
            return false;
        }
        if (CALLBACKS.getVolatile(this) == null) { // nobody registered yet: a registrant re-checks result
            return true;
        }
        takeAndRunCallbacks();
        return true;
    }

    /** Closes the callback stack and runs what it held, unless another thread took it first. */
    private void takeAndRunCallbacks() {
        Node taken = (Node) CALLBACKS.getAndSet(this, CLOSED); // after this, registrations run at once
        if (taken != null && taken != CLOSED) {
            runAll(taken);
        }
    }

    private void runAll(Node top) {
        Node ordered = null; // reverse the stack into registration order
        for (Node n = top; n != null; ) {
            Node next = n.next;
            n.next = ordered;
            ordered = n;
            n = next;
        }
        for (Node n = ordered; n != null; n = n.next) {
            runOne(n.callback);
        }
    }

    @SuppressWarnings("unchecked")
    private void runOne(BiConsumer<? super T, ? super Throwable> callback) {
        Object r = result;
        try {
            if (r instanceof Failure f) {
                callback.accept(null, f.cause);
            } else {
                callback.accept(r == NIL ? null : (T) r, null);
            }
        } catch (Throwable t) {
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
        Waiter w = new Waiter(Thread.currentThread());
        onComplete(w);
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
                CancellationException thrown = new CancellationException(ce.getMessage());
                thrown.initCause(ce);
                throw thrown;
            }
            throw new TaskFailedException(f.cause);
        }
        return r == NIL ? null : (T) r;
    }

    @Override
    public final Future<T> onComplete(BiConsumer<? super T, ? super Throwable> callback) {
        Node node = new Node(callback);
        Node head;
        do {
            head = (Node) CALLBACKS.getAcquire(this);
            if (head == CLOSED) { // completed and drained: run here
                runOne(callback);
                return this;
            }
            node.next = head; // plain: published by the CAS below
        } while (!CALLBACKS.compareAndSet(this, head, node));
        if (result != null) { // completed meanwhile, maybe without seeing this node: see the overview
            takeAndRunCallbacks();
        }
        return this;
    }

    @Override
    public String toString() {
        Object r = result;
        String state = r == null
                ? "pending"
                : r instanceof Failure f ? (isCancelled() ? "cancelled" : "failed: " + f.cause) : "done";
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)) + "[" + state
                + "]";
    }

    /** A decided failure or cancellation. */
    private record Failure(Throwable cause) {}

    private static final class Node {
        final BiConsumer<Object, Throwable> callback;
        Node next;

        @SuppressWarnings("unchecked")
        Node(BiConsumer<?, ?> callback) {
            this.callback = (BiConsumer<Object, Throwable>) callback;
        }
    }

    /** A blocked thread, unparked on completion. */
    private static final class Waiter implements BiConsumer<Object, Throwable> {
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

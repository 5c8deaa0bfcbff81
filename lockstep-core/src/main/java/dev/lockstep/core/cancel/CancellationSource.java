package dev.lockstep.core.cancel;

import dev.lockstep.core.internal.SharedTimer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * The write side of a cancellation: whoever holds the source may {@link #cancel(String)}; the work
 * it started gets only the {@link #token()}. Sources form trees: a source {@linkplain
 * #linkedTo(CancellationToken...) linked to} parent tokens (or made by {@link #newChild()}) is
 * cancelled, with the parent's reason, when any parent is; cancelling a child never reaches its
 * parent. {@link #cancelAfter(Duration)} cancels by itself on the shared timer. {@link #close()}
 * unlinks from the parents and drops the timer, so a long-lived parent does not keep finished
 * children alive; it does not cancel (see {@link ScopedCancellation} for a scope that does).
 *
 * <h2>Implementation overview</h2>
 *
 * <p>The token is the state. {@code reason} is {@code null} until cancellation and is set once by
 * CAS: that CAS is the single decision point, so "cancels once" and "first reason wins" are the
 * same statement, and {@link CancellationToken#isCancellationRequested()} is one volatile read.
 *
 * <p>Callbacks live in a doubly linked list guarded by the token's monitor, because unregistering
 * must remove a node in O(1) (a Treiber stack like {@code Promise}'s cannot, and lazily deleted
 * nodes would pile up on a long-lived parent). The lock is held only to link, unlink or take the
 * list; callbacks run after it is released. The canceller, after its CAS, takes the whole list and
 * marks it {@code drained} under the lock. Race of a registration with cancellation: a registration
 * that gets the lock before the canceller is taken and run by the canceller; one that gets it after
 * sees {@code drained} and runs its callback itself; so each callback runs exactly once ({@code
 * callbackRegisteredDuringCancellationRunsExactlyOnce}). An unregistration after the take finds
 * {@code drained} and reports that the callback was not removed.
 *
 * <p>The timer handle, the parent links and {@code closed} are guarded by the same monitor; timers
 * are cancelled and parents unlinked outside it (a parent's lock is never taken while a child's is
 * held, so there is no lock-order cycle).
 */
public final class CancellationSource implements AutoCloseable {
    private final State state = new State();

    /** An independent source (no parent). */
    public CancellationSource() {}

    /**
     * A source cancelled when any of {@code parents} is (with that parent's reason), or explicitly.
     * A parent already cancelled cancels the new source at once. {@link #close()} unlinks.
     */
    public static CancellationSource linkedTo(CancellationToken... parents) {
        CancellationSource child = new CancellationSource();
        CancellationToken.Registration[] links = new CancellationToken.Registration[parents.length];
        synchronized (child.state) {
            child.state.links = links; // set before linking: a cancellation during linking unlinks these
        }
        for (int i = 0; i < parents.length; i++) {
            CancellationToken parent = parents[i];
            if (parent == null) {
                throw new NullPointerException("linkedTo: parent token #" + i + " is null");
            }
            links[i] = parent.onCancel(() -> child.cancel(parent.reason()));
        }
        if (child.isCancellationRequested()) { // cancelled while linking: its unlink may have missed some
            for (CancellationToken.Registration r : links) {
                if (r != null) {
                    r.unregister();
                }
            }
        }
        return child;
    }

    /** A source linked to this one's token: cancelled when this one is. */
    public CancellationSource newChild() {
        return linkedTo(state);
    }

    /** The read side, to hand to the work this source may cancel. */
    public CancellationToken token() {
        return state;
    }

    /** Whether cancellation was requested. */
    public boolean isCancellationRequested() {
        return state.volatileReason() != null;
    }

    /** {@link #cancel(String)} with reason {@code "cancelled"}. */
    public boolean cancel() {
        return cancel("cancelled");
    }

    /**
     * Requests cancellation: runs the token's callbacks (on this thread), cancels linked children,
     * drops the timer and unlinks from the parents. Returns whether this call decided it (false if
     * the token was cancelled already, whose first reason stays).
     */
    public boolean cancel(String reason) {
        if (!state.casReason(null, reason == null ? "cancelled" : reason)) { // the single decision point
            return false;
        }
        state.drainAndRun();
        unlink();
        return true;
    }

    /**
     * Cancels with reason {@code "timed out after <delay>"} once {@code delay} has passed, on the
     * shared timer thread (no thread per source). A later call replaces the earlier deadline. A zero
     * delay cancels now. Does nothing if already cancelled.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException if this source was closed
     */
    public CancellationSource cancelAfter(Duration delay) {
        SharedTimer.checkDelay(delay, "cancelAfter");
        if (delay.isZero()) {
            checkOpen();
            cancel("timed out after " + delay);
            return this;
        }
        ScheduledFuture<?> replaced;
        synchronized (state) {
            if (state.closed) {
                throw new IllegalStateException("cancelAfter: " + this + " is closed");
            }
            if (state.volatileReason() != null) {
                return this;
            }
            replaced = state.timer;
            state.timer = SharedTimer.schedule(() -> cancel("timed out after " + delay), delay);
        }
        if (replaced != null) {
            replaced.cancel(false);
        }
        return this;
    }

    /**
     * Unlinks from the parents and drops the {@link #cancelAfter} timer. Does not cancel: an explicit
     * {@link #cancel(String)} still works. Idempotent.
     */
    @Override
    public void close() {
        synchronized (state) {
            state.closed = true;
        }
        unlink();
    }

    private void checkOpen() {
        synchronized (state) {
            if (state.closed) {
                throw new IllegalStateException("cancelAfter: " + this + " is closed");
            }
        }
    }

    /** Drops the timer and the parent links, outside the lock (see the overview). */
    private void unlink() {
        ScheduledFuture<?> timer;
        CancellationToken.Registration[] links;
        synchronized (state) {
            timer = state.timer;
            links = state.links;
            state.timer = null;
            state.links = null;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        if (links != null) {
            for (CancellationToken.Registration r : links) {
                if (r != null) {
                    r.unregister();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "CancellationSource[" + state.describe() + "]";
    }

    /** The token, and all the state of its source (see the overview). */
    private static final class State implements CancellationToken {
        private static final VarHandle REASON;

        static {
            try {
                REASON = MethodHandles.lookup().findVarHandle(State.class, "reason", String.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // accessed through REASON
        private volatile String reason;

        // Guarded by this monitor:
        private Node head;
        private Node tail;
        private boolean drained;
        private boolean closed;
        private ScheduledFuture<?> timer;
        private CancellationToken.Registration[] links;

        String volatileReason() {
            return reason;
        }

        boolean casReason(String expected, String next) {
            return REASON.compareAndSet(this, expected, next);
        }

        @Override
        public boolean isCancellationRequested() {
            return reason != null;
        }

        @Override
        public boolean canBeCancelled() {
            return true;
        }

        @Override
        public String reason() {
            return reason;
        }

        @Override
        public Registration onCancel(Runnable callback) {
            if (callback == null) {
                throw new NullPointerException("onCancel: callback is null");
            }
            if (reason == null) {
                Node n = new Node(this, callback);
                synchronized (this) {
                    if (!drained) { // the canceller has not taken the list: it will run n
                        n.prev = tail;
                        if (tail == null) {
                            head = n;
                        } else {
                            tail.next = n;
                        }
                        tail = n;
                        return n;
                    }
                }
            }
            runOne(callback); // cancelled already: run here, outside the lock
            return Registration.EMPTY;
        }

        /** Called once, by the canceller, after its CAS. */
        void drainAndRun() {
            Node n;
            synchronized (this) {
                n = head;
                head = null;
                tail = null;
                drained = true; // from now on registrations run themselves
            }
            while (n != null) {
                Node next = n.next;
                Runnable callback = n.callback;
                n.callback = null;
                n.next = null;
                n.prev = null;
                runOne(callback); // registration order, outside the lock
                n = next;
            }
        }

        synchronized boolean remove(Node n) {
            if (drained || n.callback == null) {
                return false; // ran, running, or removed before
            }
            if (n.prev == null) {
                head = n.next;
            } else {
                n.prev.next = n.next;
            }
            if (n.next == null) {
                tail = n.prev;
            } else {
                n.next.prev = n.prev;
            }
            n.prev = null;
            n.next = null;
            n.callback = null;
            return true;
        }

        private static void runOne(Runnable callback) {
            try {
                callback.run();
            } catch (Throwable t) { // never dropped, and the other callbacks still run
                Thread th = Thread.currentThread();
                th.getUncaughtExceptionHandler().uncaughtException(th, t);
            }
        }

        String describe() {
            String r = reason;
            return r == null ? "active" : "cancelled: " + r;
        }

        @Override
        public String toString() {
            return "CancellationToken[" + describe() + "]";
        }
    }

    /** A registered callback; its fields are guarded by the owning state's monitor. */
    private static final class Node implements CancellationToken.Registration {
        private final State owner;
        Runnable callback; // null once run or removed
        Node prev;
        Node next;

        Node(State owner, Runnable callback) {
            this.owner = owner;
            this.callback = callback;
        }

        @Override
        public boolean unregister() {
            return owner.remove(this);
        }
    }
}

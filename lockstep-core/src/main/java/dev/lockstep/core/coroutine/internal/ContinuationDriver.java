package dev.lockstep.core.coroutine.internal;

import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineClosedException;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import jdk.internal.vm.ScopedValueContainer;

/**
 * The CONTINUATION backend: the driver is itself a {@code jdk.internal.vm.Continuation}, so a
 * segment is one {@link Continuation#run()} on the caller's stack and a yield one {@link
 * Continuation#yield(ContinuationScope)}. All coroutines share one scope, so a yield always
 * suspends the innermost one; nesting (a body resuming another coroutine) is the JDK's own
 * parent/child chain of mounted continuations.
 *
 * <p>Single-threaded by construction: Coroutine calls {@link #runSegment()} only while it owns
 * RUNNING, and the body's yield runs on the same thread inside that call. {@code closing} is written
 * before a segment by the thread that then runs it, so it needs no ordering.
 *
 * <p>Pinning: when the JVM cannot freeze the stack (a native frame, a class initializer, a
 * JDK-internal critical section) it calls {@link #onPinned}, which throws {@link
 * dev.lockstep.core.coroutine.CoroutinePinnedException} out of the yield; this is free and
 * independent of the pin check mode. Monitors do not pin on JDK 25 (the monitor moves with the
 * continuation), so only the pin check reports them.
 *
 * <p>Thread-bound scopes: a continuation runs on its resumer's thread and the JDK does not swap
 * that thread's ScopedValue bindings or its stack of structured scopes when a continuation yields
 * (virtual threads have their own Thread object; this continuation does not). A yield inside a
 * binding the body made ({@code ScopedValue.where(..).run(..)}) or inside a StructuredTaskScope
 * it opened would leave them on the resumer's thread, so the yield compares the thread's bindings
 * snapshot with the one taken when the segment started and refuses ({@code
 * CoroutinePinnedException}, reason SCOPED_VALUE) if they differ. Always on: two loads and a
 * compare.
 *
 * <p>This is the only class that names {@code jdk.internal.vm}; see {@link Drivers}.
 */
final class ContinuationDriver extends Continuation implements CoroutineDriver {
    private static final ContinuationScope SCOPE = new ContinuationScope("lockstep-coroutine");

    static {
        Drivers.markContinuationLoaded();
    }

    private final Coroutine<?> owner;
    private final Entry<?> entry;

    /** Plain: written before a segment by the thread that runs it (see the overview). */
    private boolean closing;

    /**
     * The thread's ScopedValue bindings and scope stack when this segment started, kept as the
     * snapshot's two components (compared by identity) rather than the snapshot itself, so the
     * snapshot never escapes and the JIT scalar-replaces it: no allocation per switch. Plain,
     * same thread.
     */
    private Object segmentValueBindings;

    private ScopedValueContainer segmentContainer;

    <C> ContinuationDriver(Coroutine<C> owner, Coroutine.Body<C> body) {
        Entry<C> e = new Entry<>(owner, body);
        super(SCOPE, e);
        this.entry = e;
        this.owner = owner;
    }

    /**
     * The continuation's target: runs the body once and keeps what it threw. It calls the body
     * itself (no BodyRunner in between): one object and one frame less per coroutine.
     */
    static final class Entry<C> implements Runnable {
        /** Where the pin check stops walking: frames below belong to the resumer. */
        static final String METHOD = "run";

        private final Coroutine<C> owner;
        private final Coroutine.Body<C> body;
        private Throwable failure;

        Entry(Coroutine<C> owner, Coroutine.Body<C> body) {
            this.owner = owner;
            this.body = body;
        }

        @Override
        public void run() {
            try {
                body.run(owner);
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    @Override
    public void runSegment() {
        ScopedValueContainer.BindingsSnapshot b = ScopedValueContainer.captureBindings();
        segmentValueBindings = b.scopedValueBindings();
        segmentContainer = b.container();
        run();
    }

    @Override
    public boolean finished() {
        return isDone();
    }

    @Override
    public Throwable failure() {
        return entry.failure;
    }

    @Override
    public void requestClose() {
        closing = true;
    }

    @Override
    public boolean isContinuation() {
        return true;
    }

    /** Suspends the innermost Continuation coroutine of this thread; false if none is mounted. */
    static boolean yieldCurrent() {
        ContinuationDriver d = (ContinuationDriver) Continuation.getCurrentContinuation(SCOPE);
        if (d == null) {
            return false;
        }
        d.yieldHere();
        return true;
    }

    static Coroutine<?> currentOwner() {
        ContinuationDriver d = (ContinuationDriver) Continuation.getCurrentContinuation(SCOPE);
        return d == null ? null : d.owner;
    }

    private void yieldHere() {
        if (closing) {
            throw new CoroutineClosedException(owner.name());
        }
        if (PinCheck.ENABLED) {
            PinCheck.check(owner.name(), Entry.class, Entry.METHOD);
        }
        ScopedValueContainer.BindingsSnapshot b = ScopedValueContainer.captureBindings();
        if (b.scopedValueBindings() != segmentValueBindings || b.container() != segmentContainer) {
            throw PinCheck.openBinding(owner.name(), Entry.class, Entry.METHOD);
        }
        Continuation.yield(SCOPE);
        if (closing) { // closeUnwindsThroughFinally: the pending yield throws
            throw new CoroutineClosedException(owner.name());
        }
    }

    /** The JVM could not freeze the stack: name the cause instead of its IllegalStateException. */
    @Override
    protected void onPinned(Continuation.Pinned reason) {
        throw PinCheck.reportedByJvm(owner.name(), reason.name(), Entry.class, Entry.METHOD);
    }
}

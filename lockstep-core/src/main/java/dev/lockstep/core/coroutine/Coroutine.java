package dev.lockstep.core.coroutine;

import dev.lockstep.core.coroutine.internal.CoroutineDriver;
import dev.lockstep.core.coroutine.internal.Drivers;
import dev.lockstep.core.coroutine.internal.PinCheck;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A stackful, direct-style coroutine: a body that runs on the thread that calls {@link #resume()}
 * until it calls {@link #yield()} (anywhere down its call stack) or ends.
 *
 * <pre>{@code
 * Coroutine<Counter> co = Coroutine.create("counter", new Counter(), self -> {
 *     for (int i = 0; i < 3; i++) {
 *         self.context().value = i;   // the context is a field read, no ThreadLocal
 *         Coroutine.yield();          // suspends; the pending resume() returns SUSPENDED
 *     }
 * });
 * while (co.resume() == CoroutineState.SUSPENDED) {
 *     System.out.println(co.context().value);
 * }
 * }</pre>
 *
 * <h2>Implementation overview</h2>
 *
 * <p>A coroutine owns one state word ({@link CoroutineState} ordinals, through the VarHandle {@code
 * STATE}) and a driver, the backend's half ({@link CoroutineBackend}): a {@code
 * jdk.internal.vm.Continuation} subclass or a virtual thread with a strict handoff. The driver runs
 * one segment of the body per call and knows nothing of states; this class owns every transition.
 *
 * <ul>
 *   <li><b>Enter</b>: {@link #resume()} and {@link #close()} take NEW or SUSPENDED to RUNNING by
 *       CAS. The winner owns the coroutine until the segment ends; a loser (a second thread, or the
 *       coroutine resuming itself from inside) gets {@link IllegalStateException} naming the state
 *       ({@code resumeWhileRunningIsRefused}). {@link #close()} also takes NEW to DONE by CAS.
 *   <li><b>Leave</b>: the owner stores SUSPENDED, DONE or FAILED with a release store after the
 *       driver returned. Everything the body wrote during the segment is published by it: the next
 *       owner's CAS reads it with acquire (and on the virtual-thread backend the handoff's volatile
 *       turn word already ordered the body's writes before the owner's store).
 * </ul>
 *
 * <p>The one race is two threads entering at once; the CAS decides it. Plain fields ({@code
 * failure}, the driver's segment results) are written only by the owner of RUNNING, before its
 * release store. DONE and FAILED are final: no transition leaves them.
 *
 * <p>{@link #yield()} and {@link #current()} find the innermost running coroutine of the calling
 * thread without a ThreadLocal: on the Continuation backend through the carrier thread's mounted
 * continuation (a field), on the virtual-thread backend through a {@link ScopedValue} bound in the
 * body's own thread. A Continuation coroutine mounted on this thread is always innermost, because a
 * virtual-thread coroutine's body runs on a thread of its own, never inside another body's frames.
 *
 * <p>Pinning: yielding while holding a monitor or under a native frame throws {@link
 * CoroutinePinnedException} when the pin check is on ({@link #pinCheckEnabled()}); the
 * Continuation backend reports native frames always. See docs/core/coroutines.md.
 *
 * @param <C> the type of the context the body reads with {@link #context()}
 */
public final class Coroutine<C> implements AutoCloseable {
    /** A coroutine's code. {@code self} is the coroutine running it, for {@link #context()}. */
    @FunctionalInterface
    public interface Body<C> {
        void run(Coroutine<C> self) throws Exception;
    }

    private static final int NEW = CoroutineState.NEW.ordinal();
    private static final int SUSPENDED = CoroutineState.SUSPENDED.ordinal();
    private static final int RUNNING = CoroutineState.RUNNING.ordinal();
    private static final int DONE = CoroutineState.DONE.ordinal();
    private static final int FAILED = CoroutineState.FAILED.ordinal();

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Coroutine.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A String, or the {@code Supplier<String>} asked each time the name is needed. */
    private final Object name;

    private final C context;
    private final CoroutineDriver driver;

    /** A CoroutineState ordinal; see the overview. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** The body's exception once FAILED; plain, written by the owner before its release of FAILED. */
    private Throwable failure;

    private Coroutine(Object name, C context, CoroutineBackend backend, Body<C> body) {
        this.name = name;
        this.context = context;
        this.driver = backend == CoroutineBackend.CONTINUATION
                ? Drivers.continuation(this, body)
                : Drivers.virtualThread(this, () -> body.run(this));
    }

    /**
     * A new coroutine on the {@linkplain CoroutineBackend#defaultBackend() default backend}, in state
     * NEW; its body starts at the first {@link #resume()}.
     *
     * @param name names it in errors, traces and (virtual-thread backend) its thread
     * @param context what the body reads with {@link #context()}; may be null
     * @param body its code
     */
    public static <C> Coroutine<C> create(String name, C context, Body<C> body) {
        return create(name, context, CoroutineBackend.defaultBackend(), body);
    }

    /**
     * A new coroutine on the given backend, in state NEW.
     *
     * @throws CoroutineException if the backend cannot run in this JVM (the message names the flag)
     */
    public static <C> Coroutine<C> create(String name, C context, CoroutineBackend backend, Body<C> body) {
        Objects.requireNonNull(name, "coroutine name");
        Objects.requireNonNull(backend, "coroutine backend");
        Objects.requireNonNull(body, "coroutine body");
        backend.requireAvailable();
        PinCheck.requireValidMode();
        return new Coroutine<>(name, context, backend, body);
    }

    /**
     * As {@link #create(String, Object, CoroutineBackend, Body)}, but the name is asked of {@code
     * name} each time it is needed (errors, {@link #name()}, {@link #toString()}, the virtual
     * thread's name when the body starts) instead of being built up front: for a creator of many
     * coroutines that are rarely named, or for one coroutine that runs the code of several owners
     * in turn and names the current one. {@code name} must not return null and must not throw.
     */
    public static <C> Coroutine<C> create(Supplier<String> name, C context, CoroutineBackend backend, Body<C> body) {
        Objects.requireNonNull(name, "coroutine name");
        Objects.requireNonNull(backend, "coroutine backend");
        Objects.requireNonNull(body, "coroutine body");
        backend.requireAvailable();
        PinCheck.requireValidMode();
        return new Coroutine<>(name, context, backend, body);
    }

    // ---- the caller's side -------------------------------------------------------------------

    /**
     * Runs the body on the calling thread until it yields or ends.
     *
     * @return SUSPENDED if the body yielded, DONE if it returned
     * @throws IllegalStateException if the coroutine is RUNNING (on another thread, or this is the
     *     coroutine resuming itself), DONE or FAILED; the message names it and its state
     * @throws RuntimeException or {@link Error} the body threw (the coroutine is then FAILED); a
     *     checked exception comes wrapped in a {@link CoroutineException} naming the coroutine
     */
    public CoroutineState resume() {
        int s = acquireState();
        if ((s != NEW && s != SUSPENDED) || !casState(s, RUNNING)) { // concurrentResumesHaveExactlyOneWinner
            throw refused("resume");
        }
        driver.runSegment();
        if (!driver.finished()) {
            setReleaseState(SUSPENDED);
            return CoroutineState.SUSPENDED;
        }
        return endOfBody(false);
    }

    /**
     * Ends the coroutine. NEW: it becomes DONE without running. SUSPENDED: it is resumed once more
     * on this thread and its pending {@link #yield()} throws {@link CoroutineClosedException}, so its
     * {@code finally} blocks run; every further yield throws again, and when the body ends the
     * coroutine is DONE (also if the body swallowed the exception and returned). DONE or FAILED:
     * nothing happens.
     *
     * @throws IllegalStateException if the coroutine is RUNNING
     * @throws RuntimeException or {@link Error} an exception other than the closing one that the
     *     body threw while unwinding (the coroutine is then FAILED); checked ones wrapped as in
     *     {@link #resume()}
     */
    @Override
    public void close() {
        while (true) {
            int s = acquireState();
            if (s == DONE || s == FAILED) {
                return;
            } else if (s == RUNNING) {
                throw refused("close");
            } else if (s == NEW) {
                if (casState(NEW, DONE)) { // closedNewCoroutineNeverRuns
                    return;
                }
            } else if (casState(SUSPENDED, RUNNING)) {
                unwind();
                return;
            }
        }
    }

    private void unwind() {
        driver.requestClose();
        driver.runSegment();
        if (!driver.finished()) { // cannot happen: a closing coroutine's yields throw
            setReleaseState(SUSPENDED);
            throw new IllegalStateException("coroutine '" + name() + "' suspended again while being closed");
        }
        endOfBody(true);
    }

    /** The owner's last transition: DONE, or FAILED and rethrow. */
    private CoroutineState endOfBody(boolean closing) {
        Throwable t = driver.failure();
        if (t == null || (closing && t instanceof CoroutineClosedException)) {
            setReleaseState(DONE);
            return CoroutineState.DONE;
        }
        failure = t;
        setReleaseState(FAILED);
        throw rethrow(t);
    }

    private RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new CoroutineException("coroutine '" + name() + "' failed: " + t, t);
    }

    private IllegalStateException refused(String what) {
        CoroutineState s = state();
        String why = s == CoroutineState.RUNNING
                ? " (on another thread, or from inside itself)"
                : s == CoroutineState.DONE || s == CoroutineState.FAILED ? " (it has ended)" : " (lost a race)";
        return new IllegalStateException("cannot " + what + " coroutine '" + name() + "': it is " + s + why);
    }

    // ---- the body's side ---------------------------------------------------------------------

    /**
     * Suspends the innermost coroutine running on this thread: its pending {@link #resume()}
     * returns SUSPENDED, and this call returns when it is resumed (on whatever thread). Call it as
     * {@code Coroutine.yield()}.
     *
     * @throws IllegalStateException outside any coroutine
     * @throws CoroutinePinnedException if the coroutine holds a monitor or is under a native frame
     *     (see the class overview); the coroutine goes on running
     * @throws CoroutineClosedException if the coroutine is being closed
     */
    public static void yield() {
        if (!Drivers.yieldCurrent()) {
            throw new IllegalStateException(
                    "Coroutine.yield() called outside any coroutine (thread " + Thread.currentThread() + ")");
        }
    }

    /** The innermost coroutine running on this thread, or null outside any. */
    public static Coroutine<?> current() {
        return Drivers.currentOwner();
    }

    /**
     * Whether {@link #yield()} checks for monitors and native frames (system property {@value
     * PinCheck#PROPERTY}: {@code auto}, the default, checks when Java assertions are enabled for
     * this package; {@code always}; {@code never}).
     */
    public static boolean pinCheckEnabled() {
        return PinCheck.ENABLED;
    }

    // ---- accessors ---------------------------------------------------------------------------

    /** Its name, as given to {@link #create} (asked of the supplier now, if it was given one). */
    @SuppressWarnings("unchecked") // the constructor takes only a String or a Supplier<String>
    public String name() {
        Object n = name;
        return n instanceof String s ? s : ((Supplier<String>) n).get();
    }

    /** Its context, as given to {@link #create}: a field read. */
    public C context() {
        return context;
    }

    /** Its state now (a volatile read; another thread may change it next). */
    public CoroutineState state() {
        return CoroutineState.of(acquireState());
    }

    /** Its backend. */
    public CoroutineBackend backend() {
        return driver.isContinuation() ? CoroutineBackend.CONTINUATION : CoroutineBackend.VIRTUAL_THREAD;
    }

    /** What its body threw, once FAILED; null otherwise. */
    public Throwable failure() {
        return acquireState() == FAILED ? failure : null;
    }

    @Override
    public String toString() {
        return "Coroutine[" + name() + ", " + state() + ", " + backend() + "]";
    }

    // ---- state accessors (vocabulary of dev.lockstep.core.concurrent) ----------------------------

    private int acquireState() {
        return (int) STATE.getAcquire(this);
    }

    private boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    private void setReleaseState(int next) {
        STATE.setRelease(this, next);
    }
}

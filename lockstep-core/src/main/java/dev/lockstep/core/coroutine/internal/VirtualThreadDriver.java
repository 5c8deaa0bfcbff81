package dev.lockstep.core.coroutine.internal;

import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineClosedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The VIRTUAL_THREAD backend: the body runs on a virtual thread of its own, started by the first
 * segment, and control passes between that thread and whichever thread resumes with a strict
 * handoff.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>One shared word, {@code turn} (BODY or RESUMER, volatile through the VarHandle {@code TURN}),
 * says which side may run user code. Each side hands over with a volatile store of the other's turn
 * and an unpark of the other's thread, then waits for its own turn: a bounded spin ({@link
 * #RESUMER_SPINS} or {@link #BODY_SPINS} reads) and then park until it reads its turn. Exactly one
 * side is past its wait at any time ({@code exactlyOneSideRunsAtATime}): a side only leaves its
 * wait on reading its own turn, and only the other side stores it, as its last act before waiting.
 *
 * <p>The plain fields are published by that word: {@code resumer} and {@code closing} are written
 * by the resumer before its store of BODY and read by the body after reading BODY; {@code failure}
 * and {@code finished} are written by the body before its store of RESUMER and read after reading
 * RESUMER. {@code thread} is written before the thread starts (start orders it). The body reads
 * {@code resumer} before storing RESUMER, because the moment it stores, another resume may replace
 * it; an unpark that reaches a former resumer is a spurious wake-up, which every wait tolerates by
 * looping on the turn.
 *
 * <p>Waits are not interruptible: an interrupt is remembered, cleared so that park keeps parking,
 * and set again once the turn arrives.
 *
 * <p>Leaks: a coroutine abandoned while SUSPENDED keeps its virtual thread parked, and the JDK keeps
 * every virtual thread reachable by default ({@code jdk.trackAllThreads}); its frames hold the
 * coroutine, so no Cleaner can see it become unreachable. {@link Coroutine#close()} ends it.
 */
final class VirtualThreadDriver implements CoroutineDriver {
    /** The coroutine whose body runs on this thread; bound for the whole body. */
    private static final ScopedValue<VirtualThreadDriver> CURRENT = ScopedValue.newInstance();

    private static final int BODY = 0;
    private static final int RESUMER = 1;

    /**
     * Turn reads before the resumer parks: a segment that yields within them costs no park and no
     * unpark of a parked platform thread. Spinning needs a second core; see docs/core/coroutines.md
     * for the measurement behind the numbers.
     */
    static final int RESUMER_SPINS = spins("lockstep.coroutine.vtResumerSpins", 1024);

    /**
     * Turn reads before the body parks after a yield. Smaller: the body usually waits a whole
     * scheduling round (an instant, an I/O completion) for its next resume.
     */
    static final int BODY_SPINS = spins("lockstep.coroutine.vtBodySpins", 64);

    private static int spins(String property, int dflt) {
        return Runtime.getRuntime().availableProcessors() > 1 ? Integer.getInteger(property, dflt) : 0;
    }

    /** Where the pin check stops walking (the virtual thread's first frame of ours). */
    static final String ENTRY_METHOD = "bodyMain";

    private static final VarHandle TURN;

    static {
        try {
            TURN = MethodHandles.lookup().findVarHandle(VirtualThreadDriver.class, "turn", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Coroutine<?> owner;
    private final BodyRunner body;

    /** The body's thread; null until the first segment. Written by the resumer before start. */
    private Thread thread;

    /** BODY or RESUMER; see the overview. */
    @SuppressWarnings("unused") // accessed through TURN
    private volatile int turn = RESUMER;

    private Thread resumer; // plain: resumer → body, published by the store of BODY
    private boolean closing; // plain: resumer → body, published by the store of BODY
    private Throwable failure; // plain: body → resumer, published by the store of RESUMER
    private boolean finished; // plain: body → resumer, published by the store of RESUMER

    VirtualThreadDriver(Coroutine<?> owner, BodyRunner body) {
        this.owner = owner;
        this.body = body;
    }

    // ---- resumer side ------------------------------------------------------------------------

    @Override
    public void runSegment() {
        resumer = Thread.currentThread();
        Thread t = thread;
        if (t == null) {
            t = Thread.ofVirtual().name(owner.name()).unstarted(this::bodyMain);
            thread = t;
            setVolatileTurn(BODY);
            t.start();
        } else {
            setVolatileTurn(BODY); // the handoff: from here the body runs
            LockSupport.unpark(t);
        }
        awaitTurn(RESUMER, RESUMER_SPINS);
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void requestClose() {
        closing = true;
    }

    @Override
    public boolean isContinuation() {
        return false;
    }

    // ---- body side ---------------------------------------------------------------------------

    /** The virtual thread's code: the body with CURRENT bound, then the last handoff. */
    private void bodyMain() {
        try {
            ScopedValue.where(CURRENT, this).call(() -> {
                body.run();
                return null;
            });
        } catch (Throwable t) {
            failure = t;
        }
        finished = true;
        Thread r = resumer;
        setVolatileTurn(RESUMER); // the body's last act: its thread ends without touching this again
        LockSupport.unpark(r);
    }

    /** Suspends this thread's coroutine; false if this thread is not a coroutine body. */
    static boolean yieldCurrent() {
        VirtualThreadDriver d = current();
        if (d == null) {
            return false;
        }
        d.yieldHere();
        return true;
    }

    static Coroutine<?> currentOwner() {
        VirtualThreadDriver d = current();
        return d == null ? null : d.owner;
    }

    private static VirtualThreadDriver current() {
        if (!CURRENT.isBound()) {
            return null;
        }
        VirtualThreadDriver d = CURRENT.get();
        // a thread that inherited the binding (a structured fork) is not the body
        return d.thread == Thread.currentThread() ? d : null;
    }

    private void yieldHere() {
        if (closing) {
            throw new CoroutineClosedException(owner.name());
        }
        if (PinCheck.ENABLED) {
            PinCheck.check(owner.name(), VirtualThreadDriver.class, ENTRY_METHOD);
        }
        Thread r = resumer; // read before the store: see the overview
        setVolatileTurn(RESUMER);
        LockSupport.unpark(r);
        awaitTurn(BODY, BODY_SPINS);
        if (closing) { // closeUnwindsThroughFinally: the pending yield throws
            throw new CoroutineClosedException(owner.name());
        }
    }

    // ---- the handoff -------------------------------------------------------------------------

    private void awaitTurn(int mine, int spins) {
        for (int i = spins; i > 0; i--) {
            if (volatileTurn() == mine) {
                return;
            }
            Thread.onSpinWait();
        }
        awaitTurnSlowPath(mine);
    }

    private void awaitTurnSlowPath(int mine) {
        boolean interrupted = false;
        while (volatileTurn() != mine) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private int volatileTurn() {
        return (int) TURN.getVolatile(this);
    }

    private void setVolatileTurn(int next) {
        TURN.setVolatile(this, next);
    }
}

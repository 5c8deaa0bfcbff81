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
 * and an unpark of the other's thread, then waits for its own turn: a bounded spin (its spin
 * budget of turn reads) and then park until it reads its turn. Exactly one side is past its wait at
 * any time ({@code exactlyOneSideRunsAtATime}): a side only leaves its wait on reading its own
 * turn, and only the other side stores it, as its last act before waiting.
 *
 * <p>The plain fields are published by that word: {@code resumer} and {@code closing} are written
 * by the resumer before its store of BODY and read by the body after reading BODY; {@code failure}
 * and {@code finished} are written by the body before its store of RESUMER and read after reading
 * RESUMER. {@code thread} is written before the thread starts (start orders it). The body reads
 * {@code resumer} before storing RESUMER, because the moment it stores, another resume may replace
 * it; an unpark that reaches a former resumer is a spurious wake-up, which every wait tolerates by
 * looping on the turn.
 *
 * <p>Spinning is adaptive, per side and per coroutine, because a switch that parks costs a wake-up
 * of the other thread (a virtual thread to schedule on a carrier, or a platform thread to wake),
 * tens of microseconds on a loaded machine, where a spin that sees the turn costs about a hundred
 * nanoseconds. A wait that had to park and then ended within {@link #SHORT_WAIT_NANOS} doubles that
 * side's budget (up to {@link #MAX_SPINS}); a longer one halves it (down to {@code MIN_SPINS}). So
 * a resumer whose coroutine yields quickly, and a body resumed again quickly, spin; a body that
 * waits a whole I/O completion for its next resume soon spins only a few reads. Fixed budgets were
 * measured first: with the resumer's budget below a virtual thread's wake-up time under load, both
 * sides settle into parking on every switch and stay there (24 us a switch in a quick run, against
 * 90 ns when spinning).
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
     * Upper bound of a side's spin (turn reads before parking); 0 disables spinning, as on a
     * single core, where the other side cannot run while this one spins.
     */
    static final int MAX_SPINS = Runtime.getRuntime().availableProcessors() > 1
            ? Integer.getInteger("lockstep.coroutine.vtMaxSpins", 4096)
            : 0;

    private static final int MIN_SPINS = Math.min(16, MAX_SPINS);

    /** A wait that ended within this long after parking would have been cheaper spun. */
    private static final long SHORT_WAIT_NANOS = 50_000;

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

    /**
     * Adaptive spin budgets (see the overview). Plain: {@code resumerSpins} is used by one resumer
     * at a time (successive resumers are ordered by the coroutine's state CAS), {@code bodySpins}
     * by the body's thread only.
     */
    private int resumerSpins = Math.min(1024, MAX_SPINS);

    private int bodySpins = Math.min(64, MAX_SPINS);

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
        resumerSpins = awaitTurn(RESUMER, resumerSpins);
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
        bodySpins = awaitTurn(BODY, bodySpins);
        if (closing) { // closeUnwindsThroughFinally: the pending yield throws
            throw new CoroutineClosedException(owner.name());
        }
    }

    // ---- the handoff -------------------------------------------------------------------------

    /** Waits for this side's turn; returns the spin budget for its next wait. */
    private int awaitTurn(int mine, int spins) {
        for (int i = spins; i > 0; i--) {
            if (volatileTurn() == mine) {
                return spins;
            }
            Thread.onSpinWait();
        }
        return awaitTurnSlowPath(mine, spins);
    }

    private int awaitTurnSlowPath(int mine, int spins) {
        long parkedAt = System.nanoTime();
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
        boolean shortWait = System.nanoTime() - parkedAt < SHORT_WAIT_NANOS;
        return shortWait ? Math.min(Math.max(spins * 2, MIN_SPINS), MAX_SPINS) : Math.max(spins / 2, MIN_SPINS);
    }

    private int volatileTurn() {
        return (int) TURN.getVolatile(this);
    }

    private void setVolatileTurn(int next) {
        TURN.setVolatile(this, next);
    }
}

package dev.lockstep.flow.internal;

import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.limit.InFlightLimiter;
import dev.lockstep.flow.limit.LoadShedder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's backpressure: the bounds every request of one runtime shares (see the Backpressure
 * section of docs/flow-pipeline.md).
 *
 * <ul>
 *   <li><b>Effect queue</b>: effect attempts started and not yet finished (an attempt leaves when
 *       its future completes: a value, a failure, a timeout or a cancellation, which completes the
 *       future). At most {@code effectBound}; the attempt that would pass it is refused.
 *   <li><b>Per-target caps</b>: the same attempts per {@code Effect.target()} ({@link
 *       InFlightLimiter}); effects with an empty target are not capped per target.
 *   <li><b>Compute queue</b>: compute attempts submitted to their engine and not yet started there
 *       ({@link ComputeOp}); at most {@code computeBound}.
 *   <li><b>Continuation queue</b>: continuations of requests handed off and not yet run (a timer
 *       callback given to the executor; an effect's completion posted while another thread runs
 *       the request); at most {@code continuationBound}.
 * </ul>
 *
 * <p>Invariant: each counter is the number of entries not yet left, and an entry that may be
 * refused never makes it pass its bound: the increment is a CAS on the value the bound was checked
 * against ({@link #enter}), as in {@link InFlightLimiter} ({@code concurrentAcquirersNeverOvershootTheCap}).
 * Entries that must not be refused (compensations' continuations) are counted without the check,
 * so the counter can pass the bound by those only. Fast path: one CAS to enter, one decrement to
 * leave (two of each with a target).
 */
public final class Admission {
    private final int effectBound;
    private final int continuationBound;
    private final int computeBound;
    private final InFlightLimiter targets;
    private final LoadShedder shedder;
    private final AtomicInteger effects = new AtomicInteger();
    private final AtomicInteger continuations = new AtomicInteger();
    private final AtomicInteger compute = new AtomicInteger();

    public Admission(int effectBound, int continuationBound, int computeBound, int perTarget, LoadShedder shedder) {
        this.effectBound = positive("effect queue", effectBound);
        this.continuationBound = positive("continuation queue", continuationBound);
        this.computeBound = positive("compute queue", computeBound);
        this.targets = new InFlightLimiter(perTarget);
        this.shedder = shedder;
    }

    private static int positive(String what, int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("the " + what + " bound must be at least 1, got " + bound);
        }
        return bound;
    }

    private static boolean enter(AtomicInteger counter, int bound) {
        while (true) {
            int n = counter.get();
            if (n >= bound) {
                return false;
            }
            if (counter.compareAndSet(n, n + 1)) { // CAS on the value the bound was checked against
                return true;
            }
        }
    }

    /**
     * Admits one attempt of effect {@code effect} on {@code target}: null when admitted (the caller
     * must call {@link #leaveEffect} exactly once when the attempt ends), else the refusal's
     * outcome text (for the trace; nothing to leave).
     */
    String enterEffect(String target) {
        if (!enter(effects, effectBound)) {
            return "effect queue full (" + effectBound + ")";
        }
        if (!target.isEmpty() && !targets.tryAcquire(target)) {
            effects.decrementAndGet();
            return "target " + target + " at its in-flight cap (" + targets.cap() + ")";
        }
        return null;
    }

    void leaveEffect(String target) {
        if (!target.isEmpty()) {
            targets.release(target);
        }
        effects.decrementAndGet();
    }

    /** Counts one compute task waiting for its engine; false (not counted) when the queue is full. */
    boolean enterCompute() {
        return enter(compute, computeBound);
    }

    void leaveCompute() {
        compute.decrementAndGet();
    }

    String computeFull() {
        return "compute queue full (" + computeBound + ")";
    }

    /** Counts one waiting continuation; false (not counted) when the queue is full and it may be refused. */
    boolean enterContinuation(boolean mayRefuse) {
        if (mayRefuse) {
            return enter(continuations, continuationBound);
        }
        continuations.incrementAndGet();
        return true;
    }

    void leaveContinuation() {
        continuations.decrementAndGet();
    }

    String continuationFull() {
        return "continuation queue full (" + continuationBound + ")";
    }

    /** The load shedder the runtime's measured queue waits feed. */
    public LoadShedder shedder() {
        return shedder;
    }

    /** Effect attempts in flight now. */
    public int effectsInFlight() {
        return effects.get();
    }

    /** Continuations waiting now. */
    public int continuationsWaiting() {
        return continuations.get();
    }

    /** Compute tasks waiting for their engine now. */
    public int computeWaiting() {
        return compute.get();
    }

    /** Attempts in flight on {@code target} now. */
    public int inFlight(String target) {
        return targets.inFlight(target);
    }

    /** Targets with attempts in flight (a leak of permits would keep them). */
    public int targetsInFlight() {
        return targets.targets();
    }

    /** The 429 an effect refused admission fails with. */
    static FlowError refusal(String effect, String why) {
        return new FlowError(429, why, effect);
    }
}

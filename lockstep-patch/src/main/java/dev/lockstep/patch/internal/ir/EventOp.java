package dev.lockstep.patch.internal.ir;

/**
 * An event operation: fills {@code out} (already cleared) from its event arguments and signal
 * values. Returns false when {@code out} overflowed, which the step turns into a runtime error.
 */
public interface EventOp extends Op {
    boolean eval(EventBuffer out, EventBuffer[] in, double[] s, int[] sin, double[] k);
}

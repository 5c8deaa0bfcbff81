package dev.lockstep.patch.internal.ir;

/**
 * A signal operation: reads its arguments from the signal bank at {@code in[i]} (each argument's
 * offset) and writes its result at {@code out} (stride values). Pure: no state, no allocation.
 */
public interface SigOp extends Op {
    void eval(double[] s, int out, int[] in, double[] k);
}

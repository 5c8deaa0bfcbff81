package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.Consts;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.ir.Node;
import dev.lockstep.patch.internal.ir.SigOp;
import java.util.List;

/**
 * Compile-time evaluation of constant signal nodes (domain counts and sizes, which are loop bounds),
 * and conversion of JSON constants to doubles.
 */
public final class ConstEval {
    private ConstEval() {}

    /** Component 0 of a non-varying signal node. */
    public static double scalar(IrBuilder b, int node) {
        return vector(b, node)[0];
    }

    /** All components of a non-varying signal node, evaluated through its ops. */
    public static double[] vector(IrBuilder b, int node) {
        Node n = b.node(node);
        if (n.varying || n.kind != Node.Kind.SIGNAL) {
            throw new IllegalArgumentException("not a constant signal: " + n);
        }
        if (n.op == Consts.SIG_CONST) {
            return n.k.clone();
        }
        int total = 0;
        double[][] args = new double[n.args.length][];
        for (int i = 0; i < n.args.length; i++) {
            args[i] = vector(b, n.args[i]);
            total += args[i].length;
        }
        double[] bank = new double[total + n.stride];
        int[] in = new int[n.args.length];
        int off = 0;
        for (int i = 0; i < args.length; i++) {
            in[i] = off;
            System.arraycopy(args[i], 0, bank, off, args[i].length);
            off += args[i].length;
        }
        ((SigOp) n.op).eval(bank, off, in, n.k);
        double[] out = new double[n.stride];
        System.arraycopy(bank, off, out, 0, n.stride);
        return out;
    }

    /** A JSON constant (number, boolean, list of numbers) as doubles, or null. */
    public static double[] values(Object v) {
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof Boolean bo) {
            return new double[] {bo ? 1 : 0};
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    return null;
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        return null;
    }
}
